"""Background jobs of the register (thin wrappers over commands and services), and the queue's
health for /healthz.

A job is a `@task()` function; `.enqueue(...)` writes its row in the current transaction and a
`manage.py db_worker` process runs it once that commits. E-mails have their own job in
outbox/tasks.py (`queue_email`). Periodic jobs are declared in registry/schedule.py.
"""

import io

from django.core.management import call_command
from django.db.models import Min, Q
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult, get_date_max

from outbox.models import OutgoingEmail


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


@task()
def apply_retention() -> dict:
    """Daily: what the privacy notice promises, enforced (registry.retention)."""
    from registry.retention import apply_retention as apply

    return apply()


def queue_health() -> dict:
    """How the job queue is doing: the age in seconds of the oldest job waiting to run (None
    when none waits), how many wait, how many jobs failed, how many e-mails failed for good."""
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
        "failed_jobs": DBTaskResult.objects.failed().count(),
        "failed_emails": OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED).count(),
    }
