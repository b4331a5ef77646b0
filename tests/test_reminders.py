"""Re-certification reminders: 30 and 7 days ahead, once overdue, and never twice."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from outbox.models import OutgoingEmail
from registry.models import ReviewReminder, Status
from tests.conftest import make_retries_due

TODAY = datetime.date(2026, 6, 1)


def run(today=TODAY, capture=None):
    call_command("send_review_reminders", today=today, stdout=capture)


def due_in(make_entry, days: int, **fields):
    return make_entry(
        Status.VERIFIED, next_review_due=TODAY + datetime.timedelta(days=days), **fields
    )


@pytest.mark.parametrize(
    ("days_left", "lead"),
    [(30, 30), (29, 30), (8, 30), (7, 7), (1, 7), (0, 7), (-1, 0), (-200, 0)],
)
def test_each_entry_gets_the_nearest_reminder_it_is_within(
    make_entry, editor, run_jobs, days_left, lead
):
    entry = due_in(make_entry, days_left)
    run()
    run_jobs()
    assert list(ReviewReminder.objects.values_list("entry", "days_before")) == [(entry.pk, lead)]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "alice@mfin.example.org",
        "communication@mfin.example.org",
    ]


@pytest.mark.parametrize("days_left", [31, 365])
def test_no_reminder_long_before_the_due_date(make_entry, editor, days_left):
    due_in(make_entry, days_left)
    run()
    assert not ReviewReminder.objects.exists()


def test_running_twice_a_day_sends_nothing_twice(make_entry, editor, run_jobs):
    due_in(make_entry, 30)
    due_in(make_entry, -3)
    run()
    run_jobs()
    first = len(mail.outbox)
    run()
    run(today=TODAY + datetime.timedelta(days=1))
    assert run_jobs() == 0  # nothing new was queued
    assert first == 4
    assert len(mail.outbox) == first


def test_the_seven_day_reminder_follows_the_thirty_day_one(make_entry, editor, run_jobs):
    entry = due_in(make_entry, 30)
    run()
    run(today=TODAY + datetime.timedelta(days=23))
    run_jobs()
    leads = sorted(ReviewReminder.objects.filter(entry=entry).values_list("days_before", flat=True))
    assert leads == [7, 30]


@pytest.mark.parametrize(
    "fields",
    [{"confirmation_submitted_at": timezone.now()}, {"status": Status.CLOSED}],
)
def test_confirmed_or_closed_entries_get_no_reminder(make_entry, editor, fields):
    status = fields.pop("status", Status.VERIFIED)
    make_entry(status, next_review_due=TODAY + datetime.timedelta(days=7), **fields)
    run()
    assert not ReviewReminder.objects.exists()


def test_the_reminder_to_the_team_mailbox_is_in_the_ministrys_language_and_links_to_the_workspace(
    make_entry, service_b, other_editor, run_jobs
):
    due_in(make_entry, 7, service=service_b, team_email="communication@msan.example.org")
    run()
    run_jobs()
    (message,) = [m for m in mail.outbox if m.to == ["communication@msan.example.org"]]
    assert "/de/workspace/" in message.body
    assert "1. Juni 2026" not in message.subject  # the due date, not today
    assert "8. Juni 2026" in message.subject


def test_overdue_entries_are_in_the_queue(client, reviewer, make_entry):
    due_in(make_entry, -1, display_name="Late")
    run(today=timezone.localdate())
    client.force_login(reviewer)
    r = client.get(reverse("review:queue") + "?need=overdue")
    assert [e.display_name for e in r.context["page"]] == ["Late"]


def test_a_reminder_the_relay_refuses_is_sent_by_a_later_attempt(make_entry, run_jobs, smtp_relay):
    due_in(make_entry, 30)
    due_in(make_entry, 7)
    smtp_relay.refusals = 4  # all four e-mails (two reminders, two addresses each), once
    out = io.StringIO()
    run(capture=out)
    assert "2 reminder(s) queued" in out.getvalue()
    assert run_jobs() == 4
    assert smtp_relay.received == []
    assert ReviewReminder.objects.count() == 2  # recorded: the queue, not the next run, retries
    make_retries_due()
    assert run_jobs() == 4
    assert smtp_relay.recipients() == [
        "alice@mfin.example.org",
        "alice@mfin.example.org",
        "communication@mfin.example.org",
        "communication@mfin.example.org",
    ]
    out = io.StringIO()
    run(capture=out)
    assert "0 reminder(s) queued" in out.getvalue()
    assert run_jobs() == 0


def test_one_bad_address_never_stops_the_batch(make_entry, editor, run_jobs):
    bad = due_in(make_entry, 30, team_email="not an address")
    due_in(make_entry, 7)
    out, err = io.StringIO(), io.StringIO()
    call_command("send_review_reminders", today=TODAY, stdout=out, stderr=err)
    assert "2 reminder(s) queued" in out.getvalue()
    assert "1 e-mail(s) to an invalid address, not sent" in err.getvalue()
    run_jobs()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "alice@mfin.example.org",
        "alice@mfin.example.org",
        "communication@mfin.example.org",
    ]
    failed = OutgoingEmail.objects.get(status=OutgoingEmail.Status.FAILED)
    assert failed.message_key.startswith(f"reminder:{bad.pk}:")
    assert "not an address" in failed.last_error
