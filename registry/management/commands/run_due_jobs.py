"""Enqueue the periodic jobs that are due (registry/schedule.py): run it every minute, from cron
on each machine or from one; a period's job is enqueued once however many run it."""

from django.core.management.base import BaseCommand

from registry.schedule import enqueue_due_jobs


class Command(BaseCommand):
    help = "Enqueue the periodic jobs whose period has not run yet (run every minute)."

    def handle(self, *args, **options):
        enqueued = enqueue_due_jobs()
        if enqueued and options["verbosity"] > 0:
            self.stdout.write("Enqueued: " + ", ".join(enqueued))
