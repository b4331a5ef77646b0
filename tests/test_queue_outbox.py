"""The outbox: every e-mail is queued, sent once by a job, retried with backoff while the relay
refuses it, given up after the last attempt, and shown to central admins with "retry now"."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from outbox.models import OutgoingEmail
from outbox.tasks import backoff, queue_email, send_email
from registry import emails, workflow
from registry.models import Status
from tests.conftest import answers_for, make_retries_due

Queued, Sent, Failed = (
    OutgoingEmail.Status.QUEUED,
    OutgoingEmail.Status.SENT,
    OutgoingEmail.Status.FAILED,
)


def queue_one(key: str = "test:1", to: str = "alice@mfin.example.org") -> OutgoingEmail:
    return queue_email(key=key, to=to, subject="Subject", body="Body", language="fr")


@pytest.fixture
def verified_by_reviewer(make_entry, reviewer, editor):
    entry = make_entry(Status.SUBMITTED, assigned_reviewer=reviewer)
    return workflow.verify(
        entry, by=reviewer, version=entry.version, checklist=answers_for("reviewer")
    )


def test_an_email_the_relay_refuses_then_accepts_arrives_exactly_once(
    run_jobs, smtp_relay, verified_by_reviewer
):
    smtp_relay.refusals = 2
    assert run_jobs() == 2  # two recipients: both refused
    refused = OutgoingEmail.objects.get(recipient="alice@mfin.example.org")
    assert (refused.status, refused.attempts) == (Queued, 1)
    assert "451" in refused.last_error
    assert run_jobs() == 0  # the retry waits for its backoff
    make_retries_due()
    assert run_jobs() == 2
    assert run_jobs() == 0
    make_retries_due()
    assert run_jobs() == 0
    assert smtp_relay.recipients() == ["alice@mfin.example.org", "communication@mfin.example.org"]
    sent = OutgoingEmail.objects.get(recipient="alice@mfin.example.org")
    assert (sent.status, sent.attempts, sent.last_error) == (Sent, 2, "")
    assert sent.sent_at is not None


def test_a_relay_that_cannot_be_reached_is_tried_again_later(run_jobs, settings, db):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", 1, False
    email = queue_one()
    before = timezone.now()
    run_jobs()
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Queued, 1)
    assert "ConnectionRefusedError" in email.last_error
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after == email.next_attempt_at
    assert email.next_attempt_at >= before + datetime.timedelta(seconds=60)


@pytest.mark.parametrize(("attempts", "seconds"), [(1, 60), (2, 120), (3, 240), (9, 15360)])
def test_each_refusal_doubles_the_wait(settings, attempts, seconds):
    settings.EMAIL_RETRY_SECONDS = 60
    assert backoff(attempts) == datetime.timedelta(seconds=seconds)


def test_an_email_refused_at_every_attempt_is_marked_failed_after_the_last(
    run_jobs, smtp_relay, settings, db
):
    settings.EMAIL_MAX_ATTEMPTS = 3
    smtp_relay.refusals = 100
    email = queue_one()
    for _ in range(5):
        run_jobs()
        make_retries_due()
    email.refresh_from_db()
    assert (email.status, email.attempts, smtp_relay.refused) == (Failed, 3, 3)
    assert email.next_attempt_at is None
    assert "451" in email.last_error


def test_the_same_events_email_is_never_queued_twice(run_jobs, verified_by_reviewer):
    assert emails.send_for_event(verified_by_reviewer.pk) == 0
    assert OutgoingEmail.objects.count() == 2
    assert run_jobs() == 2
    assert len(mail.outbox) == 2


def test_a_second_job_for_a_sent_email_sends_nothing(run_jobs, db):
    email = queue_one()
    send_email.enqueue(email.pk)  # a duplicate job, as a "retry now" beside a waiting retry makes
    assert run_jobs() == 2
    assert len(mail.outbox) == 1


def test_an_address_that_is_not_one_is_recorded_as_failed_and_never_sent(run_jobs, db):
    email = queue_one(to="nobody at all")
    assert (email.status, email.last_error) == (Failed, "Not an e-mail address: 'nobody at all'")
    assert run_jobs() == 0
    assert mail.outbox == []


def test_a_subject_is_kept_on_one_line(db):
    email = queue_email(key="k", to="a@b.example", subject="Two\nlines\r\n", body="")
    assert email.subject == "Two lines"


# The admin: central admins see the outbox and retry; nobody deletes.


def changelist() -> str:
    return reverse("admin:outbox_outgoingemail_changelist")


@pytest.mark.parametrize(("status", "shown"), [("failed", ["b@x.example"]), ("sent", [])])
def test_central_admins_see_the_outbox_filtered_by_status(client, central_admin, status, shown):
    queue_one(key="a", to="a@x.example")
    OutgoingEmail.objects.filter(pk=queue_one(key="b", to="b@x.example").pk).update(
        status=Failed, last_error="SMTPDataError: 554 refused"
    )
    client.force_login(central_admin)
    response = client.get(changelist(), {"status__exact": status})
    assert response.status_code == 200
    assert [e.recipient for e in response.context["cl"].result_list] == shown
    if shown:
        assert b"SMTPDataError: 554 refused" in response.content


def test_retry_now_sends_a_failed_email(client, central_admin, run_jobs, smtp_relay, settings):
    settings.EMAIL_MAX_ATTEMPTS = 1
    smtp_relay.refusals = 1
    email = queue_one()
    run_jobs()
    email.refresh_from_db()
    assert email.status == Failed
    client.force_login(central_admin)
    response = client.post(
        changelist(), {"action": "retry_selected_now", "_selected_action": [email.pk]}
    )
    assert response.status_code == 302
    assert run_jobs() == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Sent, 2)
    assert smtp_relay.recipients() == ["alice@mfin.example.org"]


def test_retry_now_never_sends_a_sent_email_again(client, central_admin, run_jobs):
    email = queue_one()
    run_jobs()
    client.force_login(central_admin)
    response = client.post(
        changelist(), {"action": "retry_selected_now", "_selected_action": [email.pk]}, follow=True
    )
    assert "1 e-mail was sent already: not sent again." in response.content.decode()
    assert run_jobs() == 0
    assert len(mail.outbox) == 1


def test_nobody_deletes_an_outgoing_email_in_the_admin(client, central_admin):
    email = queue_one()
    client.force_login(central_admin)
    url = reverse("admin:outbox_outgoingemail_delete", args=[email.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert OutgoingEmail.objects.filter(pk=email.pk).exists()
