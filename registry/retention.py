"""How long the registry keeps personal data, enforced: one job (`apply_retention`, daily in
registry/schedule.py) runs every rule below; each rule is a function of its own, with its
period from settings (RETENTION_*), and tests/test_retention.py holds each to the privacy
notice (templates/registry/public/privacy.html) and docs/privacy.md.

- a reporter's e-mail address: erased once the report is dealt with and its outcome e-mail is
  no longer waiting to be sent (from the report and from that e-mail's outbox row);
- reports: deleted RETENTION_REPORT_DAYS after they were dealt with;
- staff accounts: anonymised (registry.people.anonymise_person) RETENTION_STAFF_DAYS after the
  person's last role ended; the history keeps its rows, under the anonymous name;
- sign-in and lockout records (django-axes' attempts and logs, the identity provider's
  sign-ins): deleted after RETENTION_SIGN_IN_DAYS;
- e-mails: the body and recipient of a sent (or failed) e-mail are erased after
  RETENTION_EMAIL_BODY_DAYS; the row (subject, dates, status) stays for the outbox's record.

The identity provider's sign-ins are append-only history for everyone else: this module is
the one place that removes them, through the model's plain manager.
"""

import datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from accounts.models import ProviderSignIn
from outbox.models import OutgoingEmail
from registry.models import Report
from registry.people import anonymise_person, departed_people


def _before(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


@transaction.atomic
def erase_reporters_addresses() -> int:
    """Reports dealt with whose outcome e-mail is sent (or failed for good, or never queued)."""
    waiting = OutgoingEmail.objects.filter(
        status=OutgoingEmail.Status.QUEUED,
        message_key__startswith=Concat(
            Value("report:"), Cast(OuterRef("pk"), CharField()), Value(":outcome")
        ),
    )
    done = Report.objects.exclude(status=Report.Status.OPEN).exclude(reporter_email="")
    erasable = done.exclude(Exists(waiting))
    keys = [f"report:{pk}:outcome" for pk in erasable.values_list("pk", flat=True)]
    for key in keys:
        OutgoingEmail.objects.filter(message_key__startswith=key).update(recipient="", body="")
    return erasable.update(reporter_email="")


def delete_old_reports() -> int:
    old = Report.objects.exclude(status=Report.Status.OPEN).filter(
        handled_at__lt=_before(settings.RETENTION_REPORT_DAYS)
    )
    return old.delete()[0]


def anonymise_departed_staff() -> int:
    people = list(departed_people(ended_before=_before(settings.RETENTION_STAFF_DAYS)))
    for person in people:
        anonymise_person(person)
    return len(people)


def delete_old_sign_in_records() -> int:
    before = _before(settings.RETENTION_SIGN_IN_DAYS)
    deleted = AccessAttempt.objects.filter(attempt_time__lt=before).delete()[0]
    deleted += AccessFailureLog.objects.filter(attempt_time__lt=before).delete()[0]
    deleted += AccessLog.objects.filter(attempt_time__lt=before).delete()[0]
    old = ProviderSignIn._base_manager.filter(created_at__lt=before)  # the one remover
    return deleted + old.delete()[0]


def erase_old_email_bodies() -> int:
    done = OutgoingEmail.objects.exclude(status=OutgoingEmail.Status.QUEUED).exclude(body="")
    old = done.filter(
        Q(sent_at__lt=_before(settings.RETENTION_EMAIL_BODY_DAYS))
        | Q(sent_at__isnull=True, created_at__lt=_before(settings.RETENTION_EMAIL_BODY_DAYS))
    )
    return old.update(body="", recipient="")


RULES = {
    "reporters_addresses": erase_reporters_addresses,
    "reports": delete_old_reports,
    "staff": anonymise_departed_staff,
    "sign_in_records": delete_old_sign_in_records,
    "email_bodies": erase_old_email_bodies,
}


def apply_retention() -> dict[str, int]:
    """Every rule, in order; how many records each changed."""
    return {name: rule() for name, rule in RULES.items()}
