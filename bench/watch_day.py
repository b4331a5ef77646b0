"""What a day's watch of N entries costs, against a stand-in Bluesky on loopback (not a test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/registry_watch_bench \
        .venv/bin/python bench/watch_day.py --entries 10000

Creates N verified Bluesky entries (once), serves resolveHandle and getProfile from a threaded
stand-in on 127.0.0.1, runs `run_due_checks(ignore_schedule=True)` in this one process with the
rate limit off, and prints the time, the SQL queries and the HTTP requests it took. The database
must be one you can throw away; it is migrated first.
"""

import argparse
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789-0123456789-0123456789")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")


class StandIn(BaseHTTPRequestHandler):
    """Every handle `bench<n>.bsky.social` is the account `did:plc:bench<n>`, unchanged."""

    requests = 0

    def do_GET(self):
        StandIn.requests += 1
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path.endswith("resolveHandle"):
            body = {"did": "did:plc:" + query["handle"].split(".")[0]}
        else:
            name = query["actor"].removeprefix("did:plc:")
            body = {"did": query["actor"], "handle": f"{name}.bsky.social",
                    "displayName": name, "description": "Compte officiel."}  # fmt: skip
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def ensure_entries(total: int) -> None:
    from accounts.models import Service
    from registry.demo.government import ensure_government, ensure_people
    from registry.models import SocialAccount, Status

    have = SocialAccount.objects.filter(handle__startswith="bench").count()
    if have >= total:
        return
    ensure_government()
    editor = next(iter(ensure_people().values()))
    service = Service.objects.first()
    SocialAccount.objects.bulk_create(
        SocialAccount(
            platform="bluesky",
            handle=f"bench{n:06d}.bsky.social",
            url=f"https://bsky.app/profile/bench{n:06d}.bsky.social",
            platform_account_id=f"did:plc:bench{n:06d}",
            display_name=f"Bench {n}",
            service=service,
            team_name="Bench",
            team_email="bench@bench.example",
            languages=["fr"],
            purpose="Bench.",
            status=Status.VERIFIED,
            created_by=editor,
        )
        for n in range(have, total)
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=10000)
    args = parser.parse_args()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from registry.watch.service import run_due_checks

    call_command("migrate", verbosity=0)
    ensure_entries(args.entries)
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WATCH_BASE_URLS = {"bluesky": f"http://127.0.0.1:{server.server_address[1]}"}
    settings.WATCH_ALLOW_PRIVATE_ADDRESSES = True
    settings.WATCH_RATE_PER_MINUTE = {"default": 0}
    queries = [0]

    def count(execute, sql, params, many, context):
        queries[0] += 1
        return execute(sql, params, many, context)

    started = time.perf_counter()
    with connection.execute_wrapper(count):
        summary = run_due_checks(ignore_schedule=True)
    elapsed = time.perf_counter() - started
    server.shutdown()
    print(
        f"checked {summary.checked} entries in {elapsed:.1f} s "
        f"({1000 * elapsed / max(1, summary.checked):.1f} ms each), "
        f"{queries[0]} SQL queries ({queries[0] / max(1, summary.checked):.1f} per check), "
        f"{StandIn.requests} HTTP requests; changes {len(summary.changes)}, "
        f"failed {summary.failed}, skipped {summary.skipped}"
    )


if __name__ == "__main__":
    main()
