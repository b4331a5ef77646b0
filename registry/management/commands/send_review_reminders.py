"""Daily: remind ministries of re-certifications due in 30 and 7 days, and of overdue ones.

Idempotent: each (entry, due date, lead time) is recorded in ReviewReminder under a unique
constraint, and its e-mails are queued in the outbox in the same transaction, so running it twice
a day queues nothing twice. The job queue sends them, and retries them while the relay refuses.
One bad entry or address never stops the batch: it is counted, reported and skipped (an address
that is not one shows as a failed e-mail in the admin's outbox).
Overdue entries need no flag: the review queue lists every verified entry past its due date.
"""

import datetime
import logging

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from outbox.models import OutgoingEmail
from registry import emails
from registry.models import ReviewReminder, SocialAccount, Status
from registry.workflow import recertification_horizon

OVERDUE = 0  # the lead time recorded for the one "overdue" notice per due date

log = logging.getLogger(__name__)


def lead_time(due: datetime.date, today: datetime.date) -> int | None:
    """Which reminder an entry due on `due` gets today: the nearest lead time it is within."""
    days_left = (due - today).days
    if days_left < 0:
        return OVERDUE
    within = [lead for lead in settings.REMINDER_DAYS_BEFORE if days_left <= lead]
    return min(within) if within else None


def entries_to_remind(today: datetime.date):
    return SocialAccount.objects.filter(
        status=Status.VERIFIED,
        confirmation_submitted_at__isnull=True,  # the ministry has already confirmed
        next_review_due__lte=recertification_horizon(today),
    ).with_related()


@transaction.atomic
def remind(entry: SocialAccount, today: datetime.date) -> bool:
    """Record the reminder `entry` is owed today and queue its e-mails, in one transaction;
    False when it was queued already."""
    lead = lead_time(entry.next_review_due, today)
    if lead is None:
        return False
    _, created = ReviewReminder.objects.get_or_create(
        entry=entry, due_date=entry.next_review_due, days_before=lead
    )
    if created:
        emails.send_reminder(entry, lead)
    return created


class Command(BaseCommand):
    help = "Queue e-mails to ministries about re-certifications due soon or overdue (daily)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="Act as if today were this date (YYYY-MM-DD).",
        )

    def handle(self, *args, today=None, **options):
        today = today or timezone.localdate()
        started = timezone.now()
        queued, broken = 0, []
        for entry in entries_to_remind(today):
            try:
                queued += remind(entry, today)
            except Exception as exc:  # one bad entry never stops the others
                log.exception("reminder for entry %s not queued", entry.pk)
                broken.append(f"entry {entry.pk}: {type(exc).__name__}: {exc}")
        bad_addresses = OutgoingEmail.objects.filter(
            message_key__startswith="reminder:",
            status=OutgoingEmail.Status.FAILED,
            created_at__gte=started,
        ).values_list("recipient", flat=True)
        overdue = SocialAccount.objects.filter(
            status=Status.VERIFIED, next_review_due__lt=today
        ).count()
        self.stdout.write(
            f"{queued} reminder(s) queued; {overdue} overdue entry(ies) in the queue."
        )
        self._report(broken, list(bad_addresses))

    def _report(self, broken: list[str], bad_addresses: list[str]) -> None:
        if broken:
            self.stderr.write(f"{len(broken)} reminder(s) not queued, tried again tomorrow:")
            for line in broken:
                self.stderr.write(f"  {line}")
        if bad_addresses:
            self.stderr.write(
                f"{len(bad_addresses)} e-mail(s) to an invalid address, not sent "
                f"(see the outbox in the admin): {', '.join(sorted(bad_addresses))}"
            )
