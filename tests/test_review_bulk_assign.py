"""Fewer clicks per decision (issue 18, requirement 11): bulk assignment from the queue, a text
search in the queue, and "next in queue" after a decision."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.models import Membership
from accounts.roles import REVIEWERS
from registry.models import Move, ReviewEvent, Status
from tests.conftest import answers_for, make_user

QUEUE = "/en/review/"
BULK = "/en/review/assign/"


def bulk(client, entries, assignee, **extra):
    data = {
        "entries": [e.pk for e in entries],
        "assignee": assignee.pk,
        **{f"version_{e.pk}": e.version for e in entries},
        **extra,
    }
    return client.post(BULK, data)


def test_the_queue_offers_a_tick_box_per_entry_and_one_assign_button(
    client, reviewer, submitted_entry
):
    client.force_login(reviewer)
    page = client.get(QUEUE).content.decode()
    assert f'name="entries" value="{submitted_entry.pk}"' in page
    assert f'action="{BULK}"' in page


def test_several_entries_are_assigned_to_one_reviewer_in_one_post(
    client, reviewer, other_reviewer, make_entry
):
    entries = [make_entry(Status.SUBMITTED) for _ in range(3)]
    client.force_login(reviewer)
    response = bulk(client, entries, other_reviewer)
    assert response.status_code == 302
    for entry in entries:
        entry.refresh_from_db()
        assert entry.assigned_reviewer == other_reviewer
    events = ReviewEvent.objects.filter(move=Move.ASSIGN)
    assert [(e.actor, e.assignee) for e in events] == [(reviewer, other_reviewer)] * 3
    assert "3 entries assigned to Raoul Reviewer." in [
        str(m) for m in get_messages(response.wsgi_request)
    ]


def test_one_entry_assigned_says_entry_in_the_singular(client, reviewer, submitted_entry):
    client.force_login(reviewer)
    response = bulk(client, [submitted_entry], reviewer)
    assert "1 entry assigned to Rita Reviewer." in [
        str(m) for m in get_messages(response.wsgi_request)
    ]


def test_an_entry_the_workflow_refuses_is_named_and_the_others_are_assigned(
    client, reviewer, make_entry, draft_entry
):
    ok = make_entry(Status.SUBMITTED)
    client.force_login(reviewer)
    response = bulk(client, [ok, draft_entry], reviewer)
    ok.refresh_from_db()
    draft_entry.refresh_from_db()
    assert ok.assigned_reviewer == reviewer
    assert draft_entry.assigned_reviewer is None
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(t.startswith(draft_entry.display_name + ":") for t in texts)


def test_an_assignee_of_the_entrys_ministry_is_refused(client, reviewer, ministry_a, make_entry):
    conflicted = make_user("mira@mfin.example.org", "Mira Memberreviewer")
    conflicted.groups.add(Group.objects.get(name=REVIEWERS))
    Membership.objects.create(user=conflicted, ministry=ministry_a, role=Membership.Role.EDITOR)
    entry = make_entry(Status.SUBMITTED)
    client.force_login(reviewer)
    bulk(client, [entry], conflicted)
    entry.refresh_from_db()
    assert entry.assigned_reviewer is None


def test_a_stale_version_is_refused_not_overwritten(client, reviewer, other_reviewer, make_entry):
    entry = make_entry(Status.SUBMITTED)
    client.force_login(reviewer)
    client.post(
        BULK,
        {"entries": [entry.pk], "assignee": other_reviewer.pk, f"version_{entry.pk}": 99},
    )
    entry.refresh_from_db()
    assert entry.assigned_reviewer is None


@pytest.mark.parametrize(
    "data",
    [{}, {"entries": ["abc"], "assignee": "1"}, {"entries": ["999999"], "assignee": "x"}],
)
def test_a_malformed_bulk_post_is_a_message_not_a_500(client, reviewer, data):
    client.force_login(reviewer)
    response = client.post(BULK, data)
    assert response.status_code == 302
    assert list(get_messages(response.wsgi_request))


def test_after_bulk_assignment_the_queue_keeps_its_filters(client, reviewer, submitted_entry):
    client.force_login(reviewer)
    response = bulk(client, [submitted_entry], reviewer, back="need=submitted&platform=x")
    assert response["Location"] == QUEUE + "?need=submitted&platform=x"


def test_the_back_address_can_only_be_a_query_string(client, reviewer, submitted_entry):
    client.force_login(reviewer)
    response = bulk(client, [submitted_entry], reviewer, back="//evil.example/")
    assert response["Location"].startswith(QUEUE)


# --- The queue's text search -------------------------------------------------------------------


@pytest.mark.parametrize("query", ["finances", "FINANCES", "Éducation", "education", "MFIN"])
def test_the_queue_finds_entries_by_name_or_ministry_whatever_the_case_and_accents(
    client, reviewer, make_entry, query
):
    wanted = make_entry(Status.SUBMITTED, display_name="Éducation et finances")
    client.force_login(reviewer)
    page = client.get(QUEUE, {"q": query}).content.decode()
    assert f"/review/entries/{wanted.pk}/" in page


def test_the_queue_search_leaves_out_what_does_not_match(client, reviewer, make_entry):
    make_entry(Status.SUBMITTED, display_name="Douanes")
    client.force_login(reviewer)
    page = client.get(QUEUE, {"q": "zzzz"}).content.decode()
    assert "Nothing waits here." in page


# --- Next in queue -------------------------------------------------------------------------------


def decide_verify(client, entry, **extra):
    data = {"decision": "verify", "version": entry.version, **extra}
    for row in answers_for("reviewer"):
        data[f"answer_{row['code']}"] = row["answer"]
    return client.post(reverse("review:decide", args=[entry.pk]), data)


def test_the_entry_page_links_to_the_next_entry_in_the_queue(client, reviewer, make_entry):
    first = make_entry(Status.SUBMITTED, assigned_reviewer=reviewer)
    second = make_entry(Status.SUBMITTED)
    client.force_login(reviewer)
    page = client.get(reverse("review:entry", args=[first.pk])).content.decode()
    assert f'href="/en/review/entries/{second.pk}/">Next in queue' in page


def test_record_and_next_opens_the_next_entry(client, reviewer, make_entry):
    first = make_entry(Status.SUBMITTED, assigned_reviewer=reviewer)
    second = make_entry(Status.SUBMITTED)
    client.force_login(reviewer)
    response = decide_verify(client, first, then="next")
    assert response["Location"] == reverse("review:entry", args=[second.pk])


def test_next_in_queue_skips_entries_assigned_to_others_and_of_ones_own_ministry(
    client, reviewer, other_reviewer, make_entry, service_b, ministry_b
):
    first = make_entry(Status.SUBMITTED, assigned_reviewer=reviewer)
    make_entry(Status.SUBMITTED, assigned_reviewer=other_reviewer)
    Membership.objects.create(user=reviewer, ministry=ministry_b, role=Membership.Role.EDITOR)
    make_entry(Status.SUBMITTED, service=service_b, team_email="c@msan.example.org")
    client.force_login(reviewer)
    response = decide_verify(client, first, then="next")
    assert response["Location"] == reverse("review:queue")


def test_recording_without_next_stays_on_the_entry(client, reviewer, make_entry):
    first = make_entry(Status.SUBMITTED, assigned_reviewer=reviewer)
    make_entry(Status.SUBMITTED)
    client.force_login(reviewer)
    response = decide_verify(client, first)
    assert response["Location"] == reverse("review:entry", args=[first.pk])
