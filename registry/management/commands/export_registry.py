"""`manage.py export_registry FILE.json`: the whole register, with its history, in one file."""

from django.core.management.base import BaseCommand

from registry.exports import backup


class Command(BaseCommand):
    help = "Write the whole register (people without passwords, entries, history) to a JSON file."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The JSON file to write.")

    def handle(self, *args, path: str, **options):
        data = backup.export_data()
        backup.write(path, data)
        self.stdout.write(f"Wrote {len(data['records'])} records to {path}.")
