"""Named personas and entries, shared by every test module.

Ministry A (finances) has an editor, a ministry admin and an agency's staff member; ministry B
(health) has another editor. The central unit has a reviewer and a central admin.
"""

import datetime
import importlib
import socket
import uuid

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import ExternalAgency, Membership, Ministry, Service, User
from accounts.roles import CENTRAL_ADMINS, REVIEWERS
from registry.models import Answer, ChecklistItem, ReviewEvent, SocialAccount, Status

PASSWORD = "correct horse battery staple 42"


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


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Transactional tests flush the database, data migrations' rows included: run them after
    the others, as Django does, whatever order another plugin left."""
    items.sort(key=_is_transactional)


@pytest.fixture(autouse=True)
def reference_data(request):
    """Tests with `transaction=True` start on a flushed database: put back what migrations made
    (the central unit's groups, the guide's checklist), as a fresh deployment has them."""
    if not _is_transactional(request.node):
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    from accounts.roles import sync_central_groups

    sync_central_groups()
    importlib.import_module("registry.migrations.0002_seed_checklist").seed(apps, None)


def make_user(email: str, name: str, **extra) -> User:
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
# Fixtures create entries with the ORM, not through the workflow, so nothing bumps the register
# version: each test starts with an empty cache and a version of its own instead.


@pytest.fixture(autouse=True)
def fresh_public_cache():
    """Every test starts with empty caches (the throttle's counters, the answers) and a new
    register version."""
    from django.core.cache import cache

    from registry.cache import answers, bump_register_version

    cache.clear()
    answers().clear()
    bump_register_version()


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture(params=["locmem", "redis"])
def any_cache(request, settings):
    """Each test twice: on local memory, and on Redis (a key prefix of its own) when one answers."""
    if request.param == "redis":
        if not redis_answers():
            pytest.skip("no Redis server answers on 127.0.0.1:6379")
        settings.CACHES = {
            **settings.CACHES,  # answers stay in local memory, as settings.py keeps them
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "redis://127.0.0.1:6379/0",
                "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
                "TIMEOUT": 60,
            },
        }
    return request.param
