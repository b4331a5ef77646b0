"""E-mails: one per decision to the ministry, one per submission to reviewers, after commit."""

import pytest
from django.core import mail
from django.db import transaction

from accounts.models import Membership
from registry import workflow
from registry.models import Move, Reason, Status
from tests.conftest import answers_for


@pytest.fixture
def mine(make_entry, reviewer):
    return make_entry(Status.SUBMITTED, assigned_reviewer=reviewer)


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_a_decision_mails_the_ministry_once_after_commit(
    django_capture_on_commit_callbacks, reviewer, editor, ministry_admin, mine
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        workflow.request_changes(
            mine,
            by=reviewer,
            version=mine.version,
            reason=Reason.LANGUAGES,
            message="Add German, please.",
        )
        assert mail.outbox == []  # nothing before the commit
    assert len(callbacks) == 2  # the e-mail and the cache bump
    assert recipients() == [
        "alice@mfin.example.org",
        "communication@mfin.example.org",
        "dora@mfin.example.org",
    ]
    body = mail.outbox[0].body
    assert "Add German, please." in body
    assert f"/fr/workspace/entries/{mine.pk}/" in body


def test_a_rolled_back_decision_mails_nobody(
    django_capture_on_commit_callbacks, reviewer, editor, mine
):
    capture = django_capture_on_commit_callbacks(execute=True)
    with capture, pytest.raises(RuntimeError), transaction.atomic():
        workflow.verify(mine, by=reviewer, version=mine.version, checklist=answers_for("reviewer"))
        raise RuntimeError("the database failed after the move")
    assert mail.outbox == []
    mine.refresh_from_db()
    assert mine.status == Status.SUBMITTED


def test_a_refused_decision_mails_nobody(
    django_capture_on_commit_callbacks, reviewer, editor, mine
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(workflow.WorkflowError):
        workflow.apply(mine, Move.REJECT, by=reviewer, version=mine.version, reason="", message="")
    assert mail.outbox == []


def test_the_ministry_hears_in_its_own_language(
    django_capture_on_commit_callbacks, make_entry, service_b, other_editor, reviewer
):
    entry = make_entry(
        Status.SUBMITTED,
        service=service_b,
        assigned_reviewer=reviewer,
        team_email="communication@msan.example.org",
    )
    with django_capture_on_commit_callbacks(execute=True):
        workflow.verify(
            entry, by=reviewer, version=entry.version, checklist=answers_for("reviewer")
        )
    assert f"/de/workspace/entries/{entry.pk}/" in mail.outbox[0].body


@pytest.mark.parametrize("status", [Status.DRAFT, Status.CHANGES_REQUESTED])
def test_each_submission_or_resubmission_mails_the_central_unit_once(
    django_capture_on_commit_callbacks,
    make_entry,
    editor,
    reviewer,
    other_reviewer,
    central_admin,
    status,
):
    entry = make_entry(status)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(entry, by=editor, version=entry.version, checklist=answers_for("ministry"))
    assert recipients() == ["carl@sip.example", "raoul@sip.example", "rita@sip.example"]
    assert f"/review/entries/{entry.pk}/" in mail.outbox[0].body


def test_a_reviewer_of_the_entrys_ministry_is_not_mailed_about_it(
    django_capture_on_commit_callbacks, draft_entry, editor, reviewer, ministry_a
):
    Membership.objects.create(user=reviewer, ministry=ministry_a, role=Membership.Role.EDITOR)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(
            draft_entry, by=editor, version=draft_entry.version, checklist=answers_for("ministry")
        )
    assert "rita@sip.example" not in recipients()


def test_agency_staff_hear_only_about_their_agencys_entries(
    django_capture_on_commit_callbacks, make_entry, reviewer, editor, agency_user, agency
):
    theirs = make_entry(Status.SUBMITTED, agency=agency, assigned_reviewer=reviewer)
    other = make_entry(Status.SUBMITTED, assigned_reviewer=reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.verify(
            theirs, by=reviewer, version=theirs.version, checklist=answers_for("reviewer")
        )
    assert "carla@lumiere.example" in recipients()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.verify(
            other, by=reviewer, version=other.version, checklist=answers_for("reviewer")
        )
    assert "carla@lumiere.example" not in recipients()


def test_agency_staff_in_another_ministry_are_not_mailed_about_this_one(
    django_capture_on_commit_callbacks, make_entry, reviewer, agency_user, ministry_b
):
    # Carla works for ministry A through the agency, and for ministry B directly.
    Membership.objects.create(user=agency_user, ministry=ministry_b, role=Membership.Role.EDITOR)
    entry = make_entry(Status.SUBMITTED, assigned_reviewer=reviewer)  # ministry A, no agency
    with django_capture_on_commit_callbacks(execute=True):
        workflow.verify(
            entry, by=reviewer, version=entry.version, checklist=answers_for("reviewer")
        )
    assert "carla@lumiere.example" not in recipients()


def test_a_ministry_closing_its_own_account_is_not_mailed_about_it(
    django_capture_on_commit_callbacks, verified_entry, editor
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.close(verified_entry, by=editor, version=verified_entry.version, message="Unused.")
    assert mail.outbox == []


@pytest.mark.parametrize("move", ["assign", "acknowledge"])
def test_housekeeping_moves_mail_nobody(
    django_capture_on_commit_callbacks, make_entry, reviewer, editor, move
):
    from django.utils import timezone

    entry = make_entry(Status.VERIFIED, contact_changed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply(entry, move, by=reviewer, version=entry.version)
    assert mail.outbox == []
