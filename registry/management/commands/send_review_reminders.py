"""Daily: remind ministries of re-certifications due in 30 and 7 days, and of overdue ones.

Idempotent: each (entry, due date, lead time) is recorded in ReviewReminder under a unique
constraint before its e-mail goes out (on commit), so running it twice a day sends nothing twice.
Overdue entries need no flag: the review queue lists every verified entry past its due date.
"""

import datetime
from functools import partial

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from registry import emails
from registry.models import ReviewReminder, SocialAccount, Status

OVERDUE = 0  # the lead time recorded for the one "overdue" notice per due date


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
def remind(entry: SocialAccount, today: datetime.date) -> bool:
    """Record and send the reminder `entry` is owed today; False when it was sent already."""
    lead = lead_time(entry.next_review_due, today)
    if lead is None:
        return False
    _reminder, created = ReviewReminder.objects.get_or_create(
        entry=entry, due_date=entry.next_review_due, days_before=lead
    )
    if created:
        transaction.on_commit(partial(emails.send_reminder, entry, lead))
    return created


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
        sent = sum(remind(entry, today) for entry in entries_to_remind(today))
        overdue = SocialAccount.objects.filter(
            status=Status.VERIFIED, next_review_due__lt=today
        ).count()
        self.stdout.write(f"{sent} reminder(s) sent; {overdue} overdue entry(ies) in the queue.")
