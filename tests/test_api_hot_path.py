"""The API's hot path (registry.api.hot_path): an answer already cached is served without
DRF's cycle, exactly as DRF would serve it; anything else goes to DRF."""

import pytest
from django.test import RequestFactory
from django.urls import resolve
from rest_framework.settings import api_settings

from registry.api.hot_path import cached_response
from registry.cache import answers
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


def hot(method: str, query: dict, headers: dict | None = None, path: str = VERIFY):
    """What the hot path alone answers (None: it leaves the request to DRF)."""
    request = getattr(RequestFactory(), method)(path, query, headers=headers or {})
    match = resolve(path)
    view = match.func.cls()
    view.setup(request, *match.args, **match.kwargs)
    return cached_response(view, request)


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
def test_a_cached_verdict_is_answered_as_drf_answers_it(client, entries, query, headers):
    first = client.get(VERIFY, query, headers=headers)  # computed by DRF, then cached
    assert first.status_code == 200
    assert hot("get", query, headers) is not None  # now cached: the hot path answers
    second = client.get(VERIFY, query, headers=headers)
    assert second.status_code == 200
    assert headers_of(second) == headers_of(first)
    assert without_time(second) == without_time(first)
    assert second.json()["checked_at"] != first.json()["checked_at"]


@pytest.mark.parametrize(("query", "headers"), CASES[:3])
def test_a_known_etag_gets_304_on_both_paths(client, entries, query, headers):
    etag = client.get(VERIFY, query)["ETag"]
    from_drf = client.get(VERIFY, {**query, "lang": "fr"}, headers={"If-None-Match": "x"})
    assert from_drf.status_code == 200
    hot_304 = client.get(VERIFY, query, headers={**headers, "If-None-Match": etag})
    assert hot("get", query, {"If-None-Match": etag}).status_code == 304
    answers().clear()  # nothing cached: DRF answers the same 304
    drf_304 = client.get(VERIFY, query, headers={**headers, "If-None-Match": etag})
    assert hot_304.status_code == drf_304.status_code == 304
    assert hot_304.content == drf_304.content == b""
    assert headers_of(hot_304) == headers_of(drf_304)


def test_head_is_answered_without_a_body(client, entries):
    client.get(VERIFY, {"url": "https://x.com/gouvlu"})
    response = client.head(VERIFY, {"url": "https://x.com/gouvlu"})
    assert response.status_code == 200
    assert response.content == b""
    assert hot("head", {"url": "https://x.com/gouvlu"}) is not None


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
    client.get(VERIFY, {"url": "https://x.com/gouvlu"})  # that verdict is cached
    assert hot(method, query, headers) is None
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
    statuses = [client.get(VERIFY, query).status_code for _ in range(3)]  # DRF, hot, hot
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
def test_every_cached_answer_of_the_api_is_served_as_drf_serves_it(
    client, make_entry, entries, path, query
):
    path = path.format(pk=make_entry(Status.VERIFIED, handle="gouvthird").pk)
    first = client.get(path, query)  # computed by DRF, then cached
    assert first.status_code == 200
    assert hot("get", query, path=path) is not None
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
def test_errors_are_never_cached_and_always_answered_by_drf(client, entries, path, query):
    first = client.get(path, query)
    assert first.status_code in (400, 404)
    assert hot("get", query, path=path) is None
    again = client.get(path, query)
    assert (again.status_code, again.json()["code"]) == (first.status_code, first.json()["code"])
