"""A cache that fails is a cache miss: with Redis unreachable (its settings point at a closed port
on loopback, no mock), every public answer still comes from the database, the API's throttle lets
clients through, one warning is logged a minute at most, and a suspension made meanwhile is
never hidden by an answer kept from before."""

import logging

import pytest

from registry import workflow
from registry.models import Reason
from registry.web import caching

PUBLIC = [
    "/fr/",
    "/en/verify/?url={url}",
    "/en/accounts/{pk}/",
    "/en/feed/",
    "/open-data/accounts.csv",
    "/open-data/accounts.json",
    "/api/v1/verify/?url={url}",
    "/api/v1/accounts/",
    "/api/v1/accounts/{pk}/",
    "/api/v1/ministries/",
    "/api/v1/platforms/",
]


@pytest.fixture
def cache_down(settings, closed_port):
    """Django's default cache is Redis on a port where nothing listens."""
    settings.CACHES = {
        **settings.CACHES,  # answers stay in local memory, as settings.py keeps them
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port}/0",
        },
    }
    caching.health.warned_at = None  # this worker has not warned yet
    yield
    caching.health.bump_owed = False


@pytest.mark.parametrize("path", PUBLIC)
def test_every_public_answer_comes_from_the_database_when_the_cache_is_down(
    client, verified_entry, cache_down, path
):
    response = client.get(path.format(url=verified_entry.url, pk=verified_entry.pk))
    assert response.status_code == 200
    if "ministries" not in path and "platforms" not in path:  # those only count the entries
        assert verified_entry.handle in response.getvalue().decode()
    assert not response.has_header("ETag")  # no version: nothing to revalidate against
    assert response["Cache-Control"] == "public, no-cache"


def test_the_cache_being_down_is_logged_once_not_once_a_request(
    client, verified_entry, cache_down, caplog
):
    with caplog.at_level(logging.WARNING, logger="registry.web.caching"):
        for _ in range(5):
            assert client.get("/api/v1/verify/", {"url": verified_entry.url}).status_code == 200
            assert client.get("/en/").status_code == 200
    warnings = [r for r in caplog.records if r.name == "registry.web.caching"]
    assert len(warnings) == 1
    assert "cannot be reached" in warnings[0].getMessage()


def test_the_warning_comes_again_after_a_minute(cache_down, db, caplog, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(caching.health, "clock", lambda: now[0])  # the clock it is given
    with caplog.at_level(logging.WARNING, logger="registry.web.caching"):
        assert caching.register_version() is None
        now[0] += 59
        caching.register_version()
        now[0] += 2
        caching.register_version()
    assert len([r for r in caplog.records if r.name == "registry.web.caching"]) == 2


def test_the_throttle_lets_clients_through_when_it_cannot_count(
    client, verified_entry, cache_down, settings
):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute"},
    }
    statuses = {
        client.get("/api/v1/verify/", {"url": verified_entry.url}).status_code for _ in range(4)
    }
    assert statuses == {200}


def test_a_suspension_while_the_cache_is_down_is_shown_when_it_comes_back(
    client, verified_entry, reviewer, settings, closed_port, django_capture_on_commit_callbacks
):
    url = {"url": verified_entry.url}
    assert client.get("/api/v1/verify/", url).json()["result"] == "official"  # kept
    before = caching.register_version()
    working = settings.CACHES
    settings.CACHES = {
        **working,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port}/0",
        },
    }
    with django_capture_on_commit_callbacks(execute=True):
        workflow.suspend(
            verified_entry,
            by=reviewer,
            version=verified_entry.version,
            reason=Reason.COMPROMISED,
            message="Hacked.",
        )
    assert caching.health.bump_owed
    settings.CACHES = working  # the store answers again: the owed bump is written first
    assert client.get("/api/v1/verify/", url).json()["result"] == "suspended"
    assert not caching.health.bump_owed
    assert caching.register_version() != before  # other workers' kept answers are left behind
