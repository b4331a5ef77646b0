"""The one schedule of periodic jobs, and the one way it runs: `manage.py run_due_jobs`.

Every minute, cron (or the loop `make run` starts) calls `run_due_jobs` on any number of
machines. For each job below it computes the current period (intervals counted from midnight
UTC, 1970-01-01: a daily job's period starts at 00:00 UTC) and inserts a ScheduledRun row for
(job, period) under a unique constraint, in the same transaction as the job's queue row. The
first scheduler's row commits; any other, on this machine or another, waits for that commit and
then hits the constraint and enqueues nothing. A period missed while no scheduler ran is not
caught up: the next period runs as usual.

Before that, the same command gives back to the queue the jobs of dead workers, past their lease
(`registry.tasks.reclaim_abandoned_jobs`): done by the scheduler itself, not by a job, so that it
happens even when every worker is stuck or dead.

To add a periodic job: write a `@task()` function without arguments (registry/tasks.py or your
package's tasks module) and add one `Periodic(name, task, every)` line to SCHEDULE. The name is
stored: choose it once.
"""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks.base import Task

from registry import tasks
from registry.models import ScheduledRun
from registry.push import tasks as push_tasks
from registry.transparency import tasks as transparency_tasks
from registry.watch import tasks as watch_tasks

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
DAILY = datetime.timedelta(days=1)
QUARTER_HOUR = datetime.timedelta(minutes=15)
MINUTE = datetime.timedelta(minutes=1)


@dataclass(frozen=True)
class Periodic:
    name: str  # stored in ScheduledRun: never rename
    task: Task
    every: datetime.timedelta


SCHEDULE: list[Periodic] = [
    Periodic("review-reminders", tasks.send_review_reminders, DAILY),
    Periodic("prune-finished-jobs", tasks.prune_finished_jobs, DAILY),
    # The retention periods of the privacy notice (registry.retention).
    Periodic("retention", tasks.apply_retention, DAILY),
    # Each entry is checked once per WATCH_INTERVAL_HOURS; every quarter hour the due ones (and
    # the retries whose backoff has passed) are queued.
    Periodic("watch-checks", watch_tasks.enqueue_due_checks_task, QUARTER_HOUR),
    # The open-data files of the register as it is now; a job that finds them built ends at once.
    Periodic("open-data-files", tasks.build_open_data_files, MINUTE),
    # Pushed deliveries whose retry is due (or whose drain was lost with a crashed worker).
    Periodic("push-due-deliveries", push_tasks.wake_due_drains, MINUTE),
    # A checkpoint of the public log within a minute of a change, and the signed offline list.
    Periodic("transparency-checkpoint", transparency_tasks.sign_checkpoint_and_list, MINUTE),
]


def period_start(now: datetime.datetime, every: datetime.timedelta) -> datetime.datetime:
    return EPOCH + ((now - EPOCH) // every) * every


def run_due(now: datetime.datetime | None = None) -> tuple[dict[str, int], list[str]]:
    """What `run_due_jobs` does every minute: reclaim the jobs past their lease, then enqueue
    the periodic jobs that are due."""
    return tasks.reclaim_abandoned_jobs(now), enqueue_due_jobs(now)


def enqueue_due_jobs(now: datetime.datetime | None = None) -> list[str]:
    """Enqueue each job whose current period has no run yet; returns the names enqueued."""
    now = now or timezone.now()
    enqueued = []
    for job in SCHEDULE:
        start = period_start(now, job.every)
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(job=job.name, period_start=start)
                run.task_result_id = str(job.task.enqueue().id)
                run.save(update_fields=["task_result_id"])
        except IntegrityError:
            continue  # another scheduler enqueued this period's run
        enqueued.append(job.name)
    return enqueued
