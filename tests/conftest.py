"""Named personas and entries, shared by every test module.

Ministry A (finances) has an editor, a ministry admin and an agency's staff member; ministry B
(health) has another editor. The central unit has a reviewer and a central admin.
"""

import datetime
import importlib
import json
import os
import re
import select
import shutil
import socket
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import ExternalAgency, Membership, Ministry, Service, User
from accounts.roles import CENTRAL_ADMINS, REVIEWERS
from registry.models import Answer, ChecklistItem, ReviewEvent, SocialAccount, Status

PASSWORD = "correct horse battery staple 42"


# The statuses no public page, API answer, feed or file may show, written out by hand.
NON_PUBLIC = [
    Status.DRAFT,
    Status.SUBMITTED,
    Status.CHANGES_REQUESTED,
    Status.REJECTED,
    Status.WITHDRAWN,
]


def content_of(response) -> bytes:
    """The whole body, of a plain or a streamed response (the open-data files are streamed)."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing costs ~0.3 s a user; these tests are about the register, not the hash."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # to check users made outside a test
    ]


@pytest.fixture(autouse=True)
def english(request):
    """Tests read as English: messages and reversed URLs in English (/en/…). The French
    default and the other languages are tested where a test asks for them explicitly."""
    from django.utils import translation

    with translation.override("en"):
        yield


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & fixtures
    )


def on_sqlite() -> bool:
    """The suite runs on SQLite (`make test-sqlite`), as `make run` serves the register."""
    from django.conf import settings

    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def missing_tool(message: str) -> None:
    """A tool a test needs is missing (`message` names the step that installs it): under
    `CI=true` the test fails, since CI must run everything; elsewhere it is skipped with that
    reason, which the summary prints (`-ra`)."""
    if in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Transactional tests flush the database, data migrations' rows included: run them after
    the others, as Django does, whatever order another plugin left. On SQLite, a test about a
    PostgreSQL-only behaviour (`@pytest.mark.postgres_only(reason=...)`) is skipped with why."""
    items.sort(key=_is_transactional)
    if not on_sqlite():
        return
    for item in items:
        marker = item.get_closest_marker("postgres_only")
        if marker:
            why = marker.kwargs.get("reason") or (marker.args[0] if marker.args else "")
            item.add_marker(pytest.mark.skip(reason=f"PostgreSQL only: {why}"))


@pytest.fixture(autouse=True)
def reference_data(request):
    """Tests with `transaction=True` start on a flushed database: put back what migrations made
    (the central unit's groups, the guide's checklist), as a fresh deployment has them."""
    if not _is_transactional(request.node):
        return
    request.getfixturevalue("transactional_db")
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("serialized_rollback"):
        return  # the migrations' rows were put back, with their keys, from the serialized copy
    from django.apps import apps

    from accounts.roles import sync_central_groups

    sync_central_groups()
    importlib.import_module("registry.migrations.0002_seed_checklist").seed(apps, None)
    lb = importlib.import_module("registry.migrations.0015_checklist_in_luxembourgish")
    lb.in_luxembourgish(apps, None)


def make_user(email: str, name: str, **extra) -> User:
    """A person who reads English (tests read as English); e-mails follow each reader's language."""
    extra.setdefault("language", "en")
    return User.objects.create_user(email=email, password=PASSWORD, full_name=name, **extra)


@pytest.fixture
def ministry_a(db) -> Ministry:
    return Ministry.objects.create(
        name_fr="Ministère des Finances",
        name_de="Finanzministerium",
        name_en="Ministry of Finance",
        short_name="MFIN",
        slug="finances",
        website="https://mfin.example.org",
    )


@pytest.fixture
def ministry_b(db) -> Ministry:
    return Ministry.objects.create(
        name_fr="Ministère de la Santé",
        name_de="Gesundheitsministerium",
        name_en="Ministry of Health",
        short_name="MSAN",
        slug="sante",
        website="https://msan.example.org",
        language="de",
    )


@pytest.fixture
def service_a(ministry_a) -> Service:
    return Service.objects.create(
        ministry=ministry_a,
        kind=Service.Kind.ADMINISTRATION,
        slug="contributions",
        name_fr="Administration des contributions directes",
        name_de="Steuerverwaltung",
        name_en="Inland Revenue",
    )


@pytest.fixture
def communication_a(ministry_a) -> Service:
    """A second service of ministry A, its communication team."""
    return Service.objects.create(
        ministry=ministry_a,
        kind=Service.Kind.COMMUNICATION,
        slug="mfin-comm",
        name_fr="Communication (Finances)",
        name_de="Kommunikation (Finanzen)",
        name_en="Communication (Finance)",
    )


@pytest.fixture
def service_b(ministry_b) -> Service:
    return Service.objects.create(
        ministry=ministry_b,
        kind=Service.Kind.COMMUNICATION,
        slug="sante-communication",
        name_fr="Service communication (Santé)",
        name_de="Kommunikation (Gesundheit)",
        name_en="Communication (Health)",
    )


@pytest.fixture
def agency(db) -> ExternalAgency:
    return ExternalAgency.objects.create(
        name="Agence Lumière",
        contact_email="contact@lumiere.example",
        website="https://lumiere.example",
    )


@pytest.fixture
def editor(ministry_a) -> User:
    user = make_user("alice@mfin.example.org", "Alice Editor")
    Membership.objects.create(user=user, ministry=ministry_a, role=Membership.Role.EDITOR)
    return user


@pytest.fixture
def other_editor(ministry_b) -> User:
    user = make_user("bob@msan.example.org", "Bob Othereditor")
    Membership.objects.create(user=user, ministry=ministry_b, role=Membership.Role.EDITOR)
    return user


@pytest.fixture
def agency_user(ministry_a, agency) -> User:
    user = make_user("carla@lumiere.example", "Carla Agency")
    Membership.objects.create(
        user=user, ministry=ministry_a, role=Membership.Role.EDITOR, agency=agency
    )
    return user


@pytest.fixture
def ministry_admin(ministry_a) -> User:
    user = make_user("dora@mfin.example.org", "Dora Ministryadmin")
    Membership.objects.create(user=user, ministry=ministry_a, role=Membership.Role.MINISTRY_ADMIN)
    return user


@pytest.fixture
def reviewer(db) -> User:
    user = make_user("rita@sip.example", "Rita Reviewer")
    user.groups.add(Group.objects.get(name=REVIEWERS))
    return user


@pytest.fixture
def other_reviewer(db) -> User:
    user = make_user("raoul@sip.example", "Raoul Reviewer")
    user.groups.add(Group.objects.get(name=REVIEWERS))
    return user


@pytest.fixture
def member_reviewer(ministry_a) -> User:
    """A reviewer who is also an editor of ministry A: there, a member and not a reviewer."""
    user = make_user("mira@mfin.example.org", "Mira Memberreviewer")
    user.groups.add(Group.objects.get(name=REVIEWERS))
    Membership.objects.create(user=user, ministry=ministry_a, role=Membership.Role.EDITOR)
    return user


@pytest.fixture
def central_admin(db) -> User:
    user = make_user("carl@sip.example", "Carl Centraladmin", is_staff=True)
    user.groups.add(Group.objects.get(name=CENTRAL_ADMINS))
    return user


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser(
        email="sam@sip.example", password=PASSWORD, full_name="Sam Superuser"
    )


def answers_for(who: str, answer: str = Answer.MEETS) -> list[dict]:
    """Every active checklist item of `who` ("ministry" or "reviewer") answered the same way."""
    items = (
        ChecklistItem.objects.for_reviewer()
        if who == "reviewer"
        else ChecklistItem.objects.for_ministry()
    )
    return [{"code": item.code, "answer": answer, "note": ""} for item in items]


_counter = {"n": 0}


@pytest.fixture
def make_entry(service_a, editor):
    """Create an entry in any status directly (the workflow's own tests drive real moves)."""

    def make(status: str = Status.DRAFT, *, service=None, handle=None, **fields) -> SocialAccount:
        _counter["n"] += 1
        handle = handle or f"gouvtest{_counter['n']}"
        now = timezone.now()
        defaults = {
            "platform": SocialAccount.Platform.X,
            "url": f"https://x.com/{handle}",
            "display_name": f"Test account {_counter['n']}",
            "team_name": "Cellule communication",
            "team_email": "communication@mfin.example.org",
            "languages": ["fr", "lb"],
            "purpose": "Informer le public des démarches fiscales.",
            "created_by": editor,
        }
        if status in (Status.VERIFIED, Status.SUSPENDED, Status.CLOSED):
            defaults |= {
                "verified_at": now,
                "last_confirmed_at": now,
                "next_review_due": timezone.localdate() + datetime.timedelta(days=365),
            }
        if status != Status.DRAFT:
            defaults["submitted_at"] = now
        if status == Status.CLOSED:
            defaults["closed_at"] = now
        defaults.update(fields)
        entry = SocialAccount.objects.create(
            status=status, service=service or service_a, handle=handle, **defaults
        )
        ReviewEvent.objects.create(entry=entry, actor=editor, move="create", to_status=status)
        return entry

    return make


@pytest.fixture
def draft_entry(make_entry) -> SocialAccount:
    return make_entry(Status.DRAFT)


@pytest.fixture
def submitted_entry(make_entry) -> SocialAccount:
    return make_entry(Status.SUBMITTED)


@pytest.fixture
def verified_entry(make_entry) -> SocialAccount:
    return make_entry(Status.VERIFIED)


@pytest.fixture
def closed_entry(make_entry) -> SocialAccount:
    return make_entry(Status.CLOSED)


@pytest.fixture
def suspended_entry(make_entry) -> SocialAccount:
    return make_entry(Status.SUSPENDED, public_notice="Ce compte a été piraté.")


@pytest.fixture
def other_ministry_entry(make_entry, service_b, other_editor) -> SocialAccount:
    return make_entry(
        Status.VERIFIED,
        service=service_b,
        created_by=other_editor,
        team_email="communication@msan.example.org",
    )


# --- Workspace (issue 5): the register form as a ministry fills it in ---------------------------


@pytest.fixture
def register_form(service_a):
    """POST data of the register form, every self-assessment question answered "meets"."""

    def build(**overrides) -> dict:
        data = {
            "link": "https://x.com/gouvlu",
            "display_name": "Gouvernement du Luxembourg",
            "kind": SocialAccount.Kind.INSTITUTIONAL,
            "service": service_a.pk,
            "team_name": "Cellule communication",
            "team_email": "communication@mfin.example.org",
            "languages": ["lb", "fr"],
            "purpose": "Informer le public.",
            "action": "draft",
        }
        for answer in answers_for("ministry"):
            data[f"answer_{answer['code']}"] = answer["answer"]
        data.update(overrides)
        return {key: value for key, value in data.items() if value is not None}

    return build


# --- perf (caching) --------------------------------------------------------------------------
# Fixtures create entries with the ORM, not through the workflow, so nothing raises the register
# version: each test starts with empty caches and a process that has read no version yet.


def everything_changed() -> int:
    """A register-wide change, committed here (this process reads the new version at once)."""
    from django.db import transaction

    from registry.freshness import clock
    from registry.public_changes import register_changed

    with transaction.atomic():
        number = register_changed()
    clock.forget()
    return number


@pytest.fixture
def version_confirmed(settings, db):
    """The register's version read and confirmed for the whole test: what a test counts is the
    answer's own queries (tests/test_freshness_bound.py counts the version's)."""
    from registry.freshness.kept import register_version

    settings.REGISTER_FRESHNESS_SECONDS = 3600
    return register_version()


@pytest.fixture(autouse=True)
def fresh_public_cache():
    """Every test starts with empty caches (the throttle's counters, the answers) and a
    register clock that knows nothing (its first read starts it afresh)."""
    from django.core.cache import cache

    from registry.freshness import clock
    from registry.freshness.kept import answers

    cache.clear()
    answers().clear()
    clock.reset(None)


@pytest.fixture(scope="session")
def log_key_pem() -> str:
    """The public log's signing key for the test run (settings.TRANSPARENCY_SIGNING_KEY)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return (
        Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )


@pytest.fixture(autouse=True)
def log_key(settings, log_key_pem) -> str:
    """Every test signs the log and the offline list with the run's key."""
    settings.TRANSPARENCY_SIGNING_KEY = log_key_pem
    settings.TRANSPARENCY_ORIGIN = "registry.test/transparency"
    return log_key_pem


@pytest.fixture(autouse=True)
def open_data_dir(settings, tmp_path):
    """The open-data files a test's job writes go to a directory of its own."""
    settings.OPEN_DATA_DIR = tmp_path / "open-data"
    return settings.OPEN_DATA_DIR


@pytest.fixture
def closed_port() -> int:
    """A port on loopback where nothing listens (bound by the system, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


REDIS_MISSING = (
    "no Redis server answers on 127.0.0.1:6379: install and start it "
    "(`apt-get install redis-server && redis-server --daemonize yes`)"
)


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def use_redis(settings) -> str:
    """Django's default cache on the Redis of 127.0.0.1:6379, under a key prefix of its own (the
    answers stay in local memory, as settings.py keeps them); the prefix."""
    if not redis_answers():
        missing_tool(REDIS_MISSING)
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": prefix,
            "TIMEOUT": 60,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }
    return prefix


@pytest.fixture(params=["locmem", "redis"])
def any_cache(request, settings):
    """Each test twice: on local memory, and on Redis (a key prefix of its own) when one answers."""
    if request.param == "redis":
        use_redis(settings)
    return request.param


@pytest.fixture
def redis_cache(settings) -> str:
    """Redis as the default cache, as behind several app servers; the key prefix."""
    return use_redis(settings)


class RedisMonitor:
    """The commands a real Redis receives (its MONITOR), read up to a marker sent after them:
    what a feature costs in round trips, seen from the server."""

    def __init__(self, url: str = "redis://127.0.0.1:6379/0"):
        import redis

        self.client = redis.Redis.from_url(url)
        self.monitor = self.client.monitor().__enter__()

    def commands(self, naming: str) -> list[str]:
        """The names of the commands sent by clients (not run by a script) that named `naming`
        since the last call."""
        marker = f"marker-{uuid.uuid4().hex}"
        self.client.echo(marker)
        seen = []
        while marker not in (command := self.monitor.next_command())["command"]:
            if naming in command["command"] and command["client_type"] != "lua":
                seen.append(command["command"].split()[0].upper())
        return seen

    def close(self) -> None:
        self.monitor.__exit__()
        self.client.close()


@pytest.fixture
def redis_monitor():
    if not redis_answers():
        missing_tool(REDIS_MISSING)
    monitor = RedisMonitor()
    yield monitor
    monitor.close()


# The State's identity provider, for the sign-in tests: a real OpenID Connect provider (Node's
# oidc-provider, tests/oidc/provider.mjs) on a free port of 127.0.0.1, one for the whole run.
PROVIDER_SCRIPT = Path(__file__).resolve().parent / "oidc" / "provider.mjs"
PROVIDER_CLIENT = {"id": "registry", "secret": "registry-test-secret"}


class IdentityProvider:
    """Talks to the test provider: its people, a tampered next ID token, a person signing in."""

    def __init__(self, issuer: str):
        self.issuer = issuer

    def _control(self, path: str, payload: dict) -> None:
        requests.post(f"{self.issuer}{path}", json=payload, timeout=10).raise_for_status()

    def add_person(self, sub: str, email: str, *, verified=True, amr=None, acr=None, active=True):
        self._control(
            "/test/accounts",
            {"sub": sub, "email": email, "email_verified": verified, "amr": amr, "acr": acr,
             "active": active},
        )  # fmt: skip

    def deactivate(self, sub: str) -> None:
        self._control("/test/accounts", {"sub": sub, "active": False})

    def tamper_next_id_token(self, **claims) -> None:
        """The next ID token the provider issues carries these claims (still signed by it)."""
        self._control("/test/tamper", claims)

    def sign_in(self, authorize_url: str, login: str, browser=None) -> str:
        """Follow the provider's redirects as a browser would, signing in as `login`; return the
        address it sends the person back to (the registry's callback, with code and state)."""
        browser = browser or requests.Session()
        url = authorize_url
        while url.startswith(self.issuer):
            response = browser.get(url, allow_redirects=False, timeout=10)
            if response.status_code == 200 and 'name="login"' in response.text:
                response = browser.post(url, {"login": login}, allow_redirects=False, timeout=10)
            assert response.status_code in (302, 303), response.text[:500]
            url = urljoin(url, response.headers["Location"])
        return url

    def sign_out(self, end_session_url: str, browser) -> str:
        """Confirm the provider's sign-out page as the person would; return where it sends them."""
        page = browser.get(end_session_url, timeout=10)
        action = re.search(r'<form[^>]*action="([^"]+)"', page.text).group(1)
        fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.text))
        response = browser.post(
            urljoin(end_session_url, action), {**fields, "logout": "yes"}, allow_redirects=False
        )
        assert response.status_code in (302, 303), response.text[:500]
        return response.headers["Location"]


@pytest.fixture
def free_port() -> int:
    """A port of 127.0.0.1 where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def oidc_provider():
    if (
        shutil.which("node") is None
        or not (PROVIDER_SCRIPT.parents[2] / "node_modules" / "oidc-provider").exists()
    ):
        missing_tool("node or oidc-provider is missing: run `make browser-deps` (npm ci)")
    process = subprocess.Popen(  # noqa: S603 -- our own script
        [shutil.which("node"), str(PROVIDER_SCRIPT)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "OIDC_CLIENT_ID": PROVIDER_CLIENT["id"],
             "OIDC_CLIENT_SECRET": PROVIDER_CLIENT["secret"]},
    )  # fmt: skip
    try:
        ready, _, _ = select.select([process.stdout], [], [], 30)
        assert ready, "the test identity provider did not start"
        yield IdentityProvider(json.loads(process.stdout.readline())["issuer"])
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def provider(settings, oidc_provider) -> IdentityProvider:
    """The registry configured for the test provider, as a government's administrator would."""
    settings.OIDC_DISCOVERY_URL = f"{oidc_provider.issuer}/.well-known/openid-configuration"
    settings.OIDC_CLIENT_ID = PROVIDER_CLIENT["id"]
    settings.OIDC_CLIENT_SECRET = PROVIDER_CLIENT["secret"]
    settings.OIDC_PROVIDER_NAME = "MyGov"
    return oidc_provider


def make_retries_due() -> int:
    """Bring every job waiting for a later time (a retry's backoff) forward to now: a test's way
    to let the time pass without sleeping. Returns how many jobs it moved."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    waiting = DBTaskResult.objects.filter(status="READY", run_after__gt=timezone.now())
    return waiting.exclude(run_after=get_date_max()).update(run_after=timezone.now())


@pytest.fixture
def run_jobs(monkeypatch):
    """Run every job that is due now, in this process, through the library's own worker loop
    (what `manage.py db_worker --batch` does); returns how many jobs ran.

    The worker closes stale connections between jobs, as Django does between requests; inside a
    test's transaction that would close the test's own connection, so it is turned off here, as
    Django's test client turns off the same housekeeping for requests."""
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.management.commands.db_worker import Worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run() -> int:
        worker = Worker(
            queue_names=["*"],
            excluded_queue_names=[],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=f"test-{uuid.uuid4().hex[:8]}",
        )
        worker.run()
        return worker._run_tasks

    return run


@pytest.fixture
def smtp_relay(settings):
    """A mail relay on loopback that the SMTP backend talks to (EMAIL_* settings point at it);
    set `.refusals` to make it refuse the next messages."""
    from tests import smtp_relay as stand_in

    relay = stand_in.StandInRelay()
    controller = stand_in.start(relay)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = False, "", ""
    yield relay
    controller.stop()


# --- The watch (issue 16): platforms are stand-in servers on loopback ---------------------------


def watch_base_urls(base: str) -> dict:
    slugs = ("bluesky", "youtube", "github", "telegram", "x")
    return dict.fromkeys(slugs, base) | {"mastodon": base + "/{host}"}


@pytest.fixture(autouse=True)
def watch_offline(settings):
    """No test reaches a real platform: every base address is a closed loopback port, which the
    fetcher refuses anyway (private addresses are off unless a test turns them on)."""
    settings.WATCH_BASE_URLS = dict.fromkeys(
        ("bluesky", "youtube", "github", "telegram", "x"), "http://127.0.0.1:9"
    ) | {"mastodon": "http://127.0.0.1:9/{host}"}
    settings.WATCH_ALLOW_PRIVATE_ADDRESSES = False
    settings.WATCH_RATE_PER_MINUTE = {"default": 0}  # no waiting between requests in tests
    settings.WATCH_CONFIRM_SECONDS = 0  # consecutive reads confirm at once (the spacing's own
    # tests set it and date their reads)
    settings.WATCH_X_BEARER_TOKEN = ""


@pytest.fixture
def platform(httpserver, settings):
    """One stand-in server answering for every watched platform (paths differ per platform);
    the fediverse template keeps the host in the path: /{host}/api/v1/…"""
    base = httpserver.url_for("").rstrip("/")
    settings.WATCH_BASE_URLS = dict.fromkeys(
        ("bluesky", "youtube", "github", "telegram", "x"), base
    ) | {"mastodon": base + "/{host}"}
    settings.WATCH_ALLOW_PRIVATE_ADDRESSES = True
    return httpserver


@pytest.fixture
def bluesky_entry(make_entry):
    """A verified Bluesky entry whose DID the registry recorded."""
    return make_entry(
        Status.VERIFIED,
        platform=SocialAccount.Platform.BLUESKY,
        handle="gouv.bsky.social",
        url="https://bsky.app/profile/gouv.bsky.social",
        platform_account_id="did:plc:official",
    )


def serve_bluesky(server, *, handle: str, did: str, name: str = "", text: str = "") -> None:
    """The stand-in answers for one Bluesky account: its handle resolves to its DID."""
    server.expect_request(
        "/xrpc/com.atproto.identity.resolveHandle", query_string={"handle": handle}
    ).respond_with_json({"did": did})
    serve_bluesky_profile(server, handle=handle, did=did, name=name, text=text)


def serve_bluesky_profile(server, *, handle: str, did: str, name: str = "", text: str = ""):
    server.expect_request(
        "/xrpc/app.bsky.actor.getProfile", query_string={"actor": did}
    ).respond_with_json({"did": did, "handle": handle, "displayName": name, "description": text})


def serve_bluesky_unknown(server, *, handle: str = "", did: str = "") -> None:
    if handle:
        server.expect_request(
            "/xrpc/com.atproto.identity.resolveHandle", query_string={"handle": handle}
        ).respond_with_json({"error": "InvalidRequest", "message": "Unable to resolve handle"}, 400)
    if did:
        server.expect_request(
            "/xrpc/app.bsky.actor.getProfile", query_string={"actor": did}
        ).respond_with_json({"error": "InvalidRequest", "message": "Profile not found"}, 400)


@pytest.fixture
def slow_rate(settings):
    """The API's throttle at 3 requests a minute per client."""
    from rest_framework.settings import api_settings

    rest = dict(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"] = {"anon": "3/minute"}
    settings.REST_FRAMEWORK = rest
    assert api_settings.DEFAULT_THROTTLE_RATES == {"anon": "3/minute"}


# --- The registry under its real server (gunicorn.conf.py): test_request_limits, test_metrics


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def gunicorn_env() -> dict:
    """Environment variables a test adds to the server's."""
    return {}


@pytest.fixture
def gunicorn(transactional_db, gunicorn_env):
    """The registry under gunicorn with its own configuration file, on a free port."""
    port = _free_port()
    from django.db import connection

    database = connection.settings_dict
    env = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_ACCESSLOG": "",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}"
        f"/{database['NAME']}",
        **gunicorn_env,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        # The master listens before it forks: from then on a request waits for the worker.
        lines = []
        while not any("Listening at" in line for line in lines):
            ready, _, _ = select.select([process.stderr], [], [], 30)
            assert ready and process.poll() is None, "gunicorn did not start: " + "".join(lines)
            lines.append(process.stderr.readline().decode())
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
