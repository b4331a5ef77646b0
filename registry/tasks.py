"""Background jobs of the register (thin wrappers over commands and services), and the queue's
health for /healthz.

A job is a `@task()` function; `.enqueue(...)` writes its row in the current transaction and a
`manage.py db_worker` process runs it once that commits. E-mails have their own job in
outbox/tasks.py (`queue_email`). Periodic jobs are declared in registry/schedule.py.

The lease. django-tasks-db claims a job by locking its row (`SELECT … FOR UPDATE SKIP LOCKED`),
setting it RUNNING and committing; it then runs the job outside any lock and writes the outcome.
A worker killed in between leaves the row RUNNING for ever: nothing in the library looks at it
again. So a job RUNNING for longer than `JOB_LEASE_SECONDS` since its claim is taken to belong to
a dead worker, and `reclaim_abandoned_jobs()` (called by the scheduler, `run_due_jobs`, every
minute: not a job itself, so it runs even when every worker is stuck) puts it back to READY for
another worker, or fails it once `JOB_MAX_CLAIMS` workers have died on it (a job that kills its
worker must not kill them all in turn). Every job must therefore be safe to run twice: a worker
that is only slow, not dead, may still finish after its job was given to another. Ours are:
an e-mail locks its outbox row and sends only a message still queued (outbox/tasks.py), a watch
check locks the entry's watch state and checks only an entry still due, the schedule's jobs
find their work done and end.
"""

import datetime
import io
import logging

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.db.models import Min, Q, QuerySet
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from outbox.models import OutgoingEmail

log = logging.getLogger(__name__)


def _run_command(name: str, *args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command(name, *args, stdout=out, stderr=err)
    return (out.getvalue() + err.getvalue()).strip()


@task()
def send_review_reminders() -> str:
    """Daily: queue the re-certification reminders (the command's report is the job's result)."""
    return _run_command("send_review_reminders")


@task()
def build_open_data_files() -> str:
    """Every minute: the open-data files of the current register version, if not built yet."""
    from registry.exports import files, open_data

    built = files.build_current({"csv": open_data.csv_lines, "json": open_data.json_parts})
    return f"built {built}" if built else "up to date"


@task()
def prune_finished_jobs() -> str:
    """Daily: forget finished jobs after 30 days (failed ones after 90); e-mails stay."""
    return _run_command(
        "prune_db_task_results", "--queue-name=*", "--min-age-days=30", "--failed-min-age-days=90"
    )


def past_lease(now: datetime.datetime | None = None) -> QuerySet:
    """The jobs still RUNNING longer than the lease after their claim: their worker died (or a
    job runs far longer than any should)."""
    since = (now or timezone.now()) - datetime.timedelta(seconds=settings.JOB_LEASE_SECONDS)
    return DBTaskResult.objects.running().filter(started_at__lt=since)


def reclaim_abandoned_jobs(now: datetime.datetime | None = None) -> dict[str, int]:
    """Give every job past its lease back to the queue (READY: the next free worker takes it),
    or fail it after `JOB_MAX_CLAIMS` claims; how many of each."""
    outcome = {"reclaimed": 0, "failed": 0}
    with transaction.atomic():
        for job in past_lease(now).select_for_update(skip_locked=True):
            if len(job.worker_ids) >= settings.JOB_MAX_CLAIMS:
                _fail_abandoned(job)
                outcome["failed"] += 1
            else:
                job.status = TaskResultStatus.READY
                job.save(update_fields=["status"])
                outcome["reclaimed"] += 1
            log.warning(
                "job %s (%s) past its lease after %s claim(s): %s",
                job.id,
                job.task_path,
                len(job.worker_ids),
                "failed" if job.status == TaskResultStatus.FAILED else "queued again",
            )
    return outcome


def _fail_abandoned(job: DBTaskResult) -> None:
    job.status, job.finished_at = TaskResultStatus.FAILED, timezone.now()
    job.exception_class_path = "registry.tasks.WorkerDied"
    job.traceback = (
        f"{len(job.worker_ids)} worker(s) took this job and none finished it within "
        f"JOB_LEASE_SECONDS={settings.JOB_LEASE_SECONDS}: it is not tried again."
    )
    job.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])


@task()
def apply_retention() -> dict:
    """Daily: what the privacy notice promises, enforced (registry.retention)."""
    from registry.retention import apply_retention as apply

    return apply()


def queue_health() -> dict:
    """How the job queue is doing: the age in seconds of the oldest job waiting to run (None
    when none waits), how many wait, how many run past their lease (a dead worker's, until the
    scheduler gives them back), how many jobs failed, how many e-mails failed for good."""
    now = timezone.now()
    waiting = DBTaskResult.objects.ready()
    oldest = waiting.aggregate(
        enqueued=Min("enqueued_at", filter=Q(run_after=get_date_max())),
        due=Min("run_after", filter=~Q(run_after=get_date_max())),
    )
    since = min((t for t in oldest.values() if t is not None), default=None)
    return {
        "oldest_waiting_seconds": (now - since).total_seconds() if since else None,
        "waiting_jobs": waiting.count(),
        "jobs_past_lease": past_lease(now).count(),
        "failed_jobs": DBTaskResult.objects.failed().count(),
        "failed_emails": OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED).count(),
    }
