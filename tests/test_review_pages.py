"""The review pages: only the central unit reaches them; the queue lists what waits."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from registry.models import Report, Status

PAGES = ["review:queue", "review:reports", "review:dashboard"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("persona", ["editor", "other_editor", "agency_user", "ministry_admin"])
def test_ministry_members_cannot_reach_the_review_pages(request, client, page, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse(page)).status_code == 403


def test_ministry_members_cannot_open_the_review_of_their_own_entry(
    client, editor, submitted_entry
):
    client.force_login(editor)
    assert client.get(reverse("review:entry", args=[submitted_entry.pk])).status_code == 403


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, page):
    assert client.get(reverse(page)).status_code == 302


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("persona", ["reviewer", "central_admin"])
def test_the_central_unit_reaches_the_review_pages(request, client, page, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse(page)).status_code == 200


def _names(response) -> list[str]:
    return [entry.display_name for entry in response.context["page"]]


def test_the_queue_lists_what_waits_and_nothing_else(client, reviewer, make_entry):
    now = timezone.now()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    waiting = [
        make_entry(Status.SUBMITTED, display_name="Submitted"),
        make_entry(Status.VERIFIED, display_name="Changed", contact_changed_at=now),
        make_entry(Status.VERIFIED, display_name="Confirmed", confirmation_submitted_at=now),
        make_entry(Status.VERIFIED, display_name="Overdue", next_review_due=yesterday),
    ]
    for status in [Status.DRAFT, Status.VERIFIED, Status.CHANGES_REQUESTED, Status.CLOSED]:
        make_entry(status, display_name=f"Quiet {status}")
    client.force_login(reviewer)
    r = client.get(reverse("review:queue"))
    assert sorted(_names(r)) == sorted(e.display_name for e in waiting)
    assert r.context["counts"]["totals"]["total"] == 4


def test_the_queue_shows_the_oldest_first(client, reviewer, make_entry):
    now = timezone.now()
    make_entry(Status.SUBMITTED, display_name="Recent", submitted_at=now)
    make_entry(Status.SUBMITTED, display_name="Old", submitted_at=now - datetime.timedelta(days=9))
    make_entry(
        Status.VERIFIED, display_name="Changed", contact_changed_at=now - datetime.timedelta(days=3)
    )
    client.force_login(reviewer)
    assert _names(client.get(reverse("review:queue"))) == ["Old", "Changed", "Recent"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("assigned=me", ["Mine"]),
        ("assigned=none", ["Nobody's"]),
        ("need=submitted", ["Mine", "Nobody's", "Theirs"]),
        ("need=changed", ["Changed"]),
        ("platform=instagram", ["Theirs"]),
    ],
)
def test_the_queue_filters(client, reviewer, other_reviewer, make_entry, query, expected):
    make_entry(Status.SUBMITTED, display_name="Mine", assigned_reviewer=reviewer)
    make_entry(
        Status.SUBMITTED,
        display_name="Theirs",
        assigned_reviewer=other_reviewer,
        platform="instagram",
    )
    make_entry(Status.SUBMITTED, display_name="Nobody's")
    make_entry(
        Status.VERIFIED,
        display_name="Changed",
        contact_changed_at=timezone.now(),
        assigned_reviewer=other_reviewer,
    )
    client.force_login(reviewer)
    assert sorted(_names(client.get(reverse("review:queue") + "?" + query))) == expected


def test_the_queue_counts_each_quick_filter(client, reviewer, make_entry):
    make_entry(Status.SUBMITTED, assigned_reviewer=reviewer)
    make_entry(Status.SUBMITTED)
    client.force_login(reviewer)
    r = client.get(reverse("review:queue"))
    assert r.context["counts"]["totals"]["mine"] == 1
    assert r.context["counts"]["totals"]["unassigned"] == 1
    assert "Assigned to me (1)" in r.content.decode()


def test_a_bad_filter_is_a_400_not_a_500(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("review:queue") + "?status=nonsense").status_code == 400


def test_the_review_page_opens_the_link_in_a_new_tab_and_shows_the_proof_to_look_for(
    client, reviewer, make_entry
):
    entry = make_entry(Status.SUBMITTED, platform_account_id="1234567890")
    client.force_login(reviewer)
    html = client.get(reverse("review:entry", args=[entry.pk])).content.decode()
    assert f'href="{entry.url}" target="_blank" rel="noopener noreferrer"' in html
    assert entry.control_code in html
    assert "1234567890" in html


def test_choosing_a_reason_prefills_its_standard_message(client, reviewer, submitted_entry):
    client.force_login(reviewer)
    url = reverse("review:entry", args=[submitted_entry.pk])
    r = client.get(url, {"reason": "LANGUAGES", "prefill": "1", "decision": "request_changes"})
    assert "Please declare the languages the account publishes in." in r.content.decode()


def test_the_history_include_shows_every_event_in_order(client, reviewer, make_entry, editor):
    from registry.models import EntryChange

    entry = make_entry(Status.SUBMITTED)
    EntryChange.objects.create(
        entry=entry,
        actor=editor,
        changes={"team_email": ["old@mfin.example.org", "new@mfin.example.org"]},
    )
    client.force_login(reviewer)
    html = client.get(reverse("review:entry", args=[entry.pk])).content.decode()
    assert "new@mfin.example.org" in html
    assert "Alice Editor" in html


def test_a_missing_entry_is_a_404(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("review:entry", args=[999999])).status_code == 404


def test_a_reviewer_closes_a_report_with_a_note_and_the_matching_entry(
    client, reviewer, verified_entry
):
    report = Report.objects.create(
        url="https://x.com/fake", platform="x", handle=verified_entry.handle, client_hash="h"
    )
    client.force_login(reviewer)
    page = client.get(reverse("review:reports")).content.decode()
    assert verified_entry.display_name in page
    r = client.post(
        reverse("review:report-handle", args=[report.pk]),
        {
            f"r{report.pk}-status": "dismissed",
            f"r{report.pk}-note": "The real one.",
            f"r{report.pk}-entry": verified_entry.pk,
        },
    )
    assert r.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.handling_note, report.entry, report.handled_by) == (
        "dismissed",
        "The real one.",
        verified_entry,
        reviewer,
    )


def test_a_report_cannot_be_closed_twice(client, reviewer):
    report = Report.objects.create(url="https://x.com/fake", client_hash="h", status="handled")
    client.force_login(reviewer)
    r = client.post(
        reverse("review:report-handle", args=[report.pk]),
        {f"r{report.pk}-status": "dismissed", f"r{report.pk}-note": "Again."},
        follow=True,
    )
    assert "already been dealt with" in r.content.decode()


def test_a_resubmission_is_labelled_as_such(client, reviewer, make_entry):
    from registry.models import ReviewEvent

    entry = make_entry(Status.SUBMITTED)
    ReviewEvent.objects.create(
        entry=entry, actor=reviewer, move="request_changes", to_status=Status.CHANGES_REQUESTED
    )
    client.force_login(reviewer)
    assert "Resubmitted after changes" in client.get(reverse("review:queue")).content.decode()


def test_open_reports_from_citizens_appear_in_the_queue(client, reviewer):
    Report.objects.create(
        url="https://x.com/faux_gouv", platform="x", handle="faux_gouv", client_hash="h"
    )
    Report.objects.create(url="https://x.com/done", client_hash="h", status="handled")
    client.force_login(reviewer)
    html = client.get(reverse("review:queue")).content.decode()
    assert "faux_gouv" in html
    assert "Reports from citizens (1)" in html
