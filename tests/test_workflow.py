"""The transition table, as a specification: every move, from every status, by every role.

The table below is written out by hand, not read from `workflow.TRANSITIONS`, so that a change
to the rules has to change both, and this test says what the rules are.
"""

import datetime

import pytest
from django.utils import timezone

from registry import workflow
from registry.errors import StaleEntry, WorkflowError
from registry.models import Answer, Finding, Move, Reason, ReviewEvent, Status, WatchState
from tests.conftest import answers_for

S = Status
MEMBER, REVIEWER = "member", "reviewer"

# move: (statuses it starts from, who may make it)
SPEC = {
    Move.SUBMIT: ({S.DRAFT, S.CHANGES_REQUESTED}, {MEMBER}),
    Move.WITHDRAW: ({S.DRAFT, S.SUBMITTED, S.CHANGES_REQUESTED}, {MEMBER}),
    Move.ASSIGN: ({S.SUBMITTED, S.VERIFIED, S.SUSPENDED}, {REVIEWER}),
    Move.UNASSIGN: ({S.SUBMITTED, S.VERIFIED, S.SUSPENDED}, {REVIEWER}),
    Move.REQUEST_CHANGES: ({S.SUBMITTED}, {REVIEWER}),
    Move.VERIFY: ({S.SUBMITTED}, {REVIEWER}),
    Move.REJECT: ({S.SUBMITTED}, {REVIEWER}),
    Move.SUSPEND: ({S.VERIFIED}, {REVIEWER}),
    Move.REINSTATE: ({S.SUSPENDED}, {REVIEWER}),
    Move.CLOSE: ({S.VERIFIED, S.SUSPENDED}, {MEMBER, REVIEWER}),
    Move.REOPEN: ({S.CLOSED}, {MEMBER}),
    Move.CONFIRM: ({S.VERIFIED}, {MEMBER}),
    Move.RECERTIFY: ({S.VERIFIED}, {REVIEWER}),
    Move.ACKNOWLEDGE: ({S.VERIFIED, S.SUSPENDED}, {REVIEWER}),
    # The watch (issue 16): no person suspends for a takeover; the central unit answers findings.
    Move.WATCH_SUSPEND: ({S.VERIFIED}, set()),
    Move.ACCEPT_HANDLE: ({S.VERIFIED, S.SUSPENDED}, {REVIEWER}),
    Move.WATCH_HANDLED: ({S.VERIFIED, S.SUSPENDED, S.CLOSED}, {REVIEWER}),
}
TARGET = {
    Move.SUBMIT: S.SUBMITTED,
    Move.WITHDRAW: S.WITHDRAWN,
    Move.REQUEST_CHANGES: S.CHANGES_REQUESTED,
    Move.VERIFY: S.VERIFIED,
    Move.REJECT: S.REJECTED,
    Move.SUSPEND: S.SUSPENDED,
    Move.REINSTATE: S.VERIFIED,
    Move.CLOSE: S.CLOSED,
    Move.REOPEN: S.SUBMITTED,
}
# persona: the role it acts in on an entry of ministry A without an agency (None: no role)
ROLES = {
    "editor": MEMBER,
    "other_editor": None,
    "agency_user": None,  # agency staff act only on their agency's entries
    "reviewer": REVIEWER,
    "member_reviewer": MEMBER,  # a reviewer in ministry A is, there, a member and not a reviewer
    "central_admin": REVIEWER,
}


def _prepare(make_entry, status, move, actor, assignee):
    """An entry in `status` meeting every condition of `move` except status and actor."""
    soon = timezone.localdate() + datetime.timedelta(days=10)
    entry = make_entry(
        status,
        next_review_due=soon,
        contact_changed_at=timezone.now(),
        confirmation_submitted_at=timezone.now() if move == Move.RECERTIFY else None,
        assigned_reviewer=assignee if move != Move.ASSIGN else None,
    )
    if move in (Move.ACCEPT_HANDLE, Move.WATCH_HANDLED):  # the watch found a new handle
        WatchState.objects.create(
            entry=entry,
            finding=Finding.RENAMED,
            pending_handle=entry.handle + "new",
            handle_lost_at=timezone.now(),
        )
    return entry


def _arguments(move):
    kwargs = {"reason": Reason.OTHER, "message": "Because."}
    if move in (Move.SUBMIT, Move.CONFIRM):
        kwargs["checklist"] = answers_for("ministry")
    if move in (Move.VERIFY, Move.REQUEST_CHANGES, Move.REJECT):
        kwargs["checklist"] = answers_for("reviewer")
    return kwargs


CASES = [(move, status, persona) for move in SPEC for status in Status for persona in ROLES]


@pytest.mark.parametrize(("move", "status", "persona"), CASES)
def test_each_move_is_allowed_exactly_where_the_table_says(
    request, make_entry, reviewer, move, status, persona
):
    actor = request.getfixturevalue(persona)
    sources, actors = SPEC[move]
    expected = status in sources and ROLES[persona] in actors
    assignee = actor if ROLES[persona] == REVIEWER else reviewer
    entry = _prepare(make_entry, status, move, actor, assignee)
    assert workflow.can(actor, entry, move) is expected
    if expected:
        event = workflow.apply(entry, move, by=actor, version=entry.version, **_arguments(move))
        assert event.entry.status == TARGET.get(move, status)
        assert (event.from_status, event.to_status, event.actor) == (
            status,
            event.entry.status,
            actor,
        )
    else:
        with pytest.raises(WorkflowError):
            workflow.apply(entry, move, by=actor, version=entry.version, **_arguments(move))
        entry.refresh_from_db()
        assert entry.status == status
        assert entry.events.count() == 1  # only the creation


def test_the_table_covers_every_move_the_spec_names():
    assert set(workflow.TRANSITIONS) == set(SPEC)


def test_a_reviewer_in_the_entrys_ministry_is_told_about_the_conflict(
    member_reviewer, submitted_entry
):
    why = workflow.refusal(submitted_entry, Move.ASSIGN, member_reviewer)
    assert "conflict of interest" in why


def test_a_reviewer_must_take_the_entry_before_deciding(reviewer, submitted_entry):
    assert workflow.refusal(submitted_entry, Move.VERIFY, reviewer) == (
        "Assign this entry to yourself before deciding."
    )


def test_a_reviewer_cannot_decide_on_an_entry_assigned_to_a_colleague(
    reviewer, other_reviewer, make_entry
):
    entry = make_entry(Status.SUBMITTED, assigned_reviewer=other_reviewer)
    with pytest.raises(WorkflowError, match="Assign this entry to yourself"):
        workflow.verify(
            entry, by=reviewer, version=entry.version, checklist=answers_for("reviewer")
        )


def test_reassigning_records_who_it_went_to(reviewer, other_reviewer, submitted_entry):
    taken = workflow.assign(submitted_entry, by=reviewer, version=submitted_entry.version).entry
    event = workflow.assign(taken, by=reviewer, version=taken.version, assignee=other_reviewer)
    assert event.entry.assigned_reviewer == other_reviewer
    assert (event.move, event.assignee) == (Move.ASSIGN, other_reviewer)


@pytest.mark.parametrize("persona", ["editor", "member_reviewer"])
def test_an_entry_cannot_be_assigned_to_someone_who_may_not_review_it(
    request, reviewer, submitted_entry, persona
):
    with pytest.raises(WorkflowError, match="cannot review this entry"):
        workflow.assign(
            submitted_entry,
            by=reviewer,
            version=submitted_entry.version,
            assignee=request.getfixturevalue(persona),
        )


def test_handing_back_leaves_the_entry_unassigned(reviewer, make_entry):
    entry = make_entry(Status.SUBMITTED, assigned_reviewer=reviewer)
    event = workflow.unassign(entry, by=reviewer, version=entry.version)
    assert event.entry.assigned_reviewer is None
    assert entry.events.last().move == Move.UNASSIGN


def _assigned(make_entry, reviewer):
    return make_entry(Status.SUBMITTED, assigned_reviewer=reviewer)


def test_verifying_stores_the_checklist_with_each_items_code_and_label(reviewer, make_entry):
    entry = _assigned(make_entry, reviewer)
    answers = answers_for("reviewer")
    answers[0]["note"] = "Seen on the profile."
    event = workflow.verify(entry, by=reviewer, version=entry.version, checklist=answers)
    stored = ReviewEvent.objects.get(pk=event.pk).checklist
    assert [a["code"] for a in stored] == [a["code"] for a in answers]
    assert stored[0]["note"] == "Seen on the profile."
    assert set(stored[0]["label"]) == {"lb", "fr", "de", "en"}
    assert all(a["answer"] == Answer.MEETS for a in stored)


def test_verifying_sets_the_next_review_a_setting_away(settings, reviewer, make_entry):
    settings.REVIEW_INTERVAL_DAYS = 100
    entry = _assigned(make_entry, reviewer)
    entry = workflow.verify(
        entry, by=reviewer, version=entry.version, checklist=answers_for("reviewer")
    ).entry
    assert entry.verified_at is not None
    assert entry.next_review_due == timezone.localdate() + datetime.timedelta(days=100)
    assert entry.assigned_reviewer is None


def test_verifying_without_seeing_the_control_code_is_refused(reviewer, make_entry):
    entry = _assigned(make_entry, reviewer)
    answers = [
        {**a, "answer": Answer.NOT_APPLICABLE} if a["code"] == "CONTROL_PROVEN" else a
        for a in answers_for("reviewer")
    ]
    with pytest.raises(WorkflowError, match="proof-of-control code"):
        workflow.verify(entry, by=reviewer, version=entry.version, checklist=answers)
    entry.refresh_from_db()
    assert entry.status == Status.SUBMITTED


def test_verifying_with_an_unanswered_item_is_refused(reviewer, make_entry):
    entry = _assigned(make_entry, reviewer)
    with pytest.raises(WorkflowError, match="missing"):
        workflow.verify(
            entry, by=reviewer, version=entry.version, checklist=answers_for("reviewer")[1:]
        )


def test_a_retired_item_stays_in_past_decisions(reviewer, make_entry):
    from registry.models import ChecklistItem

    entry = _assigned(make_entry, reviewer)
    event = workflow.verify(
        entry, by=reviewer, version=entry.version, checklist=answers_for("reviewer")
    )
    item = ChecklistItem.objects.get(code=event.checklist[0]["code"])
    item.active = False
    item.label_en = "Renamed later"
    item.save()
    stored = ReviewEvent.objects.get(pk=event.pk).checklist[0]
    assert stored["code"] == item.code
    assert stored["label"]["en"] != "Renamed later"


@pytest.mark.parametrize(
    ("move", "missing", "error"),
    [
        (Move.REQUEST_CHANGES, "reason", "Choose a reason"),
        (Move.REQUEST_CHANGES, "message", "Write a message"),
        (Move.REJECT, "reason", "Choose a reason"),
        (Move.REJECT, "message", "Write a message"),
    ],
)
def test_a_refusal_needs_a_reason_and_a_message(reviewer, make_entry, move, missing, error):
    entry = _assigned(make_entry, reviewer)
    kwargs = {"reason": Reason.NEUTRALITY, "message": "Please fix.", missing: ""}
    with pytest.raises(WorkflowError, match=error):
        workflow.apply(entry, move, by=reviewer, version=entry.version, **kwargs)


def test_the_message_sent_is_the_message_stored(reviewer, make_entry):
    entry = _assigned(make_entry, reviewer)
    event = workflow.request_changes(
        entry,
        by=reviewer,
        version=entry.version,
        reason=Reason.LANGUAGES,
        message="  Add the languages.  ",
    )
    assert (event.reason, event.message) == (Reason.LANGUAGES, "Add the languages.")
    # The resubmission comes back to the same person.
    assert event.entry.assigned_reviewer == reviewer


def test_a_decision_on_an_older_version_is_refused_and_says_who_changed_it(reviewer, make_entry):
    entry = _assigned(make_entry, reviewer)
    seen = entry.version
    workflow.unassign(entry, by=reviewer, version=seen)
    with pytest.raises(StaleEntry, match="Rita Reviewer"):
        workflow.assign(entry, by=reviewer, version=seen)


def test_suspending_shows_the_message_as_a_public_notice_until_reinstated(reviewer, verified_entry):
    suspended = workflow.suspend(
        verified_entry,
        by=reviewer,
        version=verified_entry.version,
        reason=Reason.COMPROMISED,
        message="Account hacked.",
    ).entry
    assert suspended.public_notice == "Account hacked."
    reinstated = workflow.reinstate(suspended, by=reviewer, version=suspended.version).entry
    assert (reinstated.status, reinstated.public_notice) == (Status.VERIFIED, "")


def test_accepting_a_recertification_moves_the_due_date(reviewer, make_entry):
    entry = make_entry(
        Status.VERIFIED,
        next_review_due=timezone.localdate(),
        confirmation_submitted_at=timezone.now(),
    )
    entry = workflow.recertify(entry, by=reviewer, version=entry.version).entry
    assert entry.next_review_due > timezone.localdate()
    assert entry.confirmation_submitted_at is None


def test_the_ministry_cannot_confirm_long_before_the_due_date(editor, verified_entry):
    assert workflow.refusal(verified_entry, Move.CONFIRM, editor) == (
        "This entry is not due for re-certification yet."
    )


def test_handing_back_an_unassigned_entry_is_refused(reviewer, submitted_entry):
    assert workflow.refusal(submitted_entry, Move.UNASSIGN, reviewer) == (
        "Nobody is assigned to this entry."
    )


@pytest.mark.parametrize("status", list(Status))
def test_only_the_watch_suspends_for_a_takeover_and_only_a_verified_entry(make_entry, status):
    entry = make_entry(status)
    if status != S.VERIFIED:
        with pytest.raises(WorkflowError):
            workflow.watch_apply(entry, Move.WATCH_SUSPEND, message="Repris.")
        return
    event = workflow.watch_apply(entry, Move.WATCH_SUSPEND, message="Repris.")
    entry.refresh_from_db()
    assert (event.actor, entry.status, entry.public_notice) == (None, S.SUSPENDED, "Repris.")


def test_the_watch_cannot_make_a_move_of_people(verified_entry):
    with pytest.raises(WorkflowError):
        workflow.watch_apply(verified_entry, Move.SUSPEND, message="Non.")
