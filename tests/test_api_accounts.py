"""The public API's accounts: the list and one account, every field and every filter."""

import datetime

import pytest
from django.utils import timezone

from registry.models import SocialAccount, Status
from tests.conftest import NON_PUBLIC

LIST = "/api/v1/accounts/"
PUBLIC = [Status.VERIFIED, Status.SUSPENDED, Status.CLOSED]


def handles(response) -> list[str]:
    return [account["handle"] for account in response.json()["results"]]


def test_an_account_shows_every_field_of_the_contract(client, verified_entry):
    response = client.get(LIST, {"lang": "en"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 1
    account = body["results"][0]
    entry = verified_entry
    assert account == {
        "id": entry.pk,
        "platform": "x",
        "handle": entry.handle,
        "url": entry.url,
        "display_name": entry.display_name,
        "kind": "institutional",
        "status": "verified",
        "ministry": {"slug": "finances", "name": "Ministry of Finance"},
        "service": {"slug": "contributions", "name": "Inland Revenue"},
        "languages": ["lb", "fr"],
        "verified_at": account["verified_at"],
        "last_confirmed_at": account["last_confirmed_at"],
        "closed_at": None,
        "page_url": f"http://testserver/en/accounts/{entry.pk}/",
    }
    assert datetime.datetime.fromisoformat(account["verified_at"]) == entry.verified_at
    assert datetime.datetime.fromisoformat(account["last_confirmed_at"]) == entry.last_confirmed_at


def test_a_closed_account_gives_its_closing_date(client, closed_entry):
    account = client.get(f"{LIST}{closed_entry.pk}/").json()
    assert account["status"] == "closed"
    assert datetime.datetime.fromisoformat(account["closed_at"]) == closed_entry.closed_at


@pytest.mark.parametrize("status", NON_PUBLIC)
def test_a_non_public_entry_is_never_listed(client, make_entry, verified_entry, status):
    hidden = make_entry(status)
    response = client.get(LIST)
    assert hidden.handle not in handles(response)
    assert handles(response) == [verified_entry.handle]


@pytest.mark.parametrize("status", NON_PUBLIC)
def test_a_non_public_entry_is_not_found_by_id(client, make_entry, status):
    hidden = make_entry(status)
    response = client.get(f"{LIST}{hidden.pk}/")
    assert response.status_code == 404
    assert (
        response.json().items()
        >= {"error": "No public account has this id.", "code": "not_found"}.items()
    )


@pytest.mark.parametrize("status", PUBLIC)
def test_a_public_entry_is_found_by_id(client, make_entry, status):
    entry = make_entry(status)
    response = client.get(f"{LIST}{entry.pk}/")
    assert response.status_code == 200
    assert response.json()["status"] == status


@pytest.mark.parametrize("pk", ["0", "999999", "9223372036854775808", "99999999999999999999"])
def test_an_unknown_id_gives_a_json_404(client, db, pk):
    response = client.get(f"{LIST}{pk}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize(
    "path", ["/api/v1/accounts/abc/", "/api/v1/nothing/", "/api/v2/", "/api/v1/accounts/%0A/"]
)
def test_an_unknown_path_under_the_api_gives_the_api_404(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    assert (
        response.json().items()
        >= {"error": "There is no such path in the API.", "code": "not_found"}.items()
    )


def test_no_personal_data_appears_in_any_account(client, verified_entry, editor, agency):
    SocialAccount.objects.filter(pk=verified_entry.pk).update(agency=agency, team_phone="+352 1")
    text = (
        client.get(LIST).content.decode()
        + client.get(f"{LIST}{verified_entry.pk}/").content.decode()
    )
    for secret in [
        editor.email,
        editor.full_name,
        verified_entry.team_email,
        verified_entry.team_name,
        verified_entry.control_code,
        agency.name,
        agency.contact_email,
        "+352 1",
        "@mfin.example.org",
    ]:
        assert secret not in text


@pytest.fixture
def spread(make_entry, service_a, service_b):
    """Four public entries across two ministries, platforms, languages and statuses."""
    old = timezone.now() - datetime.timedelta(days=30)
    entries = {
        "finx": make_entry(Status.VERIFIED, handle="finx", display_name="Finances Luxembourg"),
        "fininsta": make_entry(
            Status.SUSPENDED,
            handle="fininsta",
            platform="instagram",
            url="https://instagram.com/fininsta",
            display_name="Impôts",
            languages=["de"],
        ),
        "santex": make_entry(
            Status.CLOSED,
            handle="santex",
            service=service_b,
            display_name="Santé publique",
            languages=["en", "fr"],
        ),
        "santenews": make_entry(
            Status.VERIFIED, handle="santenews", service=service_b, display_name="Actualités santé"
        ),
    }
    SocialAccount.objects.filter(handle__in=["finx", "santex"]).update(updated_at=old)
    return entries


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["santenews", "finx", "fininsta", "santex"]),
        ({"platform": "instagram"}, ["fininsta"]),
        ({"platform": "x"}, ["santenews", "finx", "santex"]),
        ({"ministry": "sante"}, ["santenews", "santex"]),
        ({"ministry": "nowhere"}, []),
        ({"service": "contributions"}, ["finx", "fininsta"]),
        ({"language": "de"}, ["fininsta"]),
        ({"language": "en"}, ["santex"]),
        ({"language": "lb"}, ["santenews", "finx"]),
        ({"status": "suspended"}, ["fininsta"]),
        ({"status": "closed"}, ["santex"]),
        ({"status": "verified"}, ["santenews", "finx"]),
        ({"q": "santé"}, ["santenews", "santex"]),
        ({"q": "SANTE"}, ["santenews", "santex"]),  # whatever the case and accents, name order
        ({"q": "sante", "ordering": "-handle"}, ["santex", "santenews"]),
        ({"q": "@FININ"}, ["fininsta"]),
        ({"q": "luxembourg"}, ["finx"]),
        ({"ministry": "finances", "platform": "x"}, ["finx"]),
        ({"ordering": "handle"}, ["fininsta", "finx", "santenews", "santex"]),
        ({"ordering": "-handle"}, ["santex", "santenews", "finx", "fininsta"]),
    ],
)
def test_filters_and_ordering_select_the_expected_accounts(client, spread, query, expected):
    response = client.get(LIST, query)
    assert response.status_code == 200
    assert handles(response) == expected
    assert response.json()["count"] == len(expected)


def test_updated_since_keeps_entries_changed_on_or_after_the_date(client, spread):
    since = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    assert sorted(handles(client.get(LIST, {"updated_since": since}))) == ["fininsta", "santenews"]


@pytest.mark.parametrize(
    ("changed_at", "kept"),
    [
        ("2026-03-09T23:59:59+01:00", False),  # the evening before, in Luxembourg
        ("2026-03-09T23:30:00+00:00", True),  # the same instant as 00:30 in Luxembourg
        ("2026-03-10T00:00:00+01:00", True),
        ("2026-07-09T22:30:00+00:00", True),  # summer time: 00:30 on the 10th in Luxembourg
        ("2026-07-09T21:59:59+00:00", False),
    ],
)
def test_updated_since_counts_days_where_the_registry_is(client, spread, changed_at, kept):
    entry = SocialAccount.objects.get(handle="finx")
    SocialAccount.objects.filter(pk=entry.pk).update(
        updated_at=datetime.datetime.fromisoformat(changed_at)
    )
    day = "2026-07-10" if changed_at.startswith("2026-07") else "2026-03-10"
    listed = handles(client.get(LIST, {"updated_since": day}))
    assert ("finx" in listed) is kept


@pytest.mark.parametrize("status", NON_PUBLIC)
def test_asking_for_a_non_public_status_is_refused(client, db, status):
    response = client.get(LIST, {"status": status})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_query"
    assert "status" in response.json()["fields"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"platform": "myspace"}, "platform"),
        ({"language": "xx"}, "language"),
        ({"updated_since": "yesterday"}, "updated_since"),
        ({"q": "a\x00b"}, "q"),
        ({"ministry": "a\x00b"}, "ministry"),
        ({"lang": "it"}, "lang"),
        ({"lang": ""}, "lang"),
        ({"platform": ""}, "platform"),
        ({"language": ""}, "language"),
        ({"status": ""}, "status"),
        ({"updated_since": ""}, "updated_since"),
    ],
)
def test_an_invalid_filter_gives_a_400_naming_the_field(client, db, query, field):
    response = client.get(LIST, query, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "A query parameter is not valid."
    assert body["code"] == "invalid_query"
    assert list(body["fields"]) == [field]


def test_pages_link_to_each_other(client, spread):
    first = client.get(LIST, {"page_size": 3}).json()
    assert first["count"] == 4
    assert len(first["results"]) == 3
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/accounts/?page=2&page_size=3"
    second = client.get(first["next"]).json()
    assert handles_of(second) == ["santex"]
    assert second["next"] is None


def handles_of(body) -> list[str]:
    return [account["handle"] for account in body["results"]]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"page": ""}, "page"),
        ({"page": "0"}, "page"),
        ({"page": "last"}, "page"),
        ({"page_size": "abc"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "-5"}, "page_size"),
        ({"page_size": "201"}, "page_size"),
        ({"page_size": "٣"}, "page_size"),
    ],
)
def test_an_invalid_page_or_page_size_gives_a_400(client, db, query, field):
    response = client.get(LIST, query)
    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]


def test_a_page_past_the_end_gives_a_404(client, spread):
    response = client.get(LIST, {"page": 9})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
