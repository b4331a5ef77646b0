"""The one schedule of periodic jobs: each job once per period, whatever runs `run_due_jobs`;
and the queue's health, for /healthz."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from outbox.models import OutgoingEmail
from outbox.tasks import queue_email
from registry import schedule
from registry.models import ScheduledRun, Status
from registry.tasks import queue_health

UTC = datetime.UTC
NAMES = sorted(job.name for job in schedule.SCHEDULE)


@pytest.mark.parametrize(
    ("now", "every", "start"),
    [
        (datetime.datetime(2026, 6, 1, 0, 0, tzinfo=UTC), schedule.DAILY, "2026-06-01T00:00"),
        (datetime.datetime(2026, 6, 1, 23, 59, tzinfo=UTC), schedule.DAILY, "2026-06-01T00:00"),
        (
            datetime.datetime(2026, 6, 1, 12, 14, tzinfo=UTC),
            datetime.timedelta(minutes=15),
            "2026-06-01T12:00",
        ),
        (
            datetime.datetime(2026, 6, 1, 12, 15, tzinfo=UTC),
            datetime.timedelta(minutes=15),
            "2026-06-01T12:15",
        ),
    ],
)
def test_a_period_starts_at_a_whole_multiple_of_its_interval(now, every, start):
    assert schedule.period_start(now, every).strftime("%Y-%m-%dT%H:%M") == start


def new_period(job, before: datetime.datetime, after: datetime.datetime) -> bool:
    return schedule.period_start(before, job.every) != schedule.period_start(after, job.every)


def test_each_job_is_enqueued_once_per_period(db):
    morning = datetime.datetime(2026, 6, 1, 0, 1, tzinfo=UTC)
    later = morning + datetime.timedelta(hours=23)
    due_later = sorted(j.name for j in schedule.SCHEDULE if new_period(j, morning, later))
    assert sorted(schedule.enqueue_due_jobs(now=morning)) == NAMES
    assert schedule.enqueue_due_jobs(now=morning) == []  # the same period: nothing twice
    assert sorted(schedule.enqueue_due_jobs(now=later)) == due_later
    assert "review-reminders" not in due_later  # a daily job waits for the next day
    assert ScheduledRun.objects.count() == len(NAMES) + len(due_later)
    assert DBTaskResult.objects.count() == len(NAMES) + len(due_later)
    run = ScheduledRun.objects.get(job="review-reminders", period_start__date="2026-06-01")
    assert DBTaskResult.objects.get(pk=run.task_result_id).task_path.endswith(
        "send_review_reminders"
    )


def test_run_due_jobs_says_what_it_enqueued_and_then_nothing(db):
    out = io.StringIO()
    call_command("run_due_jobs", stdout=out)
    assert out.getvalue().strip() == "Enqueued: " + ", ".join(j.name for j in schedule.SCHEDULE)
    out = io.StringIO()
    call_command("run_due_jobs", stdout=out)
    assert out.getvalue() == ""


def test_the_daily_reminders_job_queues_the_reminders_and_the_queue_sends_them(
    make_entry, editor, run_jobs
):
    make_entry(Status.VERIFIED, next_review_due=timezone.localdate() + datetime.timedelta(days=7))
    call_command("run_due_jobs", stdout=io.StringIO())
    run_jobs()
    reminders = DBTaskResult.objects.get(task_path__endswith="send_review_reminders")
    assert reminders.status == "SUCCESSFUL"
    assert reminders.return_value.startswith("1 reminder(s) queued")
    assert sorted(m.to[0] for m in mail.outbox) == [
        "alice@mfin.example.org",
        "communication@mfin.example.org",
    ]
    assert (
        DBTaskResult.objects.get(task_path__endswith="prune_finished_jobs").status == "SUCCESSFUL"
    )


def test_an_idle_queue_is_healthy(db):
    assert queue_health() == {
        "oldest_waiting_seconds": None,
        "waiting_jobs": 0,
        "jobs_past_lease": 0,
        "failed_jobs": 0,
        "failed_emails": 0,
    }


def test_the_health_reports_the_oldest_waiting_job_and_the_failures(db):
    queue_email(key="a", to="a@x.example", subject="", body="")
    queue_email(key="b", to="not an address", subject="", body="")
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=10))
    health = queue_health()
    assert health["oldest_waiting_seconds"] >= 600
    assert (health["waiting_jobs"], health["failed_emails"]) == (1, 1)


def test_a_retry_waiting_for_its_time_is_not_counted_late(db):
    email = queue_email(key="a", to="a@x.example", subject="", body="")
    DBTaskResult.objects.update(run_after=timezone.now() + datetime.timedelta(hours=1))
    health = queue_health()
    assert health["oldest_waiting_seconds"] is None
    assert OutgoingEmail.objects.get(pk=email.pk).status == "queued"
