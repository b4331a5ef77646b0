"""The API's answers follow the conventions outside tools expect (issue 33.6): RFC 9457 problem
details for every error, `Vary: Accept` and no ETag on a 406, the IETF RateLimit fields."""

import pytest

from registry.web.problems import PROBLEM_JSON

ERRORS = [
    ("/api/v1/verify/", {}, 400, "missing_url"),
    ("/api/v1/accounts/", {"platform": "myspace"}, 400, "invalid_query"),
    ("/api/v1/accounts/999999/", {}, 404, "not_found"),
    ("/api/v1/nowhere/", {}, 404, "not_found"),
    ("/open-data/accounts.csv", {"status": "draft"}, 400, "invalid_query"),
]


@pytest.mark.parametrize("path, query, status, code", ERRORS)
def test_every_error_is_a_problem_document(client, db, path, query, status, code):
    response = client.get(path, query, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == status
    assert response["Content-Type"].startswith(PROBLEM_JSON)
    body = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["detail"] == body["error"]
    assert body["title"]
    assert body["type"].endswith(f"/api/docs/#error-{code}")


def test_a_406_has_no_etag_and_varies_with_accept(client, verified_entry):
    plain = client.get("/api/v1/accounts/")
    refused = client.get("/api/v1/accounts/", HTTP_ACCEPT="application/xml")
    assert refused.status_code == 406
    assert refused["Content-Type"].startswith(PROBLEM_JSON)
    assert "ETag" not in refused
    assert "Accept" in refused["Vary"]
    assert "Accept" in plain["Vary"]


def test_a_client_holding_the_json_etag_gets_a_406_not_a_304_for_xml(client, verified_entry):
    plain = client.get("/api/v1/accounts/")
    again = client.get(
        "/api/v1/accounts/", HTTP_ACCEPT="application/xml", HTTP_IF_NONE_MATCH=plain["ETag"]
    )
    assert again.status_code == 406


def test_a_304_varies_with_accept_as_its_200_does(client, verified_entry):
    plain = client.get("/api/v1/platforms/")
    held = client.get("/api/v1/platforms/", HTTP_IF_NONE_MATCH=plain["ETag"])
    assert held.status_code == 304
    assert "Accept" in held["Vary"]


def test_every_answer_states_the_rate_limit_policy(client, db, slow_rate):
    response = client.get("/api/v1/platforms/")
    assert response["RateLimit-Policy"] == '"per-client";q=3;w=60'
    assert "RateLimit" not in response


def test_a_throttled_client_is_told_its_quota_is_spent_and_when_it_returns(client, db, slow_rate):
    for _ in range(3):
        client.get("/api/v1/platforms/")
    refused = client.get("/api/v1/platforms/")
    assert refused.status_code == 429
    assert refused["RateLimit"] == f'"per-client";r=0;t={refused["Retry-After"]}'
    assert refused.json()["code"] == "throttled"


def test_a_browser_script_may_read_the_rate_limit_fields(client, db):
    response = client.get("/api/v1/platforms/", HTTP_ORIGIN="https://news.example")
    exposed = response["Access-Control-Expose-Headers"]
    assert {"RateLimit", "RateLimit-Policy", "Retry-After"} <= set(
        exposed.replace(" ", "").split(",")
    )
