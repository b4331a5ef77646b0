"""Queueing an e-mail (in the caller's transaction) and the job that sends it.

Delivery is at-least-once per message, never twice by two workers: the job locks the message's
row, sends only a message still "queued", and marks it "sent" in the same transaction as the
relay's acceptance (the commit follows the relay's "250" at once, before the job ends). A worker
killed before that commit holds no lock any more (PostgreSQL ends its transaction with its
connection) and leaves the job RUNNING: past JOB_LEASE_SECONDS the scheduler gives it back to the
queue (registry/tasks.py) and another worker sends the message, still "queued". The one window
for a duplicate is a worker that dies after the relay's "250" and before that commit (a few
milliseconds): the message is sent again after the lease. We prefer that to marking it
"sending" first, which would lose the e-mail silently on such a crash.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from outbox.models import OutgoingEmail

Status = OutgoingEmail.Status
# The relay refused or could not be reached: worth another try later.
RELAY_ERRORS = (smtplib.SMTPException, OSError)

log = logging.getLogger(__name__)


def queue_email(
    *, key: str, to: str, subject: str, body: str, language: str = ""
) -> OutgoingEmail | None:
    """Queue one e-mail and its send job in the caller's transaction; None if `key` was queued
    before (the same event's same e-mail to the same person is queued once).

    An address that is not one is recorded as failed at once (shown in the admin), never sent."""
    with transaction.atomic():
        email, created = OutgoingEmail.objects.get_or_create(
            message_key=key[:300],
            defaults={
                "recipient": to[:254],
                "subject": " ".join(subject.split())[:300],  # a header: one line
                "body": body,
                "language": language,
            },
        )
        if not created:
            return None
        try:
            validate_email(to)
        except ValidationError:
            email.status, email.last_error = Status.FAILED, f"Not an e-mail address: {to!r}"
            email.save(update_fields=["status", "last_error"])
            log.warning("e-mail %s not queued: %s", email.message_key, email.last_error)
            return email
        _enqueue(email)
    return email


def retry_now(email: OutgoingEmail) -> bool:
    """Queue a queued or failed e-mail for one more attempt now; False if it was sent."""
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().get(pk=email.pk)
        if email.status == Status.SENT:
            return False
        email.status = Status.QUEUED
        _enqueue(email)
    return True


def _enqueue(email: OutgoingEmail, after: datetime.timedelta | None = None) -> None:
    """Write the send job (in the current transaction), to run now or `after` from now."""
    email.next_attempt_at = timezone.now() + (after or datetime.timedelta(0))
    email.save(update_fields=["status", "next_attempt_at"])
    job = send_email.using(run_after=email.next_attempt_at) if after else send_email
    job.enqueue(email.pk)


@task()
def send_email(email_pk: int) -> str:
    """Send one queued e-mail; on a refusal, try again later with exponential backoff."""
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(pk=email_pk).first()
        if email is None or email.status != Status.QUEUED:
            return "nothing to send"  # sent already, by an earlier job, or given up
        email.attempts += 1
        try:
            _send(email)
        except RELAY_ERRORS as exc:
            return _refused(email, exc)
        except Exception as exc:  # a message no relay will ever take (a bad header, …)
            log.exception("e-mail %s cannot be sent", email.message_key)
            return _give_up(email, exc)
        email.status, email.sent_at, email.last_error = Status.SENT, timezone.now(), ""
        email.next_attempt_at = None
        email.save()
    return "sent"


def _send(email: OutgoingEmail) -> None:
    EmailMessage(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.recipient]).send(
        fail_silently=False
    )


def backoff(attempts: int) -> datetime.timedelta:
    """The wait after the `attempts`-th refusal: the base delay, doubled each time."""
    return datetime.timedelta(seconds=settings.EMAIL_RETRY_SECONDS * 2 ** (attempts - 1))


def _refused(email: OutgoingEmail, exc: Exception) -> str:
    if email.attempts >= settings.EMAIL_MAX_ATTEMPTS:
        return _give_up(email, exc)
    email.last_error = _describe(exc)
    email.save(update_fields=["attempts", "last_error"])
    _enqueue(email, backoff(email.attempts))
    log.warning("e-mail %s refused (attempt %s): %s", email.message_key, email.attempts, exc)
    return f"refused, next attempt at {email.next_attempt_at.isoformat()}"


def _give_up(email: OutgoingEmail, exc: Exception) -> str:
    email.status, email.last_error, email.next_attempt_at = Status.FAILED, _describe(exc), None
    email.save(update_fields=["status", "attempts", "last_error", "next_attempt_at"])
    log.error("e-mail %s failed after %s attempt(s): %s", email.message_key, email.attempts, exc)
    return "failed"


def _describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000]
