"""Anonymise a departed person's account, keeping the history whole (registry.people):

python manage.py anonymise_person someone@ministere.example
"""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from registry.people import anonymise_person


class Command(BaseCommand):
    help = "Replace a departed person's name and address; their decisions stay in the history."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email: str, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"Nobody with the address {email!r}.")
        if user.memberships.exists() or user.groups.exists() or user.is_superuser:
            raise CommandError("This person still has a role: remove it first.")
        anonymise_person(user)
        self.stdout.write(f"Account {user.pk} anonymised; its history is kept.")
