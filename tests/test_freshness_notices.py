"""With Redis, a change committed anywhere is seen by the next request of every process
(registry.freshness.notices): Redis pushes a notice, and the notice makes that request read the
register's version from the database. Notices are only ever a shortcut: without them the
freshness bound applies (tests/test_freshness_bound.py). Every Redis command is seen through
Redis's own MONITOR, on a real server.

The bound is set to an hour here, so that what the tests see comes from the notices alone."""

import pytest
import redis
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import transaction

from registry import workflow
from registry.freshness import kept, notices
from registry.models import Reason
from registry.public_changes import register_changed

REDIS = "redis://127.0.0.1:6379/0"


@pytest.fixture(autouse=True)
def an_hour_of_freshness(settings):
    settings.REGISTER_FRESHNESS_SECONDS = 3600


@pytest.fixture
def another_process(redis_cache):
    """Django's cache as another app server has it: its own client of the same Redis."""
    return RedisCache(REDIS, {"KEY_PREFIX": redis_cache})


@pytest.fixture
def notice_commands(redis_cache, redis_monitor):
    """The commands Redis receives that name the notice key, since the last look."""
    key = caches["default"].make_and_validate_key(notices.KEY)
    redis_monitor.commands(key)  # what came before the test's own reads
    return lambda: redis_monitor.commands(key)


def changed_elsewhere() -> int:
    """A change committed by another server: in the database, its notice not sent yet."""
    with transaction.atomic():
        return register_changed()


def test_reading_the_version_costs_no_round_trip_to_redis(
    db, notice_commands, django_assert_num_queries
):
    first = kept.register_version()  # opens the watch (CLIENT TRACKING)
    notice_commands()
    with django_assert_num_queries(0):
        assert [kept.register_version() for _ in range(5)] == [first] * 5
    assert notice_commands() == []


@pytest.mark.parametrize(
    "notice",
    [
        pytest.param(lambda other, number: other.set(notices.KEY, number, None), id="announced"),
        pytest.param(lambda other, number: other.delete(notices.KEY), id="deleted"),
        pytest.param(lambda other, number: other.clear(), id="flushed"),
        pytest.param(lambda other, number: other.touch(notices.KEY, 0), id="expired"),
    ],
)
def test_any_notice_makes_the_next_request_read_the_database(
    db, redis_cache, another_process, notice
):
    before = kept.register_version()
    another_process.set(notices.KEY, before, None)
    kept.register_version()  # that notice read
    number = changed_elsewhere()
    assert kept.register_version() == before  # no notice yet: within the bound, kept
    notice(another_process, number)
    assert kept.register_version() == number


def test_a_lost_watch_leaves_the_bound_until_it_is_back(db, redis_cache, another_process):
    before = kept.register_version()
    _kill_every_watch()
    number = changed_elsewhere()
    another_process.set(notices.KEY, number, None)  # sent to nobody
    assert kept.register_version() == before  # the lost connection is noticed, no notice read
    notices.watch().retry_at = 0  # the reconnection interval has passed
    assert kept.register_version() == number  # a watch opened again counts as a notice


def _kill_every_watch() -> None:
    """Closes, on the server's side, every connection that Redis sends notices to."""
    with redis.Redis.from_url(REDIS) as killer:
        for connection in killer.client_list():
            if "t" in connection["flags"]:
                killer.client_kill_filter(_id=connection["id"])


def test_a_commit_announces_the_new_version(
    db, redis_cache, notice_commands, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        changed_elsewhere()
    assert notice_commands() == ["SET"]


def test_a_suspension_made_on_another_server_is_answered_by_the_next_verify_request(
    client, db, redis_cache, another_process, reviewer, verified_entry
):
    """The verify API keeps its `official` answer; a suspension committed by another server
    (its database transaction, then its notice) is answered by the next request here."""
    ask = {"url": verified_entry.url}
    assert client.get("/api/v1/verify/", ask).json()["result"] == "official"
    assert client.get("/api/v1/verify/", ask).json()["result"] == "official"  # kept
    event = workflow.suspend(
        verified_entry, by=reviewer, version=verified_entry.version, reason=Reason.COMPROMISED,
        message="Hacked.",
    )  # fmt: skip
    assert client.get("/api/v1/verify/", ask).json()["result"] == "official"  # no notice yet
    another_process.set(notices.KEY, event.pk, None)
    assert client.get("/api/v1/verify/", ask).json()["result"] == "suspended"
