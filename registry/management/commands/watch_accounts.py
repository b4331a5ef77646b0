"""Check every due entry on its platform now, in this process: one line per change found."""

from django.core.management.base import BaseCommand

from registry.watch.service import run_due_checks


class Command(BaseCommand):
    help = "Check the published accounts that are due on their platforms, now."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Check every entry, due or not.")

    def handle(self, *args, **options):
        def report(observation):
            entry = observation.entry
            self.stdout.write(
                f"{observation.get_kind_display()}: {entry.get_platform_display()} {entry.handle} "
                f"(entry {entry.pk}) {observation.changes}"
            )

        summary = run_due_checks(ignore_schedule=options["all"], report=report)
        self.stdout.write(
            f"Checked {summary.checked}, changes {len(summary.changes)}, "
            f"failed {summary.failed}, skipped {summary.skipped}."
        )
