"""Daily: remind ministries of re-certifications due in 30 and 7 days, and of overdue ones.

Idempotent: each (entry, due date, lead time) is recorded in ReviewReminder under a unique
constraint before its e-mail goes out (on commit), so running it twice a day sends nothing twice.
If the mail relay refuses an e-mail, its record is withdrawn, so the next run sends it again.
Overdue entries need no flag: the review queue lists every verified entry past its due date.
"""

import datetime
import logging
from collections.abc import Callable
from functools import partial

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from registry import emails
from registry.models import ReviewReminder, SocialAccount, Status

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
    horizon = today + datetime.timedelta(days=max(settings.REMINDER_DAYS_BEFORE))
    return SocialAccount.objects.filter(
        status=Status.VERIFIED,
        confirmation_submitted_at__isnull=True,  # the ministry has already confirmed
        next_review_due__lte=horizon,
    ).with_related()


@transaction.atomic
def remind(entry: SocialAccount, today: datetime.date, failed: Callable = lambda pk: None) -> bool:
    """Record and send (on commit) the reminder `entry` is owed today; False when it was sent
    already. `failed(entry_pk)` is called if the relay refuses it."""
    lead = lead_time(entry.next_review_due, today)
    if lead is None:
        return False
    reminder, created = ReviewReminder.objects.get_or_create(
        entry=entry, due_date=entry.next_review_due, days_before=lead
    )
    if created:
        transaction.on_commit(partial(deliver, reminder.pk, entry, lead, failed))
    return created


def deliver(reminder_pk: int, entry: SocialAccount, lead: int, failed: Callable) -> None:
    """Send a recorded reminder; if the relay refuses it, withdraw the record (the reminder
    was not sent), so that the next run sends it again."""
    try:
        emails.send_reminder(entry, lead)
    except Exception as exc:  # a relay's refusal or one bad message: never stop the whole run
        log.warning("reminder for entry %s not sent, kept for the next run: %r", entry.pk, exc)
        ReviewReminder.objects.filter(pk=reminder_pk).delete()
        failed(entry.pk)


class Command(BaseCommand):
    help = "E-mail ministries about re-certifications due soon or overdue (run daily)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="Act as if today were this date (YYYY-MM-DD).",
        )

    def handle(self, *args, today=None, **options):
        today = today or timezone.localdate()
        failed: list[int] = []
        due = sum(remind(entry, today, failed.append) for entry in entries_to_remind(today))
        overdue = SocialAccount.objects.filter(
            status=Status.VERIFIED, next_review_due__lt=today
        ).count()
        self.stdout.write(
            f"{due - len(failed)} reminder(s) sent; {overdue} overdue entry(ies) in the queue."
        )
        if failed:
            self.stderr.write(
                f"{len(failed)} reminder(s) refused by the mail relay; the next run sends them."
            )
