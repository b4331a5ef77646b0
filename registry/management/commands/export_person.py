"""Everything the registry holds about one person, as JSON (a GDPR access request):

python manage.py export_person someone@ministere.example > someone.json
"""

import json

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from registry.people import export_person


class Command(BaseCommand):
    help = "Print everything the registry holds about one person (by e-mail address), as JSON."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email: str, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"Nobody with the address {email!r}.")
        self.stdout.write(json.dumps(export_person(user), ensure_ascii=False, indent=1))
