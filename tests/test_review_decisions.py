"""Deciding from the review page: the checklist, reasons, two reviewers at once, conflicts."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from registry.models import Answer, Move, Reason, ReviewEvent, Status
from tests.conftest import answers_for


def checklist_post(answer: str = Answer.MEETS, **overrides) -> dict:
    data = {}
    for row in answers_for("reviewer", answer):
        data[f"answer_{row['code']}"] = overrides.get(row["code"], answer)
        data[f"note_{row['code']}"] = ""
    return data


def decide(client, entry, decision, **extra):
    data = {"decision": decision, "version": entry.version, **checklist_post(), **extra}
    return client.post(reverse("review:decide", args=[entry.pk]), data)


def act(client, entry, move, **extra):
    data = {"move": move, "version": entry.version, **extra}
    return client.post(reverse("review:act", args=[entry.pk]), data)


@pytest.fixture
def mine(make_entry, reviewer):
    return make_entry(Status.SUBMITTED, assigned_reviewer=reviewer)


def test_reviewer_can_verify_a_submitted_entry(client, reviewer, mine):
    client.force_login(reviewer)
    r = decide(client, mine, "verify")
    assert r.status_code == 302
    mine.refresh_from_db()
    assert mine.status == Status.VERIFIED
    event = mine.events.last()
    assert (event.actor, event.move) == (reviewer, Move.VERIFY)
    assert len(event.checklist) == len(answers_for("reviewer"))


def test_the_checklist_and_its_notes_are_stored_with_the_decision(client, reviewer, mine):
    client.force_login(reviewer)
    data = checklist_post()
    data["note_CONTROL_PROVEN"] = "Code seen in the bio on 24.11."
    client.post(
        reverse("review:decide", args=[mine.pk]),
        {"decision": "verify", "version": mine.version, **data},
    )
    stored = {
        row["code"]: row for row in ReviewEvent.objects.filter(move=Move.VERIFY).get().checklist
    }
    assert stored["CONTROL_PROVEN"]["note"] == "Code seen in the bio on 24.11."
    assert stored["CONTROL_PROVEN"]["answer"] == Answer.MEETS


def test_verifying_without_proof_of_control_is_refused_with_a_message(client, reviewer, mine):
    client.force_login(reviewer)
    data = {
        "decision": "verify",
        "version": mine.version,
        **checklist_post(CONTROL_PROVEN=Answer.NOT_APPLICABLE),
    }
    r = client.post(reverse("review:decide", args=[mine.pk]), data)
    assert r.status_code == 400
    assert "proof-of-control code" in r.content.decode()
    mine.refresh_from_db()
    assert mine.status == Status.SUBMITTED


def test_requesting_changes_stores_the_reason_and_the_message_as_sent(client, reviewer, mine):
    client.force_login(reviewer)
    r = decide(client, mine, "request_changes", reason=Reason.LANGUAGES, message="Add German.")
    assert r.status_code == 302
    event = mine.events.last()
    assert (event.move, event.reason, event.message) == (
        Move.REQUEST_CHANGES,
        "LANGUAGES",
        "Add German.",
    )


def test_rejecting_without_a_message_is_refused(client, reviewer, mine):
    client.force_login(reviewer)
    r = decide(client, mine, "reject", reason=Reason.NOT_OFFICIAL, message="")
    assert r.status_code == 400
    assert "Write a message" in r.content.decode()


def test_an_unknown_decision_is_a_400(client, reviewer, mine):
    client.force_login(reviewer)
    assert decide(client, mine, "delete").status_code == 400


def test_two_reviewers_at_once_the_second_decision_is_refused(reviewer, other_reviewer, make_entry):
    entry = make_entry(Status.SUBMITTED)
    first, second = Client(), Client()
    first.force_login(reviewer)
    second.force_login(other_reviewer)
    seen = entry.version  # both load the page
    first.get(reverse("review:entry", args=[entry.pk]))
    second.get(reverse("review:entry", args=[entry.pk]))
    assert act(first, entry, "assign").status_code == 302
    r = second.post(reverse("review:act", args=[entry.pk]), {"move": "assign", "version": seen})
    assert r.status_code == 409
    assert "changed by Rita Reviewer" in r.content.decode()
    entry.refresh_from_db()
    assert entry.assigned_reviewer == reviewer


def test_a_decision_on_a_version_the_reviewer_did_not_see_is_not_applied(
    client, reviewer, editor, mine
):
    from registry import workflow

    client.force_login(reviewer)
    seen = mine.version
    workflow.withdraw(mine, by=editor, version=seen)  # the ministry withdraws meanwhile
    r = client.post(
        reverse("review:decide", args=[mine.pk]),
        {"decision": "verify", "version": seen, **checklist_post()},
    )
    assert r.status_code == 409
    mine.refresh_from_db()
    assert mine.status == Status.WITHDRAWN


def test_a_reviewer_of_the_entrys_ministry_cannot_decide(client, member_reviewer, make_entry):
    entry = make_entry(Status.SUBMITTED, assigned_reviewer=member_reviewer)
    client.force_login(member_reviewer)
    r = decide(client, entry, "verify")
    assert r.status_code == 403
    assert "conflict of interest" in r.content.decode()
    entry.refresh_from_db()
    assert entry.status == Status.SUBMITTED


def test_a_reviewer_of_the_entrys_ministry_sees_the_conflict_on_the_page(
    client, member_reviewer, submitted_entry
):
    client.force_login(member_reviewer)
    html = client.get(reverse("review:entry", args=[submitted_entry.pk])).content.decode()
    assert "conflict of interest" in html
    assert "Assign to me" not in html


@pytest.mark.parametrize("persona", ["editor", "ministry_admin", "agency_user"])
def test_ministry_members_cannot_decide_even_on_their_own_entry(request, client, mine, persona):
    client.force_login(request.getfixturevalue(persona))
    assert decide(client, mine, "verify").status_code == 403
    mine.refresh_from_db()
    assert mine.status == Status.SUBMITTED


def test_assign_to_me_then_hand_back_then_reassign(
    client, reviewer, other_reviewer, submitted_entry
):
    client.force_login(reviewer)
    act(client, submitted_entry, "assign")
    submitted_entry.refresh_from_db()
    assert submitted_entry.assigned_reviewer == reviewer
    act(client, submitted_entry, "unassign")
    submitted_entry.refresh_from_db()
    assert submitted_entry.assigned_reviewer is None
    act(client, submitted_entry, "assign", assignee=other_reviewer.pk)
    submitted_entry.refresh_from_db()
    assert submitted_entry.assigned_reviewer == other_reviewer
    moves = list(submitted_entry.events.values_list("move", flat=True))
    assert moves[-3:] == [Move.ASSIGN, Move.UNASSIGN, Move.ASSIGN]


def test_the_page_offers_only_the_moves_the_table_allows(client, reviewer, verified_entry):
    client.force_login(reviewer)
    r = client.get(reverse("review:entry", args=[verified_entry.pk]))
    offered = [move for move, *_label_and_form in r.context["actions"]]
    assert offered == [Move.ASSIGN, Move.SUSPEND, Move.CLOSE, Move.ANSWER]  # ANSWER: always


def test_suspending_from_the_page_needs_a_reason_and_shows_the_notice(
    client, reviewer, verified_entry
):
    client.force_login(reviewer)
    r = act(client, verified_entry, "suspend", message="Hacked.")
    assert r.status_code == 400
    assert "Choose a reason" in r.content.decode()
    act(client, verified_entry, "suspend", reason=Reason.COMPROMISED, message="Hacked.")
    verified_entry.refresh_from_db()
    assert (verified_entry.status, verified_entry.public_notice) == (Status.SUSPENDED, "Hacked.")


@pytest.mark.parametrize(
    ("fields", "move", "cleared"),
    [
        ({"contact_changed_at": timezone.now()}, "acknowledge", "contact_changed_at"),
        ({"confirmation_submitted_at": timezone.now()}, "recertify", "confirmation_submitted_at"),
    ],
)
def test_changes_and_recertifications_are_accepted_from_the_page(
    client, reviewer, make_entry, fields, move, cleared
):
    entry = make_entry(Status.VERIFIED, **fields)
    client.force_login(reviewer)
    assert act(client, entry, move).status_code == 302
    entry.refresh_from_db()
    assert getattr(entry, cleared) is None
    assert entry.events.last().move == move


def test_an_unknown_action_is_a_400(client, reviewer, verified_entry):
    client.force_login(reviewer)
    assert act(client, verified_entry, "verify").status_code == 400


def test_a_decision_made_on_a_page_loaded_before_a_colleagues_change_is_refused(
    reviewer, other_reviewer, mine
):
    rita, raoul = Client(), Client()
    rita.force_login(reviewer)
    raoul.force_login(other_reviewer)
    page = rita.get(reverse("review:entry", args=[mine.pk]))
    seen = page.context["form"]["version"].value()
    raoul.post(reverse("review:act", args=[mine.pk]), {"move": "unassign", "version": mine.version})
    r = rita.post(
        reverse("review:decide", args=[mine.pk]),
        {"decision": "verify", "version": seen, **checklist_post()},
    )
    assert r.status_code == 409
    assert "changed by Raoul Reviewer" in r.content.decode()
    mine.refresh_from_db()
    assert (mine.status, mine.assigned_reviewer) == (Status.SUBMITTED, None)


# --- Issue 18, requirement 11: the checklist starts from the ministry's answers; rules by label --


def test_the_checklist_starts_from_the_ministrys_self_assessment(client, reviewer, make_entry):
    answers = {row["code"]: {"answer": "meets", "note": ""} for row in answers_for("ministry")}
    answers["LANGUAGES"] = {"answer": "fails", "note": "German missing"}
    entry = make_entry(Status.SUBMITTED, assigned_reviewer=reviewer, self_assessment=answers)
    client.force_login(reviewer)
    page = client.get(reverse("review:entry", args=[entry.pk])).content.decode()
    assert 'name="answer_LANGUAGES" value="fails" required id' not in page  # not required
    assert 'name="answer_LANGUAGES" value="fails"' in page
    languages = page[page.index('name="answer_LANGUAGES" value="fails"') :][:80]
    assert "checked" in languages
    assert "The ministry's answer: “Does not meet”" in page


def test_an_answer_that_differs_from_the_ministrys_is_marked_as_the_reviewers_own(
    client, reviewer, make_entry
):
    answers = {row["code"]: {"answer": "meets", "note": ""} for row in answers_for("ministry")}
    entry = make_entry(Status.SUBMITTED, assigned_reviewer=reviewer, self_assessment=answers)
    client.force_login(reviewer)
    data = {
        "decision": "verify",
        "version": entry.version,
        **checklist_post(NEUTRALITY=Answer.FAILS),
    }
    page = client.post(reverse("review:decide", args=[entry.pk]), data).content.decode()
    assert "Your own answer" in page
    assert "the ministry answered “Meets”" in page


def test_a_refused_verification_names_the_rule_by_its_label_not_its_code(client, reviewer, mine):
    client.force_login(reviewer)
    data = {
        "decision": "verify",
        "version": mine.version,
        **checklist_post(PROFESSIONAL_USE=Answer.FAILS),
    }
    page = client.post(reverse("review:decide", args=[mine.pk]), data).content.decode()
    error = page[page.index('role="alert"') :][:600]
    assert "PROFESSIONAL_USE" not in error
    assert "cannot be verified" in error


def test_an_editor_submitting_an_incomplete_checklist_reads_labels_not_codes(db):
    from registry.errors import WorkflowError
    from registry.workflow.checklists import validate_answers

    with pytest.raises(WorkflowError) as refused:
        validate_answers([], who="ministry", move=Move.SUBMIT)
    assert "PROFESSIONAL_USE" not in str(refused.value)
    assert "FUNCTIONAL_EMAIL" not in str(refused.value)
