"""`python manage.py build_open_data`: the open-data files of the current register version, now
(what the scheduled job does every minute)."""

import time

from django.core.management.base import BaseCommand

from registry.exports import files, open_data


class Command(BaseCommand):
    help = (
        "Write the open-data files (CSV, JSON, each also gzip and brotli) of the current register "
        "version under OPEN_DATA_DIR, unless they exist; remove older versions' files."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        built = files.build_current({"csv": open_data.csv_lines, "json": open_data.json_parts})
        elapsed = time.monotonic() - started
        if built:
            self.stdout.write(
                self.style.SUCCESS(f"Open-data files {built} built in {elapsed:.1f} s.")
            )
        else:
            self.stdout.write("The open-data files of this version exist already (or no version).")
