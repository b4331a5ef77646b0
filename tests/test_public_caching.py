"""Public pages can be served by a proxy: Cache-Control, ETag (no Last-Modified), no cookie."""

import pytest
from django.urls import reverse

from registry import caching

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
    caching.bump_register_version()
    after = client.get(verified_entry.get_absolute_url())["ETag"]
    assert before != after


def test_the_etag_depends_on_language_and_query(client, db):
    etags = {client.get(url)["ETag"] for url in ("/fr/", "/de/", "/fr/?q=a", "/fr/?q=b")}
    assert len(etags) == 4


def test_the_report_form_is_never_cached(client, db):
    r = client.get(reverse("public:report"))
    assert "no-cache" in r["Cache-Control"] or "max-age=0" in r["Cache-Control"]
    assert "csrftoken" in r.cookies
