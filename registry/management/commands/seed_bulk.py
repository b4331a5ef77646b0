"""`python manage.py seed_bulk --accounts N`: N realistic public entries, fast, for benchmarks."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from registry.demo.bulk import seed_bulk


class Command(BaseCommand):
    help = (
        "Make N public entries (handles bulk000001…) exist, with their review events, using bulk "
        "inserts. Idempotent per N: the same N creates nothing, a bigger N adds the difference. "
        "Creates the demo government when it is absent (with DEBUG off, its people get no "
        "usable password)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--accounts", type=int, required=True, help="How many bulk entries.")
        parser.add_argument(
            "--batch-size", type=int, default=50000, help="Entries per transaction."
        )

    def handle(self, *args, accounts: int, batch_size: int, **options):
        if accounts < 0 or batch_size < 1:
            raise CommandError("--accounts must be 0 or more and --batch-size at least 1.")
        if connection.vendor != "postgresql":
            # Its rows are made by PostgreSQL's own SQL (generate_series, arrays): a benchmark
            # measures the production database, never the embedded one.
            raise CommandError(
                "seed_bulk needs PostgreSQL (benchmarks measure the production database): set "
                "DATABASE_URL=postgres://… and run it again."
            )
        started = time.monotonic()
        created = seed_bulk(accounts, batch_size=batch_size, progress=self._progress_bar())
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"{created} bulk entries created in {elapsed:.1f} s ({accounts} requested)."
            )
        )

    def _progress_bar(self):
        """A text bar on standard error, only when it is a terminal (logs stay clean)."""
        if not sys.stderr.isatty():
            return None

        def show(done: int, total: int) -> None:
            filled = 30 * done // total
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done:,}/{total:,}")
            if done == total:
                sys.stderr.write("\n")
            sys.stderr.flush()

        return show
