"""The API's answers kept in memory (registry.web.caching, the one caching path of pages and API):
an answer kept under the register version is served before DRF's cycle, exactly as DRF served
it the first time, and costs no query; anything else is answered by DRF."""

import pytest
from rest_framework.settings import api_settings

from registry.freshness.kept import answers
from registry.models import Status

VERIFY = "/api/v1/verify/"
# Headers a client or proxy acts on; Date-like and per-request ones (X-Request-Id) differ.
COMPARED = [
    "Content-Type",
    "Content-Language",
    "ETag",
    "Cache-Control",
    "Vary",
    "Allow",
    "Access-Control-Allow-Origin",
    "X-Content-Type-Options",
    "Content-Security-Policy",
]


@pytest.fixture
def entries(make_entry):
    make_entry(Status.VERIFIED, handle="gouvlu")
    make_entry(Status.CLOSED, handle="oldgouv")


def headers_of(response) -> dict:
    return {name: response.get(name) for name in COMPARED}


def without_time(response) -> dict:
    return {k: v for k, v in response.json().items() if k != "checked_at"}


CASES = [
    ({"url": "https://x.com/gouvlu"}, {}),
    ({"url": "https://x.com/oldgouv"}, {}),
    ({"url": "https://x.com/nobody_here"}, {}),
    ({"url": "https://twitter.com/GouvLU?s=20"}, {}),
    ({"url": "https://x.com/gouvlu", "lang": "de"}, {}),
    ({"url": "https://x.com/gouvlu"}, {"Accept-Language": "en-GB,en;q=0.8"}),
    ({"url": "https://x.com/gouvlu"}, {"Accept": "application/json"}),
    ({"url": "https://x.com/gouvlu"}, {"Origin": "https://news.example"}),
]


@pytest.mark.parametrize(("query", "headers"), CASES)
def test_a_kept_verdict_is_answered_as_drf_answered_it(
    client, entries, query, headers, django_assert_num_queries
):
    first = client.get(VERIFY, query, headers=headers)  # computed by DRF, then kept
    assert first.status_code == 200
    with django_assert_num_queries(0):  # kept: DRF does not run
        second = client.get(VERIFY, query, headers=headers)
    assert second.status_code == 200
    assert headers_of(second) == headers_of(first)
    assert without_time(second) == without_time(first)
    assert second.json()["checked_at"] != first.json()["checked_at"]


@pytest.mark.parametrize(("query", "headers"), CASES[:3])
def test_a_known_etag_gets_304_whether_the_answer_is_kept_or_not(client, entries, query, headers):
    etag = client.get(VERIFY, query)["ETag"]
    other = client.get(VERIFY, {**query, "lang": "fr"}, headers={"If-None-Match": "x"})
    assert other.status_code == 200
    kept_304 = client.get(VERIFY, query, headers={**headers, "If-None-Match": etag})
    answers().clear()  # nothing kept: the same 304, still without running the view
    bare_304 = client.get(VERIFY, query, headers={**headers, "If-None-Match": etag})
    assert kept_304.status_code == bare_304.status_code == 304
    assert kept_304.content == bare_304.content == b""
    assert headers_of(kept_304) == headers_of(bare_304)


def test_head_is_answered_without_a_body(client, entries):
    client.get(VERIFY, {"url": "https://x.com/gouvlu"})
    response = client.head(VERIFY, {"url": "https://x.com/gouvlu"})
    assert response.status_code == 200
    assert response.content == b""


@pytest.mark.parametrize(
    ("method", "query", "headers"),
    [
        ("get", {"url": "https://x.com/gouvlu", "lang": "it"}, {}),  # DRF refuses the language
        ("get", {"url": "https://x.com/gouvlu"}, {"Accept": "application/json; indent=4"}),
        ("get", {"url": "https://x.com/gouvlu"}, {"Accept": "text/html"}),
        ("get", {"url": "https://x.com/gouvlu", "format": "json"}, {}),
        ("get", {"url": "https://x.com/other_one"}, {}),  # not checked yet
        ("options", {"url": "https://x.com/gouvlu"}, {}),
    ],
)
def test_anything_else_is_left_to_drf(client, entries, method, query, headers):
    client.get(VERIFY, {"url": "https://x.com/gouvlu"})  # that verdict is kept
    response = getattr(client, method)(VERIFY, query, headers=headers)
    assert response.status_code in (200, 400, 406)


def test_an_indented_answer_is_still_one_json_object_with_its_time(client, entries):
    query = {"url": "https://x.com/gouvlu"}
    response = client.get(VERIFY, query, headers={"Accept": "application/json; indent=2"})
    assert response.content.startswith(b"{\n  ")
    assert response.json()["result"] == "official"
    assert response.json()["checked_at"]


def test_a_language_drf_refuses_is_refused_even_when_another_is_cached(client, entries):
    client.get(VERIFY, {"url": "https://x.com/gouvlu"})
    response = client.get(VERIFY, {"url": "https://x.com/gouvlu", "lang": "it"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_query"


def test_the_throttle_counts_both_paths_once_each(client, entries, settings, any_cache):
    rest = dict(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"] = {"anon": "3/minute"}
    settings.REST_FRAMEWORK = rest
    assert api_settings.DEFAULT_THROTTLE_RATES == {"anon": "3/minute"}
    query = {"url": "https://x.com/gouvlu"}
    statuses = [client.get(VERIFY, query).status_code for _ in range(3)]  # DRF, kept, kept
    assert statuses == [200, 200, 200]
    refused = client.get(VERIFY, query)
    assert refused.status_code == 429
    assert refused.json()["code"] == "throttled"
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "no-store" in refused["Cache-Control"]


def test_a_cached_verdict_costs_no_query(client, entries, django_assert_num_queries):
    client.get(VERIFY, {"url": "https://x.com/gouvlu"})
    with django_assert_num_queries(0):
        assert client.get(VERIFY, {"url": "https://x.com/gouvlu"}).json()["result"] == "official"


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/api/v1/accounts/", {}),
        ("/api/v1/accounts/", {"platform": "x", "page_size": "1", "page": "2"}),
        ("/api/v1/accounts/", {"q": "gouv", "lang": "en"}),
        ("/api/v1/accounts/{pk}/", {}),
        ("/api/v1/ministries/", {"lang": "de"}),
        ("/api/v1/platforms/", {}),
    ],
)
def test_every_kept_answer_of_the_api_is_served_as_drf_served_it(
    client, make_entry, entries, path, query, django_assert_num_queries
):
    path = path.format(pk=make_entry(Status.VERIFIED, handle="gouvthird").pk)
    first = client.get(path, query)  # computed by DRF, then kept
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get(path, query)
    assert headers_of(second) == headers_of(first)
    assert second.content == first.content  # no time in these answers: the same bytes


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/api/v1/accounts/", {"page": "abc"}),
        ("/api/v1/accounts/", {"platform": "myspace"}),
        ("/api/v1/accounts/999999/", {}),
        ("/api/v1/nowhere/", {}),
    ],
)
def test_errors_are_never_kept_and_always_answered_by_drf(client, entries, path, query):
    first = client.get(path, query)
    assert first.status_code in (400, 404)
    again = client.get(path, query)
    assert (again.status_code, again.json()["code"]) == (first.status_code, first.json()["code"])
