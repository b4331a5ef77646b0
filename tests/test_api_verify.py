"""GET /api/v1/verify/?url=: is this link an official account? Every result and every error."""

import datetime

import pytest
from django.utils import timezone

from registry.links import InvalidAccountURL, parse_account_url
from registry.models import Status

VERIFY = "/api/v1/verify/"


@pytest.mark.parametrize(
    ("status", "result"),
    [(Status.VERIFIED, "official"), (Status.SUSPENDED, "suspended"), (Status.CLOSED, "closed")],
)
def test_a_public_entry_gives_its_result_and_account(client, make_entry, status, result):
    entry = make_entry(status, handle="gouvlu")
    response = client.get(VERIFY, {"url": "https://x.com/gouvlu"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "result", "platform", "handle", "handle_reassigned", "account", "checked_at", "as_of"
    }  # fmt: skip
    assert body["as_of"] is None  # only with at= (tests/test_transparency_http.py)
    assert body["result"] == result
    assert body["handle_reassigned"] is False
    assert body["platform"] == "x"
    assert body["handle"] == "gouvlu"
    assert body["account"]["id"] == entry.pk
    assert body["account"]["status"] == status
    checked_at = datetime.datetime.fromisoformat(body["checked_at"])
    assert abs(timezone.now() - checked_at) < datetime.timedelta(minutes=1)


def test_the_account_in_a_verdict_is_the_same_object_as_in_the_list(client, verified_entry):
    verdict = client.get(VERIFY, {"url": verified_entry.url}).json()
    listed = client.get(f"/api/v1/accounts/{verified_entry.pk}/").json()
    assert verdict["account"] == listed


@pytest.mark.parametrize(
    "status",
    [Status.DRAFT, Status.SUBMITTED, Status.CHANGES_REQUESTED, Status.REJECTED, Status.WITHDRAWN],
)
def test_a_non_public_entry_is_not_registered_to_the_world(client, make_entry, status):
    make_entry(status, handle="gouvlu")
    body = client.get(VERIFY, {"url": "https://x.com/gouvlu"}).json()
    assert body["result"] == "not_registered"
    assert body["account"] is None
    assert body["handle"] == "gouvlu"


def test_an_unknown_account_is_not_registered(client, verified_entry):
    body = client.get(VERIFY, {"url": "https://x.com/fake_gouv_lu"}).json()
    assert body["result"] == "not_registered"
    assert body["account"] is None
    assert body["platform"] == "x"


def test_the_same_handle_on_another_platform_is_not_registered(client, make_entry):
    make_entry(Status.VERIFIED, handle="gouvlu")
    body = client.get(VERIFY, {"url": "https://instagram.com/gouvlu"}).json()
    assert body["result"] == "not_registered"
    assert body["platform"] == "instagram"


@pytest.mark.parametrize("link", ["not a link", "https://example.org/gouvlu", "x.com/"])
def test_a_link_the_parser_refuses_gives_400_with_its_message(client, db, link):
    with pytest.raises(InvalidAccountURL) as refused:
        parse_account_url(link)
    response = client.get(VERIFY, {"url": link, "lang": "en"})
    assert response.status_code == 400
    assert response.json().items() >= {"error": str(refused.value), "code": "invalid_url"}.items()


@pytest.mark.parametrize("query", [{}, {"url": ""}, {"url": "   "}])
def test_a_missing_url_gives_400(client, db, query):
    response = client.get(VERIFY, query, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert (
        response.json().items()
        >= {
            "error": "Give the link to check in the url parameter.",
            "code": "missing_url",
        }.items()
    )


@pytest.mark.parametrize(
    "link", ["https://x.com/a\x00b", "https://x.com/" + "a" * 3000, "http://[::1", "%", "\u202e"]
)
def test_a_strange_link_gives_400_not_500(client, db, link):
    response = client.get(VERIFY, {"url": link})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_url"


def test_verify_makes_at_most_two_queries(client, verified_entry, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get(VERIFY, {"url": verified_entry.url})
    assert response.json()["result"] == "official"


def test_verify_names_the_ministry_in_the_asked_language(client, verified_entry):
    body = client.get(VERIFY, {"url": verified_entry.url, "lang": "de"}).json()
    assert body["account"]["ministry"]["name"] == "Finanzministerium"
    assert body["account"]["page_url"].endswith(f"/de/accounts/{verified_entry.pk}/")


@pytest.mark.parametrize(
    ("link", "imitates"),
    [
        ("twitter.com.evil.example/gouvlu", "x"),
        ("https://twltter.com/gouvlu", "x"),
        ("https://faceb00k.com/gouvlu", "facebook"),
        ("https://f\u0430cebook.com/gouvlu", "facebook"),
        ("https://xn--fcebook-2fg.com/gouvlu", "facebook"),
    ],
)
def test_a_look_alike_link_gives_400_lookalike_naming_the_imitated_platform(
    client, db, link, imitates
):
    response = client.get(VERIFY, {"url": link, "lang": "en"})
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["imitates"]) == ("lookalike", imitates)
    assert "imitates" in body["error"]
    assert "fediverse" not in body["error"]


def test_the_schema_documents_the_lookalike_field_of_errors(client, db):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    error = schema["components"]["schemas"]["Error"]["properties"]
    assert "imitates" in error
    assert "lookalike" in schema["paths"]["/api/v1/verify/"]["get"]["description"]


@pytest.mark.parametrize(
    "link",
    [
        "https://x.com/i/user/783214",
        "https://twitter.com/intent/user?user_id=783214",
    ],
)
def test_an_x_user_number_finds_the_entry_holding_it_as_permanent_id(client, make_entry, link):
    entry = make_entry(Status.VERIFIED, handle="gouvlu", platform_account_id="783214")
    body = client.get(VERIFY, {"url": link}).json()
    assert body["result"] == "official"
    assert (body["platform"], body["handle"]) == ("x", "id:783214")
    assert body["account"]["id"] == entry.pk


def test_a_youtube_channel_id_finds_the_entry_holding_it_as_permanent_id(client, make_entry):
    channel_id = "UCaBcDeFgHiJkLmNoPqRsTuV"
    entry = make_entry(
        Status.VERIFIED,
        platform="youtube",
        handle="@gouvlu",
        url="https://www.youtube.com/@gouvlu",
        platform_account_id=channel_id,
    )
    body = client.get(VERIFY, {"url": f"youtube.com/channel/{channel_id}"}).json()
    assert body["account"]["id"] == entry.pk


def test_a_post_link_without_its_account_says_what_to_paste(client, db):
    response = client.get(VERIFY, {"url": "https://www.instagram.com/p/C1aBcDeFgHi/", "lang": "en"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_url"
    assert "profile page" in response.json()["error"]
