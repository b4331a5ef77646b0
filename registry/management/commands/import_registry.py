"""`manage.py import_registry FILE.json`: restore an export into an EMPTY database, identically."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from registry.exports import backup


class Command(BaseCommand):
    help = (
        "Restore a file written by export_registry into an empty, migrated database "
        "(keys and timestamps kept; everyone then sets a new password)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The JSON file written by export_registry.")

    def handle(self, *args, path: str, **options):
        try:
            data = backup.read(path)
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        try:
            counts = backup.import_data(data)
        except backup.NotEmpty as exc:
            raise CommandError(
                f"The database is not empty (it holds {exc}). import_registry restores into an "
                "empty database only: create a new database, run `manage.py migrate`, then import."
            ) from exc
        except (DatabaseError, ValueError, KeyError) as exc:
            raise CommandError(
                f"The file could not be restored; nothing was written. {exc}"
            ) from exc
        for label, count in counts.items():
            self.stdout.write(f"{label}: {count}")
        self.stdout.write(self.style.SUCCESS("Restored. Everyone must now set a new password."))
