"""The directory, account and ministry pages, in the three languages."""

import pytest
from django.urls import reverse

from accounts.models import Service
from registry.models import Platform, Status
from registry.public.views import pages


def body(client, url, **params) -> str:
    r = client.get(url, params)
    assert r.status_code == 200, url
    return r.content.decode()


def test_the_root_sends_a_visitor_to_their_language(client, db):
    r = client.get("/", HTTP_ACCEPT_LANGUAGE="de")
    assert r.status_code == 302
    assert r["Location"] == "/de/"


def test_the_directory_lists_verified_accounts_with_platform_owner_and_link(client, verified_entry):
    page = body(client, "/en/")
    assert verified_entry.display_name in page
    assert verified_entry.handle in page
    assert f'href="{verified_entry.url}"' in page
    assert 'alt="X (Twitter)"' in page
    assert "Inland Revenue" in page
    assert "Ministry of Finance" in page
    assert "1 account" in page


def test_ministry_and_service_names_follow_the_language(client, verified_entry):
    assert "Steuerverwaltung" in body(client, "/de/")
    assert "Administration des contributions directes" in body(client, "/fr/")


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("gouvlu", True),
        ("@GOUVLU", True),
        ("sante", True),  # accents ignored: "Santé" in the display name
        ("SANTÉ", True),
        ("Steuerverwaltung", True),  # the service's name in another language
        ("nothing-like-it", False),
    ],
)
def test_the_directory_search_ignores_case_and_accents(client, make_entry, query, found):
    make_entry(Status.VERIFIED, handle="gouvlu", display_name="Santé publique")
    page = body(client, "/en/", q=query)
    assert ("Santé publique" in page) is found


def test_the_directory_filters_by_ministry_service_and_platform(
    client, make_entry, service_b, verified_entry
):
    other = make_entry(Status.VERIFIED, service=service_b, platform=Platform.INSTAGRAM)
    page = body(client, "/en/", ministry="sante")
    assert other.display_name in page and verified_entry.display_name not in page
    page = body(client, "/en/", service="contributions")
    assert verified_entry.display_name in page and other.display_name not in page
    page = body(client, "/en/", platform="instagram")
    assert other.display_name in page and verified_entry.display_name not in page


def test_the_filters_show_counts(client, make_entry, verified_entry):
    make_entry(Status.VERIFIED)
    page = body(client, "/en/")
    assert "Ministry of Finance (2)" in page
    assert "X (Twitter) (2)" in page


def test_closed_accounts_are_listed_only_when_asked_for(client, closed_entry, suspended_entry):
    page = body(client, "/en/")
    assert closed_entry.display_name not in page
    assert suspended_entry.display_name in page
    assert closed_entry.display_name in body(client, "/en/", state="closed")


def test_an_unknown_filter_value_is_ignored_not_a_server_error(client, verified_entry):
    page = body(client, "/en/", ministry="nope", platform="myspace", state="weird", page="x")
    assert verified_entry.display_name in page


def test_the_directory_is_paginated_and_pages_keep_the_filters(client, make_entry):
    for _ in range(27):
        make_entry(Status.VERIFIED)
    page = body(client, "/en/", platform="x")
    assert "Page 1 of 2" in page
    assert "?platform=x&amp;page=2" in page
    assert "Page 2 of 2" in body(client, "/en/", platform="x", page=2)


def test_the_account_page_shows_identity_owner_languages_purpose_dates_and_team(client, make_entry):
    entry = make_entry(Status.VERIFIED, platform_account_id="123456789", team_name="Cellule web")
    page = body(client, entry.get_absolute_url().replace("/fr/", "/en/"))
    for text in (
        entry.display_name,
        entry.handle,
        "123456789",
        "Inland Revenue",
        "Ministry of Finance",
        "Luxembourgish",
        "French",
        entry.purpose,
        "Cellule web",
        "Last confirmed",
        "Verified",
    ):
        assert text in page, text


def test_a_suspended_account_page_shows_the_public_notice(client, suspended_entry):
    page = body(client, suspended_entry.get_absolute_url())
    assert "Ce compte a été piraté." in page
    assert "result-suspended" in page


def test_a_closed_account_page_says_when_it_was_closed(client, closed_entry):
    page = body(client, "/en" + closed_entry.get_absolute_url()[3:])
    assert "result-closed" in page
    assert "may now be used by someone else" in page


def test_the_ministry_page_lists_its_services_and_their_public_accounts(
    client, make_entry, ministry_a, service_a, verified_entry, communication_a
):
    other = make_entry(Status.CLOSED, service=communication_a)
    page = body(client, "/en/ministries/finances/")
    assert "Ministry of Finance" in page
    assert "Inland Revenue" in page and "Communication (Finance)" in page
    assert verified_entry.display_name in page and other.display_name in page


def test_the_ministry_page_goes_by_pages_of_accounts_grouped_by_service(
    client, make_entry, ministry_a, service_a, monkeypatch
):
    monkeypatch.setattr(pages, "MINISTRY_PAGE_SIZE", 4)
    second = Service.objects.create(
        ministry=ministry_a, kind=Service.Kind.COMMUNICATION, slug="aa-com",
        name_fr="Zeta", name_de="Zeta", name_en="Alpha comms",
    )  # fmt: skip
    for n in range(3):
        make_entry(Status.VERIFIED, service=second, display_name=f"Comms {n}")
        make_entry(Status.VERIFIED, display_name=f"Revenue {n}")
    make_entry(Status.CLOSED, display_name="Revenue old")
    first = body(client, "/en/ministries/finances/")
    second_page = body(client, "/en/ministries/finances/", page=2)
    french = body(client, "/fr/ministries/finances/")
    # English order: "Alpha comms" before "Inland Revenue"; the service goes on on page 2.
    assert first.index("Alpha comms") < first.index("Inland Revenue") < first.index("Revenue 0")
    assert "Comms 2" in first and "Revenue 1" not in first
    assert "6 current official accounts" in first  # the closed one is listed, not counted
    assert "Page 1 of 2" in first and 'rel="next"' in first
    assert "Inland Revenue" in second_page and "Revenue old" in second_page
    assert "Alpha comms" not in second_page
    # French order: "Administration des contributions directes" (4 accounts) fills page 1.
    assert "Administration des contributions" in french and "Zeta" not in french


def test_an_unknown_ministry_or_account_is_a_404(client, db):
    assert client.get("/en/ministries/nope/").status_code == 404
    assert client.get("/en/accounts/999999/").status_code == 404


@pytest.mark.parametrize("name", ["directory", "verify", "accessibility", "privacy", "report"])
def test_every_public_page_has_the_verify_form_and_the_legal_links(client, db, name):
    page = body(client, reverse(f"public:{name}"))
    assert 'action="/fr/verify/"' in page or 'name="url"' in page
    assert reverse("public:accessibility") in page
    assert reverse("public:privacy") in page


def test_the_language_links_keep_the_current_page_and_query(client, verified_entry):
    page = body(client, "/fr/", q="gouv")
    assert 'href="/de/?q=gouv"' in page
    assert 'href="/en/?q=gouv"' in page
    assert 'hreflang="de" href="http://testserver/de/"' in page


@pytest.mark.parametrize(
    ("lang", "title"),
    [("fr", "Déclaration d"), ("de", "Barrierefreiheit"), ("en", "Accessibility statement")],
)
def test_the_accessibility_statement_exists_in_each_language(client, db, lang, title):
    r = client.get(f"/{lang}/accessibility/")
    assert r.status_code == 200
    assert r.headers["Content-Language"] == lang
