"""Redis unreachable (its settings point at a closed port on loopback, no mock) costs nothing but
its notices: every public answer is still given and kept (the register's version is in the
database), the API's throttle lets clients through, one warning is logged a minute at most, and
a suspension made meanwhile is answered at once."""

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


@pytest.mark.parametrize("path", PUBLIC)
def test_every_public_answer_is_given_and_kept_when_the_cache_is_down(
    client, verified_entry, cache_down, path
):
    response = client.get(path.format(url=verified_entry.url, pk=verified_entry.pk))
    assert response.status_code == 200
    if "ministries" not in path and "platforms" not in path:  # those only count the entries
        assert verified_entry.handle in response.getvalue().decode()
    assert response.has_header("ETag")  # the version is the database's: Redis is not needed
    assert response["Cache-Control"] == "public, no-cache"
    if not response.streaming:  # a streamed file is not kept (built files are: 304 then)
        again = client.get(path.format(url=verified_entry.url, pk=verified_entry.pk),
                           HTTP_IF_NONE_MATCH=response["ETag"])  # fmt: skip
        assert again.status_code == 304


def test_the_cache_being_down_is_logged_once_not_once_a_request(
    client, verified_entry, cache_down, caplog, settings
):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100/minute"},
    }
    with caplog.at_level(logging.WARNING, logger="registry.web.caching"):
        for number in range(5):
            ask = {"url": verified_entry.url, "n": number}  # each answered by the view
            assert client.get("/api/v1/verify/", ask).status_code == 200
            assert client.get("/en/").status_code == 200
    warnings = [r for r in caplog.records if r.name == "registry.web.caching"]
    assert len(warnings) == 1
    assert "cannot be reached" in warnings[0].getMessage()


def test_the_warning_comes_again_after_a_minute(cache_down, caplog, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(caching.health, "clock", lambda: now[0])  # the clock it is given
    with caplog.at_level(logging.WARNING, logger="registry.web.caching"):
        caching.health.failed(ConnectionError("refused"))
        now[0] += 59
        caching.health.failed(ConnectionError("refused"))
        now[0] += 2
        caching.health.failed(ConnectionError("refused"))
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


def test_a_suspension_while_the_cache_is_down_is_answered_at_once(
    client, verified_entry, reviewer, cache_down, django_capture_on_commit_callbacks
):
    url = {"url": verified_entry.url}
    assert client.get("/api/v1/verify/", url).json()["result"] == "official"  # kept
    with django_capture_on_commit_callbacks(execute=True):
        workflow.suspend(
            verified_entry,
            by=reviewer,
            version=verified_entry.version,
            reason=Reason.COMPROMISED,
            message="Hacked.",
        )  # its notice cannot be sent: this process reads the database at once all the same
    assert client.get("/api/v1/verify/", url).json()["result"] == "suspended"
