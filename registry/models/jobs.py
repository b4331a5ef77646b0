from django.db import models
from django.utils import timezone


class ScheduledRun(models.Model):
    """One periodic job's run for one period, recorded before the job is enqueued.

    Unique per (job, period): however many schedulers run at once, on however many machines,
    only the one whose row commits enqueues the job for that period (registry/schedule.py).
    """

    job = models.CharField(max_length=100)
    period_start = models.DateTimeField()
    enqueued_at = models.DateTimeField(default=timezone.now)
    task_result_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-period_start", "job"]
        constraints = [
            models.UniqueConstraint(fields=["job", "period_start"], name="one_run_per_job_period")
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.period_start:%Y-%m-%d %H:%M}"
