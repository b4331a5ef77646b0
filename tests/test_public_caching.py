"""Public pages can be served by a proxy: Cache-Control, ETag (no Last-Modified), no cookie."""

import pytest
import redis
from django.urls import reverse

from tests.conftest import everything_changed

PAGES = [
    "/fr/",
    "/de/verify/?url=https://x.com/gouvlu",
    "/en/feed/",
    "/open-data/accounts.csv",
    "/open-data/accounts.json",
    "/en/privacy/",
]


@pytest.mark.parametrize("url", PAGES)
def test_public_pages_are_cacheable_and_set_no_cookie(client, verified_entry, url):
    r = client.get(url)
    assert r.status_code == 200
    assert r["Cache-Control"] == "public, no-cache"  # stored, but revalidated before each reuse
    assert r.has_header("ETag") and not r.has_header("Last-Modified")
    assert not r.cookies
    assert "Cookie" not in r.get("Vary", "")


def test_a_deployment_may_let_proxies_reuse_answers_for_a_while(client, verified_entry, settings):
    settings.PUBLIC_CACHE_MAX_AGE = 120
    for url in ["/en/", "/api/v1/verify/?url=https://x.com/gouvlu", "/api/v1/accounts/"]:
        assert client.get(url)["Cache-Control"] == "public, max-age=120"


def test_an_unchanged_page_answers_304(client, verified_entry):
    etag = client.get("/en/").headers["ETag"]
    assert client.get("/en/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_change_in_the_register_changes_the_etag(client, verified_entry):
    before = client.get(verified_entry.get_absolute_url())["ETag"]
    everything_changed()
    after = client.get(verified_entry.get_absolute_url())["ETag"]
    assert before != after


def test_the_etag_depends_on_language_and_query(client, db):
    etags = {client.get(url)["ETag"] for url in ("/fr/", "/de/", "/fr/?q=a", "/fr/?q=b")}
    assert len(etags) == 4


def test_the_report_form_is_never_cached(client, db):
    r = client.get(reverse("public:report"))
    assert "no-cache" in r["Cache-Control"] or "max-age=0" in r["Cache-Control"]
    assert "csrftoken" in r.cookies


def test_with_redis_answers_stay_in_each_workers_memory_and_only_the_version_is_shared(
    client, verified_entry, redis_cache, django_assert_num_queries
):
    """Behind several app servers Redis holds the API's throttle counters and carries the
    version's notices; the version is the database's, the answers are kept in each worker's
    memory, so a rush costs no round trip to Redis for them."""
    prefix = redis_cache
    verify = {"url": verified_entry.url}
    for _ in range(2):
        client.get("/en/"), client.get("/api/v1/verify/", verify)
    with django_assert_num_queries(0):  # kept: no query, and not in Redis
        assert client.get("/en/").status_code == 200
        assert client.get("/api/v1/verify/", verify).json()["result"] == "official"
    shared = redis.Redis.from_url("redis://127.0.0.1:6379/0")
    keys = {key.decode().split(":", 2)[-1] for key in shared.keys(f"{prefix}:*")}
    shared.delete(*shared.keys(f"{prefix}:*"))
    assert keys and all(key.startswith("throttle_") for key in keys), keys
