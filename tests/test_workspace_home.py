"""My ministry's register: what a member sees after sign-in (issue 5, requirement 1)."""

import datetime

import pytest
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.formats import date_format

from registry.models import SocialAccount, Status

HOME = reverse_lazy("workspace:home")


def names(response) -> list[str]:
    return [entry.display_name for entry, _expected in response.context["rows"]]


def test_a_member_sees_the_entries_of_their_ministry_and_only_those(
    client, editor, draft_entry, verified_entry, other_ministry_entry
):
    client.force_login(editor)
    response = client.get(HOME)
    assert sorted(names(response)) == sorted(
        [draft_entry.display_name, verified_entry.display_name]
    )
    assert other_ministry_entry.display_name not in response.content.decode()


def test_each_row_shows_status_platform_service_review_date_and_what_is_expected(
    client, editor, make_entry
):
    make_entry(Status.CHANGES_REQUESTED, display_name="Compte fiscal")
    client.force_login(editor)
    page = client.get(HOME).content.decode()
    assert 'class="badge status-changes_requested"' in page
    assert "X (Twitter)" in page
    assert "Inland Revenue" in page  # the service, named in the page's language
    assert "Make the changes the central unit asks for" in page


def test_a_verified_entry_due_for_recertification_asks_for_confirmation(client, editor, make_entry):
    soon = timezone.localdate() + datetime.timedelta(days=5)
    make_entry(Status.VERIFIED, next_review_due=soon)
    client.force_login(editor)
    page = client.get(HOME).content.decode()
    assert "Re-certification due: confirm the entry is still accurate." in page
    with translation.override("en"):
        assert date_format(soon, "DATE_FORMAT") in page  # "9 December 2026"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": Status.VERIFIED}, ["Verified one"]),
        ({"platform": SocialAccount.Platform.INSTAGRAM}, ["On Instagram"]),
        ({"q": "verified"}, ["Verified one"]),
        ({"q": "@insta_gouv"}, ["On Instagram"]),
        ({"sort": "-name"}, ["Verified one", "On Instagram", "Draft one"]),
    ],
)
def test_filters_search_and_sorting(client, editor, make_entry, query, expected):
    make_entry(Status.DRAFT, display_name="Draft one")
    make_entry(Status.VERIFIED, display_name="Verified one")
    make_entry(
        Status.DRAFT,
        display_name="On Instagram",
        handle="insta_gouv",
        platform=SocialAccount.Platform.INSTAGRAM,
        url="https://instagram.com/insta_gouv",
    )
    client.force_login(editor)
    assert names(client.get(HOME, query)) == expected


def test_filtering_by_service(client, editor, make_entry, communication_a):
    make_entry(display_name="Tax office")
    make_entry(display_name="Press office", service=communication_a)
    client.force_login(editor)
    assert names(client.get(HOME, {"service": communication_a.pk})) == ["Press office"]


def test_filtering_by_a_service_of_another_ministry_shows_nothing_of_it(
    client, editor, service_b, other_ministry_entry
):
    client.force_login(editor)
    response = client.get(HOME, {"service": service_b.pk})
    assert other_ministry_entry.display_name not in response.content.decode()


def test_the_register_is_paginated_and_keeps_the_filters(client, editor, make_entry):
    for n in range(27):
        make_entry(Status.DRAFT, display_name=f"Compte {n:02}")
    client.force_login(editor)
    first = client.get(HOME, {"status": Status.DRAFT})
    assert len(names(first)) == 25
    assert "status=draft&amp;page=2" in first.content.decode()
    second = client.get(HOME, {"status": Status.DRAFT, "page": 2})
    assert names(second) == ["Compte 25", "Compte 26"]


def test_an_agency_member_sees_only_their_agencys_entries(client, agency_user, agency, make_entry):
    make_entry(display_name="Managed by the agency", agency=agency)
    make_entry(display_name="Managed in house")
    client.force_login(agency_user)
    assert names(client.get(HOME)) == ["Managed by the agency"]


def test_someone_without_a_membership_is_refused(client, reviewer):
    client.force_login(reviewer)
    assert client.get(HOME).status_code == 403


def test_a_visitor_is_sent_to_sign_in(client):
    response = client.get(HOME)
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


def test_a_ministry_admin_finds_the_members_page_from_the_register(
    client, ministry_admin, editor, ministry_a
):
    members = reverse("workspace:members", args=[ministry_a.slug])
    client.force_login(ministry_admin)
    assert members in client.get(HOME).content.decode()
    client.force_login(editor)
    assert members not in client.get(HOME).content.decode()


@pytest.mark.parametrize(
    ("person", "heading"),
    [("editor", "My ministry"), ("agency_user", "Accounts my agency manages")],
)
def test_the_page_is_headed_for_who_reads_it(client, request, english, person, heading):
    client.force_login(request.getfixturevalue(person))
    page = client.get(reverse("workspace:home")).content.decode()
    assert page.split("<h1>")[1].startswith(heading)
