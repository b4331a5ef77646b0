"""E-mails: one per decision to the ministry, one per submission to reviewers, queued with the
move and sent by the job queue."""

import pytest
from django.core import mail
from django.db import transaction

from accounts.models import Membership
from outbox.models import OutgoingEmail
from registry import workflow
from registry.models import Reason, Status
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
    body = mail.outbox[0].body
    assert "Add German, please." in body
    assert f"/fr/workspace/entries/{mine.pk}/" in body


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
        workflow.reject(mine, by=reviewer, version=mine.version, reason="", message="")
    assert run_jobs() == 0
    assert mail.outbox == []


def test_the_ministry_hears_in_its_own_language(
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
    assert f"/de/workspace/entries/{entry.pk}/" in mail.outbox[0].body


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


def test_a_ministry_closing_its_own_account_is_not_mailed_about_it(
    run_jobs, verified_entry, editor
):
    workflow.close(verified_entry, by=editor, version=verified_entry.version, message="Unused.")
    run_jobs()
    assert mail.outbox == []


@pytest.mark.parametrize("move", ["assign", "acknowledge"])
def test_housekeeping_moves_mail_nobody(run_jobs, make_entry, reviewer, editor, move):
    from django.utils import timezone

    entry = make_entry(Status.VERIFIED, contact_changed_at=timezone.now())
    workflow.apply(entry, move, by=reviewer, version=entry.version)
    run_jobs()
    assert mail.outbox == []
