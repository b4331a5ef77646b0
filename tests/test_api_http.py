"""The API as HTTP: read-only, throttled, open to any origin, cacheable, multilingual, cheap."""

import pytest

from registry import workflow
from registry.api import windows
from registry.api.throttling import PublicRateThrottle
from registry.models import Reason, Status

ENDPOINTS = [
    "/api/v1/accounts/",
    "/api/v1/accounts/{pk}/",
    "/api/v1/verify/?url=https://x.com/{handle}",
    "/api/v1/ministries/",
    "/api/v1/platforms/",
]


def path_of(template: str, entry) -> str:
    return template.format(pk=entry.pk, handle=entry.handle)


@pytest.mark.parametrize("template", ENDPOINTS)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_every_write_method_answers_405(client, verified_entry, template, method):
    response = getattr(client, method)(path_of(template, verified_entry), {}, "application/json")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert "POST" not in response["Allow"]


@pytest.mark.parametrize("template", ENDPOINTS)
def test_every_answer_carries_an_etag_and_public_caching(client, verified_entry, template):
    response = client.get(path_of(template, verified_entry))
    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    # Stored by any cache, revalidated before every reuse: no proxy keeps an old "official".
    assert response["Cache-Control"] == "public, no-cache"
    assert "Accept-Language" in response["Vary"]


@pytest.mark.parametrize("template", ENDPOINTS)
def test_a_matching_if_none_match_gives_304_without_a_body(client, verified_entry, template):
    path = path_of(template, verified_entry)
    etag = client.get(path)["ETag"]
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


def test_an_error_answer_is_cacheable_too(client, db):
    response = client.get("/api/v1/verify/")
    assert response.status_code == 400
    assert response["ETag"]
    assert "public" in response["Cache-Control"]


def test_another_language_or_query_has_another_etag(client, verified_entry):
    tags = {
        client.get("/api/v1/accounts/", query)["ETag"]
        for query in [{}, {"lang": "de"}, {"platform": "x"}]
    }
    tags.add(client.get("/api/v1/accounts/", headers={"Accept-Language": "en"})["ETag"])
    assert len(tags) == 4


def suspend(entry, reviewer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.suspend(
            entry, by=reviewer, version=entry.version, reason=Reason.COMPROMISED, message="Piraté."
        )


def test_a_suspension_changes_the_answer_at_once(
    client, make_entry, service_b, reviewer, django_capture_on_commit_callbacks
):
    # Ministry B has no members and the entry no mailbox: the suspension e-mails nobody, so the
    # test runs every on-commit callback without depending on the workspace's URLs.
    entry = make_entry(Status.VERIFIED, service=service_b, team_email="")
    path = f"/api/v1/verify/?url={entry.url}"
    before = client.get(path)
    assert before.json()["result"] == "official"
    suspend(entry, reviewer, django_capture_on_commit_callbacks)
    after = client.get(path, headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200
    assert after.json()["result"] == "suspended"
    assert after["ETag"] != before["ETag"]


def test_a_closure_by_the_ministry_changes_the_list_at_once(
    client, verified_entry, editor, django_capture_on_commit_callbacks
):
    before = client.get("/api/v1/accounts/", {"status": "verified"})
    assert before.json()["count"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        workflow.close(verified_entry, by=editor, version=verified_entry.version, message="Fin.")
    after = client.get(
        "/api/v1/accounts/", {"status": "verified"}, headers={"If-None-Match": before["ETag"]}
    )
    assert after.status_code == 200
    assert after.json()["count"] == 0


def test_a_client_over_the_rate_gets_429_with_retry_after(client, db, slow_rate):
    for _ in range(3):
        assert client.get("/api/v1/platforms/").status_code == 200
    response = client.get("/api/v1/platforms/")
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert 0 < int(response["Retry-After"]) <= 60
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_the_window_opens_again_when_its_period_ends(client, db, settings, any_cache, monkeypatch):
    rest = dict(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"] = {"anon": "2/minute"}
    settings.REST_FRAMEWORK = rest
    now = [1_000_000.0]
    monkeypatch.setattr(PublicRateThrottle, "timer", lambda self: now[0])  # DRF's clock, ours
    assert [client.get("/api/v1/platforms/").status_code for _ in range(3)] == [200, 200, 429]
    now[0] += 59
    assert client.get("/api/v1/platforms/").status_code == 429
    now[0] += 1
    assert [client.get("/api/v1/platforms/").status_code for _ in range(3)] == [200, 200, 429]


def test_with_redis_a_client_far_from_its_limit_costs_a_round_trip_every_64_requests(
    client, verified_entry, redis_cache, redis_monitor, settings
):
    """Behind several app servers (Redis shared): the register version is kept between Redis's
    notices (registry.web.version_notices) and the throttle reserves requests ahead
    (registry.api.windows): kept answers cost no round trip of their own."""
    use_rate(settings, "6000/minute")
    path = path_of(ENDPOINTS[2], verified_entry)
    assert client.get(path).status_code == 200  # computed, then kept; 64 requests reserved
    redis_monitor.commands(redis_cache)
    assert [client.get(path).status_code for _ in range(100)] == [200] * 100
    assert redis_monitor.commands(redis_cache) == ["EVALSHA"]  # at the 65th request


@pytest.mark.parametrize("limit", [1, 5, 64, 130, 1000])
def test_with_redis_no_client_gets_more_than_its_limit_across_processes(
    client, db, redis_cache, settings, monkeypatch, limit
):
    """Three processes (each its own reserved requests) serve one client in turn: never more than
    its limit admitted, and at most what the processes reserved and could not use is lost."""
    use_rate(settings, f"{limit}/hour")
    processes = [{}, {}, {}]
    admitted = 0
    for n in range(limit + 100):
        monkeypatch.setattr(windows, "_leases", processes[n % 3])
        admitted += client.get("/api/v1/platforms/").status_code == 200
    assert limit - 3 * max(1, limit // 64 // 64) <= admitted <= limit


def use_rate(settings, rate: str) -> None:
    rest = dict(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"] = {"anon": rate}
    settings.REST_FRAMEWORK = rest


def test_retry_after_is_the_time_left_in_the_window(client, db, slow_rate):
    for _ in range(4):
        response = client.get("/api/v1/platforms/")
    assert response.status_code == 429
    assert 58 <= int(response["Retry-After"]) <= 60  # the window opened a moment ago


def test_the_rate_is_counted_per_client(client, db, slow_rate):
    for _ in range(3):
        client.get("/api/v1/platforms/", REMOTE_ADDR="192.0.2.1")
    assert client.get("/api/v1/platforms/", REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.get("/api/v1/platforms/", REMOTE_ADDR="192.0.2.2").status_code == 200


def test_a_forged_forwarded_for_header_does_not_dodge_the_rate(client, db, slow_rate):
    for n in range(3):
        client.get("/api/v1/platforms/", headers={"X-Forwarded-For": f"198.51.100.{n}"})
    response = client.get("/api/v1/platforms/", headers={"X-Forwarded-For": "198.51.100.9"})
    assert response.status_code == 429


def test_any_origin_may_read_the_api(client, db):
    response = client.get("/api/v1/platforms/", headers={"Origin": "https://news.example"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response


def test_a_preflight_allows_reading_only(client, db):
    response = client.options(
        "/api/v1/accounts/",
        headers={"Origin": "https://news.example", "Access-Control-Request-Method": "GET"},
    )
    assert response.status_code == 200
    allowed = {method.strip() for method in response["Access-Control-Allow-Methods"].split(",")}
    assert allowed == {"GET", "HEAD", "OPTIONS"}


@pytest.mark.parametrize("path", ["/api/schema/", "/api/docs/", "/healthz"])
def test_no_other_path_is_opened_to_other_origins(client, db, path):
    response = client.get(path, headers={"Origin": "https://news.example"})
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize(
    ("query", "headers", "ministry", "service"),
    [
        ({}, {}, "Ministère des Finances", "Administration des contributions directes"),
        ({"lang": "de"}, {}, "Finanzministerium", "Steuerverwaltung"),
        ({}, {"Accept-Language": "en-GB,en;q=0.9"}, "Ministry of Finance", "Inland Revenue"),
        ({}, {"Accept-Language": "it, de;q=0.5, en;q=0.8"}, "Ministry of Finance",
         "Inland Revenue"),
        ({"lang": "fr"}, {"Accept-Language": "de"}, "Ministère des Finances",
         "Administration des contributions directes"),
    ],
)  # fmt: skip
def test_names_follow_lang_then_accept_language(client, verified_entry, query, headers,
                                                ministry, service):  # fmt: skip
    account = client.get("/api/v1/accounts/", query, headers=headers).json()["results"][0]
    assert account["ministry"]["name"] == ministry
    assert account["service"]["name"] == service


def test_the_answer_says_its_language(client, verified_entry):
    response = client.get("/api/v1/accounts/", {"lang": "de"})
    assert response["Content-Language"] == "de"


@pytest.mark.parametrize("count", [1, 30])
@pytest.mark.parametrize("page_size", [5, 200])
def test_the_list_makes_a_fixed_number_of_queries(
    client, make_entry, service_b, django_assert_max_num_queries, count, page_size,
    version_confirmed,
):  # fmt: skip
    for n in range(count):
        make_entry(Status.VERIFIED, service=service_b if n % 2 else None)
    with django_assert_max_num_queries(2):
        response = client.get("/api/v1/accounts/", {"page_size": page_size, "lang": "en"})
    assert response.json()["count"] == count


def test_the_ministries_list_makes_a_fixed_number_of_queries(
    client, verified_entry, other_ministry_entry, django_assert_max_num_queries, version_confirmed
):
    # the kept counts (one query), the ministries, their services
    with django_assert_max_num_queries(3):
        client.get("/api/v1/ministries/")


@pytest.mark.parametrize("template", ENDPOINTS)
def test_no_endpoint_shows_personal_data(client, verified_entry, editor, reviewer, agency,
                                         template):  # fmt: skip
    verified_entry.agency = agency
    verified_entry.assigned_reviewer = reviewer
    verified_entry.save()
    text = client.get(path_of(template, verified_entry)).content.decode()
    for secret in [
        editor.email,
        editor.full_name,
        reviewer.email,
        reviewer.full_name,
        verified_entry.team_email,
        verified_entry.team_name,
        agency.name,
        agency.contact_email,
        verified_entry.control_code,
        "@",
    ]:  # no e-mail address at all (the entry is on X: no @ in its handle)
        assert secret not in text


@pytest.mark.parametrize("template", ENDPOINTS)
def test_head_answers_like_get_without_a_body(client, verified_entry, template):
    response = client.head(path_of(template, verified_entry))
    assert response.status_code == 200
    assert response.content == b""
    assert response["ETag"]
