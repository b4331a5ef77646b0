"""Witness a registry's log: `manage.py witness --log URL --log-key VKEY --name NAME --key FILE
--state FILE`. Run by another organisation, with its own key and state file.

It fetches the checkpoint, checks the log's signature and the consistency proof from the last
checkpoint it cosigned (kept in its state file), refuses loudly (exit status 1) a fork or a
shrinking tree, and otherwise posts its cosignature (C2SP tlog-cosignature v1) back to the log
and prints it. The work is the standalone verifier's (`registry-verify witness` is the same).
"""

from django.core.management.base import BaseCommand, CommandError
from registry_verifier import VerificationError
from registry_verifier.cli import parser, run


class Command(BaseCommand):
    help = "Cosign the registry's latest checkpoint if it extends the last one cosigned."

    def add_arguments(self, parser_):
        parser_.add_argument("--log", required=True, help="the registry's address")
        parser_.add_argument("--log-key", required=True, help="the log's vkey, pinned")
        parser_.add_argument("--name", required=True, help="this witness's key name")
        parser_.add_argument("--key", required=True, help="this witness's PEM key file")
        parser_.add_argument("--state", required=True, help="this witness's state file")
        parser_.add_argument("--no-submit", action="store_true")

    def handle(self, *args, **options):
        argv = ["--log", options["log"], "--key", options["log_key"], "--state", options["state"]]
        argv += ["witness", "--name", options["name"], "--witness-key", options["key"]]
        argv += ["--no-submit"] if options["no_submit"] else []
        try:
            out = run(parser().parse_args(argv))
        except VerificationError as error:
            raise CommandError(f"REFUSED: {error}") from error
        self.stdout.write(out["cosigned"].splitlines()[-1])
