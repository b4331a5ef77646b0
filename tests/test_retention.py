"""Privacy by design (issue 33.5): every retention period the privacy notice names is enforced
by the daily `retention` job, and a central admin can export and anonymise a person."""

import datetime
import json

import pytest
from axes.models import AccessAttempt, AccessLog
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Membership, MembershipEvent, ProviderSignIn, User
from outbox.models import OutgoingEmail
from registry import retention, schedule, workflow
from registry.models import Reason, Report, ReviewEvent, Status
from registry.people import anonymise_person, export_person
from registry.reports import handle_report

NOW = timezone.now()


def days_ago(days: int) -> datetime.datetime:
    return NOW - datetime.timedelta(days=days)


@pytest.fixture
def report(db) -> Report:
    return Report.objects.create(
        url="https://x.com/faux", reporter_email="citoyen@example.org", client_hash="h" * 64
    )


def test_the_retention_job_is_in_the_daily_schedule():
    [job] = [job for job in schedule.SCHEDULE if job.name == "retention"]
    assert job.every == schedule.DAILY


def test_a_reporters_address_is_erased_once_the_outcome_is_sent(report, reviewer):
    handle_report(report, by=reviewer, status=Report.Status.HANDLED, note="Faux, signalé.")
    outcome = OutgoingEmail.objects.get(recipient="citoyen@example.org")
    assert retention.erase_reporters_addresses() == 0  # still waiting to be sent
    outcome.status, outcome.sent_at = OutgoingEmail.Status.SENT, NOW
    outcome.save()
    assert retention.erase_reporters_addresses() == 1
    report.refresh_from_db()
    outcome.refresh_from_db()
    assert report.reporter_email == ""
    assert (outcome.recipient, outcome.body) == ("", "")


def test_an_open_report_keeps_its_address(report):
    assert retention.erase_reporters_addresses() == 0
    report.refresh_from_db()
    assert report.reporter_email == "citoyen@example.org"


def test_reports_go_a_year_after_they_were_dealt_with(report, settings):
    settings.RETENTION_REPORT_DAYS = 365
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.HANDLED, handled_at=days_ago(366)
    )
    recent = Report.objects.create(
        url="https://x.com/autre", client_hash="h" * 64, status=Report.Status.DISMISSED,
        handled_at=days_ago(10),
    )  # fmt: skip
    assert retention.delete_old_reports() == 1
    assert list(Report.objects.values_list("pk", flat=True)) == [recent.pk]


def removed(user: User, *, at: datetime.datetime) -> None:
    Membership.objects.filter(user=user).delete()
    event = MembershipEvent(user=user, action=MembershipEvent.Action.REMOVED, created_at=at)
    event.save()


def test_a_person_whose_role_ended_a_year_ago_is_anonymised_keeping_the_history(
    make_entry, editor, reviewer, settings
):
    settings.RETENTION_STAFF_DAYS = 365
    entry = make_entry(Status.SUBMITTED, assigned_reviewer=reviewer)
    workflow.request_changes(
        entry, by=reviewer, version=entry.version, reason=Reason.LANGUAGES, message="Allemand ?"
    )
    removed(editor, at=days_ago(400))
    assert retention.anonymise_departed_staff() == 1
    editor.refresh_from_db()
    assert editor.full_name == f"Former staff member {editor.pk}"
    assert "@anonymised.invalid" in editor.email
    assert not editor.is_active and not editor.has_usable_password()
    assert entry.created_by_id == editor.pk  # the history keeps its rows and their actor
    assert ReviewEvent.objects.filter(entry=entry).count() >= 2
    assert retention.anonymise_departed_staff() == 0  # once


def test_a_person_with_a_role_or_recently_gone_is_kept(editor, other_editor, reviewer):
    removed(other_editor, at=days_ago(30))
    assert retention.anonymise_departed_staff() == 0
    assert User.objects.filter(email__endswith="@anonymised.invalid").count() == 0


def test_sign_in_and_lockout_records_go_after_their_period(db, settings, editor):
    settings.RETENTION_SIGN_IN_DAYS = 90
    for name, when in (("old", days_ago(91)), ("new", days_ago(1))):
        AccessAttempt.objects.create(
            username=name,
            ip_address="10.0.0.1",
            attempt_time=when,
            failures_since_start=1,
            get_data="",
            post_data="",
        )
        AccessLog.objects.create(username=name, ip_address="10.0.0.1")
        # attempt_time is set on creation (auto_now_add): moved to the past afterwards.
        AccessAttempt.objects.filter(username=name).update(attempt_time=when)
        AccessLog.objects.filter(username=name).update(attempt_time=when)
        ProviderSignIn(user=editor, email=editor.email, outcome="signed_in", created_at=when).save()
    assert retention.delete_old_sign_in_records() == 3
    assert AccessAttempt.objects.count() == AccessLog.objects.count() == 1
    assert ProviderSignIn.objects.count() == 1


def test_a_sent_emails_body_and_recipient_go_after_their_period(db, settings):
    settings.RETENTION_EMAIL_BODY_DAYS = 30
    old, _new, _waiting = (
        OutgoingEmail.objects.create(message_key=key, recipient="a@b.example", subject="S",
                                     body="Bonjour", status=status, sent_at=sent)
        for key, status, sent in (("old", "sent", days_ago(31)), ("new", "sent", days_ago(1)),
                                  ("waiting", "queued", None))
    )  # fmt: skip
    assert retention.erase_old_email_bodies() == 1
    old.refresh_from_db()
    assert (old.body, old.recipient, old.subject) == ("", "", "S")
    assert OutgoingEmail.objects.filter(body="Bonjour").count() == 2


def test_the_job_runs_every_rule(db):
    assert set(retention.apply_retention()) == set(retention.RULES)


def test_an_export_holds_everything_about_one_person(make_entry, editor, reviewer, capsys):
    entry = make_entry(Status.SUBMITTED, assigned_reviewer=reviewer)
    workflow.request_changes(
        entry, by=reviewer, version=entry.version, reason=Reason.LANGUAGES, message="Allemand ?"
    )
    call_command("export_person", reviewer.email)
    data = json.loads(capsys.readouterr().out)
    assert data["person"]["email"] == reviewer.email
    assert [d["message"] for d in data["decisions"]] == ["Allemand ?"]
    assert export_person(editor)["entries_created"] == [{"id": entry.pk}]


def test_the_command_refuses_to_anonymise_someone_with_a_role(editor):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="still has a role"):
        call_command("anonymise_person", editor.email)
    Membership.objects.filter(user=editor).delete()
    call_command("anonymise_person", editor.email)
    editor.refresh_from_db()
    assert editor.full_name.startswith("Former staff member")


def test_anonymising_erases_the_persons_address_from_the_outbox(editor):
    OutgoingEmail.objects.create(message_key="k", recipient=editor.email, subject="S", body="B")
    anonymise_person(editor)
    assert not OutgoingEmail.objects.filter(recipient__iexact="editor").exists()
    assert OutgoingEmail.objects.get(message_key="k").recipient == ""


def test_the_privacy_notice_names_the_periods_the_job_enforces(client, db, settings):
    settings.RETENTION_STAFF_DAYS, settings.RETENTION_REPORT_DAYS = 400, 200
    settings.RETENTION_SIGN_IN_DAYS, settings.RETENTION_EMAIL_BODY_DAYS = 60, 20
    page = client.get("/en/privacy/").content.decode()
    for sentence in ("400 days after the last role ends", "Reports: 200 days",
                     "Sign-in and lockout records: 60 days", "registry sent: 20 days",
                     "erased once the answer to the report has been sent"):  # fmt: skip
        assert sentence in page, sentence
