"""`python manage.py seed_demo`: a realistic demo government, its accounts and demo logins."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from registry.demo.government import DEMO_PASSWORD, demo_logins
from registry.demo.seed import seed_demo


class Command(BaseCommand):
    help = (
        "Create a demo government (ministries, services, agencies), about 80 entries in every "
        "status with their history, and a demo login for each role. Idempotent. "
        "Refuses to run when DEBUG is off unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off (the demo logins share a published password).",
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo refuses to run with DEBUG off: its demo logins share a published "
                "password. Set DJANGO_DEBUG=1 on a development machine, or pass --force if you "
                "really want demo data here."
            )
        created = seed_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({created} new entries)."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for person in demo_logins():
            self.stdout.write(f"  {person.email:<34} {person.demo_login}")
