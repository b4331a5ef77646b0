"""E-mails: one per decision to the ministry, one per submission to reviewers, queued with the
move and sent by the job queue."""

import pytest
from django.core import mail
from django.db import transaction

from accounts.models import Membership
from outbox.models import OutgoingEmail
from registry import workflow
from registry.models import Move, Reason, Status
from tests.conftest import answers_for


@pytest.fixture
def mine(make_entry, reviewer):
    return make_entry(Status.SUBMITTED, assigned_reviewer=reviewer)


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_a_decision_mails_the_ministry_once_through_the_queue(
    run_jobs, reviewer, editor, ministry_admin, mine
):
    workflow.request_changes(
        mine,
        by=reviewer,
        version=mine.version,
        reason=Reason.LANGUAGES,
        message="Add German, please.",
    )
    assert mail.outbox == []  # queued, not sent: a worker sends it
    assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.QUEUED).count() == 3
    assert run_jobs() == 3
    assert run_jobs() == 0  # sent once
    assert recipients() == [
        "alice@mfin.example.org",
        "communication@mfin.example.org",
        "dora@mfin.example.org",
    ]
    body = {m.to[0]: m.body for m in mail.outbox}
    assert "Add German, please." in body["alice@mfin.example.org"]
    assert f"/en/workspace/entries/{mine.pk}/" in body["alice@mfin.example.org"]
    # the team's mailbox reads the ministry's language of correspondence
    assert f"/fr/workspace/entries/{mine.pk}/" in body["communication@mfin.example.org"]


def test_a_rolled_back_decision_mails_nobody(run_jobs, reviewer, editor, mine):
    with pytest.raises(RuntimeError), transaction.atomic():
        workflow.verify(mine, by=reviewer, version=mine.version, checklist=answers_for("reviewer"))
        raise RuntimeError("the database failed after the move")
    assert run_jobs() == 0
    assert mail.outbox == []
    assert not OutgoingEmail.objects.exists()
    mine.refresh_from_db()
    assert mine.status == Status.SUBMITTED


def test_a_refused_decision_mails_nobody(run_jobs, reviewer, editor, mine):
    with pytest.raises(workflow.WorkflowError):
        workflow.apply(mine, Move.REJECT, by=reviewer, version=mine.version, reason="", message="")
    run_jobs()
    assert mail.outbox == []


def test_the_team_mailbox_hears_in_the_ministrys_language_and_each_person_in_their_own(
    run_jobs, make_entry, service_b, other_editor, reviewer
):
    entry = make_entry(
        Status.SUBMITTED,
        service=service_b,
        assigned_reviewer=reviewer,
        team_email="communication@msan.example.org",
    )
    workflow.verify(entry, by=reviewer, version=entry.version, checklist=answers_for("reviewer"))
    run_jobs()
    body = {m.to[0]: m.body for m in mail.outbox}
    assert f"/de/workspace/entries/{entry.pk}/" in body["communication@msan.example.org"]
    assert f"/en/workspace/entries/{entry.pk}/" in body["bob@msan.example.org"]


@pytest.mark.parametrize("status", [Status.DRAFT, Status.CHANGES_REQUESTED])
def test_each_submission_or_resubmission_mails_the_central_unit_once(
    run_jobs,
    make_entry,
    editor,
    reviewer,
    other_reviewer,
    central_admin,
    status,
):
    entry = make_entry(status)
    workflow.submit(entry, by=editor, version=entry.version, checklist=answers_for("ministry"))
    run_jobs()
    assert recipients() == ["carl@sip.example", "raoul@sip.example", "rita@sip.example"]
    assert f"/review/entries/{entry.pk}/" in mail.outbox[0].body


def test_a_reviewer_of_the_entrys_ministry_is_not_mailed_about_it(
    run_jobs, draft_entry, editor, reviewer, ministry_a
):
    Membership.objects.create(user=reviewer, ministry=ministry_a, role=Membership.Role.EDITOR)
    workflow.submit(
        draft_entry, by=editor, version=draft_entry.version, checklist=answers_for("ministry")
    )
    run_jobs()
    assert "rita@sip.example" not in recipients()


def test_agency_staff_hear_only_about_their_agencys_entries(
    run_jobs, make_entry, reviewer, editor, agency_user, agency
):
    theirs = make_entry(Status.SUBMITTED, agency=agency, assigned_reviewer=reviewer)
    other = make_entry(Status.SUBMITTED, assigned_reviewer=reviewer)
    workflow.verify(theirs, by=reviewer, version=theirs.version, checklist=answers_for("reviewer"))
    run_jobs()
    assert "carla@lumiere.example" in recipients()
    mail.outbox.clear()
    workflow.verify(other, by=reviewer, version=other.version, checklist=answers_for("reviewer"))
    run_jobs()
    assert "carla@lumiere.example" not in recipients()


def test_agency_staff_in_another_ministry_are_not_mailed_about_this_one(
    run_jobs, make_entry, reviewer, agency_user, ministry_b
):
    # Carla works for ministry A through the agency, and for ministry B directly.
    Membership.objects.create(user=agency_user, ministry=ministry_b, role=Membership.Role.EDITOR)
    entry = make_entry(Status.SUBMITTED, assigned_reviewer=reviewer)  # ministry A, no agency
    workflow.verify(entry, by=reviewer, version=entry.version, checklist=answers_for("reviewer"))
    run_jobs()
    assert "carla@lumiere.example" not in recipients()


def test_a_ministry_closing_its_own_account_tells_the_central_unit_not_itself(
    run_jobs, verified_entry, editor, ministry_admin, reviewer
):
    workflow.close(verified_entry, by=editor, version=verified_entry.version, message="Unused.")
    run_jobs()
    assert recipients() == [reviewer.email]
    message = mail.outbox[0]
    assert "Closed by MFIN" in message.subject
    assert "Alice Editor (MFIN) closed the entry" in message.body
    assert "Unused." in message.body
    assert f"/review/entries/{verified_entry.pk}/" in message.body


@pytest.mark.parametrize("move", ["assign", "acknowledge"])
def test_housekeeping_moves_mail_nobody(run_jobs, make_entry, reviewer, editor, move):
    from django.utils import timezone

    entry = make_entry(Status.VERIFIED, contact_changed_at=timezone.now())
    workflow.apply(entry, move, by=reviewer, version=entry.version)
    run_jobs()
    assert mail.outbox == []


# --- Issue 18, requirement 12: each e-mail written for its reader and its event -------------


def decide(entry, move: str, by, **kwargs):
    return workflow.apply(entry, move, by=by, version=entry.version, **kwargs)


@pytest.mark.parametrize(
    ("status", "move", "kwargs", "says"),
    [
        (
            Status.SUBMITTED,
            "request_changes",
            {"reason": Reason.LANGUAGES, "message": "Add German."},
            "asks for changes to the entry",
        ),
        (Status.SUBMITTED, "verify", {"checklist": "reviewer"}, "may now remove the proof"),
        (
            Status.SUBMITTED,
            "reject",
            {"reason": Reason.NOT_OFFICIAL, "message": "Not ours."},
            "has rejected the entry",
        ),
        (
            Status.VERIFIED,
            "suspend",
            {"reason": Reason.NEUTRALITY, "message": "Partisan posts."},
            "has suspended the entry",
        ),
        (Status.SUSPENDED, "reinstate", {}, "is official again"),
        (Status.VERIFIED, "close", {"message": "Account deleted."}, "has closed the entry"),
    ],
)
def test_each_decision_mail_says_what_happened_in_its_own_words(
    run_jobs, make_entry, reviewer, editor, status, move, kwargs, says
):
    entry = make_entry(status, assigned_reviewer=reviewer)
    if kwargs.get("checklist"):
        kwargs = {**kwargs, "checklist": answers_for("reviewer")}
    decide(entry, move, reviewer, **kwargs)
    run_jobs()
    body = mail.outbox[0].body
    assert says in body
    assert "Decision:" not in body
    assert "Status:" not in body
    assert "has reviewed" not in body


def test_a_suspension_for_a_hacked_account_says_so_and_what_to_do(
    run_jobs, verified_entry, reviewer, editor
):
    workflow.suspend(
        verified_entry,
        by=reviewer,
        version=verified_entry.version,
        reason=Reason.COMPROMISED,
        message="This account was hacked; do not trust its posts.",
    )
    run_jobs()
    body = mail.outbox[0].body
    assert "taken over by someone else" in body
    assert "Secure the account" in body
    assert "do not trust its posts" in body
    assert "examined" not in body and "Suspended" not in body


def test_someone_invited_who_has_not_chosen_a_password_gets_no_entry_mail(
    run_jobs, verified_entry, reviewer, editor, ministry_a
):
    from accounts.models import User

    invited = User.objects.create_user(email="new@mfin.example.org", full_name="New Person")
    Membership.objects.create(user=invited, ministry=ministry_a, role=Membership.Role.EDITOR)
    workflow.suspend(
        verified_entry,
        by=reviewer,
        version=verified_entry.version,
        reason=Reason.COMPROMISED,
        message="Hacked.",
    )
    run_jobs()
    assert "new@mfin.example.org" not in recipients()
    assert editor.email in recipients()


def test_a_submission_of_an_assigned_entry_mails_its_reviewer_only(
    run_jobs, make_entry, editor, reviewer, other_reviewer
):
    entry = make_entry(Status.DRAFT, assigned_reviewer=other_reviewer)
    workflow.submit(entry, by=editor, version=entry.version, checklist=answers_for("ministry"))
    run_jobs()
    assert recipients() == [other_reviewer.email]
    assert "Alice Editor (MFIN) submitted the entry" in mail.outbox[0].body


def test_a_submission_assigned_to_someone_who_left_the_unit_mails_the_whole_unit(
    run_jobs, make_entry, editor, reviewer, other_reviewer
):
    other_reviewer.is_active = False
    other_reviewer.save()
    entry = make_entry(Status.DRAFT, assigned_reviewer=other_reviewer)
    workflow.submit(entry, by=editor, version=entry.version, checklist=answers_for("ministry"))
    run_jobs()
    assert recipients() == [reviewer.email]


def test_a_reviewer_reads_the_submission_in_their_own_language(
    run_jobs, draft_entry, editor, reviewer
):
    reviewer.language = "de"
    reviewer.save()
    workflow.submit(
        draft_entry, by=editor, version=draft_entry.version, checklist=answers_for("ministry")
    )
    run_jobs()
    assert f"/de/review/entries/{draft_entry.pk}/" in mail.outbox[0].body


def report_from(client, language: str, email: str = "citizen@example.net"):
    from registry.models import Report

    client.post(
        f"/{language}/report/",
        {"url": "https://x.com/faux_gouv", "note": "Looks fake.", "email": email},
    )
    return Report.objects.get()


@pytest.mark.parametrize(
    ("outcome", "says"),
    [("handled", "took action"), ("dismissed", "found nothing that calls for action")],
)
def test_a_citizen_who_left_an_address_is_told_the_outcome(
    run_jobs, client, reviewer, outcome, says
):
    from registry.reports import handle_report

    report = report_from(client, "en")
    handle_report(report, by=reviewer, status=outcome, note="Internal: checked the profile.")
    run_jobs()
    assert recipients() == ["citizen@example.net"]
    body = mail.outbox[0].body
    assert says in body
    assert "https://x.com/faux_gouv" in body
    assert "Internal: checked the profile." not in body  # the note is the central unit's own


def test_the_citizen_is_answered_in_the_language_of_the_report_page(run_jobs, client, reviewer):
    from registry.reports import handle_report

    report = report_from(client, "de")
    handle_report(report, by=reviewer, status="dismissed", note="Nothing.")
    run_jobs()
    assert report.language == "de"
    assert "Ihre Meldung" in mail.outbox[0].subject


def test_a_citizen_who_left_no_address_gets_nothing(run_jobs, client, reviewer):
    from registry.reports import handle_report

    report = report_from(client, "en", email="")
    handle_report(report, by=reviewer, status="handled", note="Done.")
    run_jobs()
    assert mail.outbox == []
