"""`python manage.py serve_demo [ADDRESS]`: what `make run` does once installed
(registry.demo.serve).

Debug only, as `seed_demo`: it loads the demo logins, whose password is published."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from registry.demo.serve import serve_demo


class Command(BaseCommand):
    help = (
        "Migrate, load the demo government, run the first jobs, then serve the demo with a job "
        "worker and the scheduler, and print the address and the demo logins. -v 2 shows every "
        "start-up line."
    )

    def add_arguments(self, parser):
        parser.add_argument("address", nargs="?", default="127.0.0.1:8000", help="host:port")

    def handle(self, *args, address: str, verbosity: int, **options):
        if not settings.DEBUG:
            raise CommandError("serve_demo runs with DJANGO_DEBUG=1 only (it loads the demo).")
        port = address.rpartition(":")[2]
        if not port.isdigit() or not 0 < int(port) < 65536:
            raise CommandError(f"Give the address as host:port (127.0.0.1:8000), not {address!r}.")
        raise SystemExit(serve_demo(address, verbose=verbosity > 1))
