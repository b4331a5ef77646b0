"""The freshness bound under Redis's faults, measured on real processes: two app servers
(gunicorn) sharing the test database and a Redis server of our own, a suspension committed by
another process, then every server asked in turn. For each fault, no request sent later than
the bound after the commit is answered "official" (a request is answered no earlier than it is
sent, so the time it was sent is a lower bound of the answer's staleness).

PostgreSQL only: the servers share the test database, which on SQLite is in this process's
memory."""

import os
import signal
import subprocess
import time

import pytest
from django.db import connection

from registry import workflow
from registry.models import Reason, Status
from tests.freshness_servers import (
    PYTHON,
    ROOT,
    AppServer,
    RedisServer,
    poll_after_commit,
    verify_result,
    wait_until,
)

BOUND = 1.0
# How long after the commit the servers are asked: the bound, and as much again.
ASKED_FOR = 2 * BOUND

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres_only(
        reason="the servers share the test database, which on SQLite is this process's memory"
    ),
]


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.kill()


def server_env(redis_url: str) -> dict:
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    return os.environ | {
        "DATABASE_URL": url,
        "REDIS_URL": redis_url,
        "REGISTER_FRESHNESS_MS": str(int(BOUND * 1000)),
        "API_THROTTLE_RATE": "1000000/minute",
        "DJANGO_DEBUG": "0",
        "DJANGO_LOG_LEVEL": "ERROR",
    }


@pytest.fixture(scope="module")
def servers(django_db_setup, django_db_blocker, redis_server):
    with django_db_blocker.unblock():
        env = server_env(redis_server.url)
    started = [AppServer(env), AppServer(env)]
    for server in started:
        server.start()
    yield started
    for server in started:
        server.stop()


@pytest.fixture
def shared_redis(settings, redis_server):
    """This process (the one that changes the register) on the same Redis as the servers."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_server.url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }
    if not redis_server.ping():
        redis_server.start()


@pytest.fixture
def official(make_entry, servers):
    """A verified entry, answered "official" by every server and kept there."""
    entry = make_entry(Status.VERIFIED)
    for server in servers:
        wait_until(lambda s=server: verify_result(s, entry.url) == "official", timeout=10,
                   what="the first answer")  # fmt: skip
        assert verify_result(server, entry.url) == "official"
    return entry


def suspend(entry, reviewer) -> float:
    """Suspends the entry here (committed, its notice sent if Redis takes it); when."""
    workflow.suspend(
        entry, by=reviewer, version=entry.version, reason=Reason.COMPROMISED, message="Hacked."
    )
    return time.monotonic()


def assert_within_the_bound(servers, entry, committed_at: float) -> None:
    seen = poll_after_commit(
        servers, entry.url, committed_at=committed_at, old="official", until=ASKED_FOR
    )
    assert seen.requests > 0
    assert seen.worst <= BOUND, f"'official' {seen.worst:.3f} s after the suspension"
    for server in servers:
        assert verify_result(server, entry.url) == "suspended"


def test_without_any_fault_every_server_answers_at_once(servers, shared_redis, official, reviewer):
    assert_within_the_bound(servers, official, suspend(official, reviewer))


def test_redis_stopped(servers, shared_redis, redis_server, official, reviewer):
    redis_server.kill()
    try:
        assert_within_the_bound(servers, official, suspend(official, reviewer))
    finally:
        redis_server.start()


@pytest.mark.parametrize(
    ("pause", "resume"),
    [
        pytest.param(lambda r: r.signal(signal.SIGSTOP), lambda r: r.signal(signal.SIGCONT),
                     id="SIGSTOP"),
        pytest.param(lambda r: r.command("CLIENT", "PAUSE", "10000", "WRITE"),
                     lambda r: r.command("CLIENT", "UNPAUSE"), id="CLIENT PAUSE WRITE"),
    ],
)  # fmt: skip
def test_redis_paused(servers, shared_redis, redis_server, official, reviewer, pause, resume):
    pause(redis_server)
    try:
        assert_within_the_bound(servers, official, suspend(official, reviewer))
    finally:
        resume(redis_server)


@pytest.mark.parametrize(
    "empty", [True, False], ids=["restarted empty", "restarted from a snapshot taken before"]
)
def test_redis_restarted_after_the_change(
    servers, shared_redis, redis_server, official, reviewer, empty
):
    redis_server.command("SAVE")  # the snapshot of before the suspension
    committed_at = suspend(official, reviewer)
    redis_server.restart(empty=empty)
    assert_within_the_bound(servers, official, committed_at)


def test_tracking_connections_killed(servers, shared_redis, redis_server, official, reviewer):
    redis_server.kill_tracking_connections()
    assert_within_the_bound(servers, official, suspend(official, reviewer))


def test_the_changing_process_exits_right_after_its_commit(
    servers, redis_server, official, reviewer
):
    """Another process suspends and dies before anything it scheduled on commit runs (its
    notice included)."""
    script = (
        "import os\n"
        "from django.db import transaction\n"
        "from accounts.models import User\n"
        "from registry import workflow\n"
        "from registry.models import Reason, SocialAccount\n"
        f"entry = SocialAccount.objects.get(pk={official.pk})\n"
        f"reviewer = User.objects.get(pk={reviewer.pk})\n"
        "with transaction.atomic():\n"
        "    transaction.on_commit(lambda: os._exit(0))\n"
        "    workflow.suspend(entry, by=reviewer, version=entry.version,\n"
        "                     reason=Reason.COMPROMISED, message='Hacked.')\n"
    )
    env = server_env(redis_server.url)
    subprocess.run([PYTHON, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, check=True)  # noqa: S603
    assert_within_the_bound(servers, official, time.monotonic())
