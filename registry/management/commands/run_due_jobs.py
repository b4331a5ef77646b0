"""Enqueue the periodic jobs that are due (registry/schedule.py): run it every minute, from cron
on each machine or from one; a period's job is enqueued once however many run it. It first
gives back to the queue the jobs of workers that died (past JOB_LEASE_SECONDS)."""

from django.core.management.base import BaseCommand

from registry.schedule import run_due


class Command(BaseCommand):
    help = "Enqueue the periodic jobs whose period has not run yet (run every minute)."

    def handle(self, *args, **options):
        reclaimed, enqueued = run_due()
        if options["verbosity"] == 0:
            return
        if any(reclaimed.values()):
            self.stdout.write(
                f"Past their lease: {reclaimed['reclaimed']} queued again, "
                f"{reclaimed['failed']} failed"
            )
        if enqueued:
            self.stdout.write("Enqueued: " + ", ".join(enqueued))
