"""With Redis, each process keeps the register version until Redis says it changed
(registry.web.version_notices): no round trip per request for it, and never an answer from a version
older than the last change. Every Redis command that names the version key is seen through
Redis's own MONITOR, on a real server."""

import pytest
import redis
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from registry import workflow
from registry.models import Reason
from registry.web import caching
from registry.web import version_notices as version_watch

REDIS = "redis://127.0.0.1:6379/0"


@pytest.fixture
def another_process(redis_cache):
    """Django's cache as another app server has it: its own client of the same Redis."""
    return RedisCache(REDIS, {"KEY_PREFIX": redis_cache})


@pytest.fixture
def version_commands(redis_cache, redis_monitor):
    """The commands Redis receives that name the version key, since the last look."""
    key = caches["default"].make_and_validate_key(caching.VERSION_KEY)
    redis_monitor.commands(key)  # what came before the test's own reads
    return lambda: redis_monitor.commands(key)


def test_the_version_is_read_from_redis_once_and_then_kept(db, version_commands):
    first = caching.register_version()
    assert version_commands()[-1] == "GET"
    assert [caching.register_version() for _ in range(5)] == [first] * 5
    assert version_commands() == []  # five reads, no round trip


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda other: other.set(caching.VERSION_KEY, "bumped", None), id="bumped"),
        pytest.param(lambda other: other.delete(caching.VERSION_KEY), id="deleted"),
        pytest.param(lambda other: other.clear(), id="flushed"),
        pytest.param(lambda other: other.touch(caching.VERSION_KEY, 0), id="expired"),
    ],
)
def test_a_change_made_by_another_process_is_seen_by_the_next_read(
    db, another_process, version_commands, change
):
    before = caching.register_version()
    change(another_process)
    after = caching.register_version()
    assert after != before
    assert after == another_process.get(caching.VERSION_KEY)
    assert "GET" in version_commands()
    assert caching.register_version() == after


def test_a_lost_watch_means_reading_redis_on_every_request_until_it_is_back(
    db, another_process, version_commands
):
    caching.register_version()
    _kill_every_watch()
    version_commands()
    another_process.set(caching.VERSION_KEY, "while-unwatched", None)
    assert caching.register_version() == "while-unwatched"  # the lost connection is noticed
    assert caching.register_version() == "while-unwatched"
    assert version_commands().count("GET") == 2  # both read from Redis: not watched
    version_watch.watched_version(caching.VERSION_KEY).retry_at = 0  # the interval has passed
    caching.register_version()
    another_process.set(caching.VERSION_KEY, "watched-again", None)
    assert caching.register_version() == "watched-again"
    assert caching.register_version() == "watched-again"
    assert version_commands().count("GET") == 2  # read again once, then kept


def _kill_every_watch() -> None:
    """Closes, on the server's side, every connection that Redis sends notices to."""
    with redis.Redis.from_url(REDIS) as killer:
        for connection in killer.client_list():
            if "t" in connection["flags"]:
                killer.client_kill_filter(_id=connection["id"])


def test_a_suspension_made_on_another_server_is_answered_by_the_next_verify_request(
    client, db, another_process, reviewer, verified_entry
):
    """The verify API keeps its `official` answer under the watched version; a suspension
    committed by another server (its own database connection, its own bump in Redis) is answered
    by the next request here."""
    ask = {"url": verified_entry.url}
    assert client.get("/api/v1/verify/", ask).json()["result"] == "official"
    assert client.get("/api/v1/verify/", ask).json()["result"] == "official"  # kept
    workflow.suspend(
        verified_entry, by=reviewer, version=verified_entry.version, reason=Reason.COMPROMISED,
        message="Hacked.",
    )  # fmt: skip
    another_process.set(caching.VERSION_KEY, "after-the-suspension", None)
    assert client.get("/api/v1/verify/", ask).json()["result"] == "suspended"
