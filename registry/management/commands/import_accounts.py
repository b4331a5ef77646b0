"""Import a ministry's existing accounts from CSV, as drafts: the central unit's way in.

    python manage.py import_accounts FILE.csv --ministry SLUG [--by EMAIL] [--dry-run]

The same checks as the workspace's upload page (registry.imports); refused rows are listed
and skipped, the others are created in one transaction.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from accounts.models import Ministry
from accounts.roles import CENTRAL_ADMINS
from registry import services
from registry.errors import WorkflowError
from registry.imports import MAX_BYTES, ImportFileError, decode, preview, services_by_name
from registry.imports.service_names import folded_name


def find_ministry(text: str) -> Ministry | None:
    """The ministry by its slug, short name or name, whatever the case and accents."""
    wanted = folded_name(text)
    for ministry in Ministry.objects.all():
        names = (ministry.slug, ministry.short_name, ministry.name_fr, ministry.name_de)
        if wanted in {folded_name(name) for name in (*names, ministry.name_en)}:
            return ministry
    return None


class Command(BaseCommand):
    help = "Import accounts from a CSV file as drafts of one ministry."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--ministry", required=True, help="The ministry: its slug, short name or name."
        )
        parser.add_argument(
            "--by", help="E-mail of the person recorded as creator (default: a central admin)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show the preview, create nothing."
        )

    def handle(self, *args, file: Path, ministry: str, by: str | None, dry_run: bool, **options):
        found = find_ministry(ministry)
        if found is None:
            raise CommandError(f"No ministry with the slug, short name or name {ministry!r}.")
        actor = self._actor(by)
        result = self._preview(file, found)
        for row in result.rows:
            if row.ok:
                self.stdout.write(f"line {row.line}: will be created: {row.values['link']}")
            else:
                self.stdout.write(f"line {row.line}: refused: {'; '.join(row.errors)}")
        if dry_run or not result.to_create:
            self.stdout.write(
                ngettext("%d row to create", "%d rows to create", len(result.to_create))
                % len(result.to_create)
                + ", "
                + ngettext("%d refused", "%d refused", len(result.refused)) % len(result.refused)
                + "; nothing saved."
            )
            return
        try:
            created = services.create_imported([r.data for r in result.to_create], by=actor)
        except WorkflowError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                ngettext("%d draft created", "%d drafts created", len(created)) % len(created)
                + ", "
                + ngettext("%d row refused.", "%d rows refused.", len(result.refused))
                % len(result.refused)
            )
        )

    def _preview(self, file: Path, ministry: Ministry):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        limit = getattr(settings, "IMPORT_MAX_BYTES", MAX_BYTES)
        if file.stat().st_size > limit:
            raise CommandError(f"The file is larger than {limit // 1024} KB: split it.")
        try:
            return preview(decode(file.read_bytes()), services=services_by_name([ministry.pk]))
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc

    def _actor(self, email: str | None):
        users = get_user_model().objects.filter(is_active=True)
        if email:
            actor = users.filter(email__iexact=email).first()
            if actor is None:
                raise CommandError(f"No active user with the e-mail {email}.")
            return actor
        actor = (
            users.filter(groups__name=CENTRAL_ADMINS) | users.filter(is_superuser=True)
        ).first()
        if actor is None:
            raise CommandError("Name the person recorded as creator with --by EMAIL.")
        return actor
