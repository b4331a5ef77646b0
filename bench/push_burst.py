"""A burst of public changes pushed to subscribers (issue 32.7; not a test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/registry_push_bench \
        .venv/bin/python bench/push_burst.py --changes 1000 --subscribers 50 --workers 4

Migrates the (throw-away) database, creates one ministry, `--entries` verified entries and
`--subscribers` webhook endpoints on a threaded stand-in receiver on 127.0.0.1: a tenth answer
after longer than PUSH_TIMEOUT (slow), a tenth answer 500 (failing), the rest 204 at once.
Starts `--workers` `db_worker --queue-name push` processes and one `--queue-name default`, then
commits `--changes` public changes (each in its own transaction, through fan_out, as
record_public_change does) spread over `--seconds`, while an e-mail is queued every second on
the default queue. Waits until every healthy delivery is done (or `--timeout`), then prints:
deliveries per kind of subscriber, the latency from each change's commit to its delivery to a
healthy subscriber (p50, p99, max), what is left pending for the others (retrying, not lost),
and how late the e-mail jobs ran.
"""

import argparse
import multiprocessing
import os
import subprocess
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789-0123456789-0123456789")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
os.environ["WATCH_ALLOW_PRIVATE_ADDRESSES"] = "1"
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

QUIET = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
SLOW_SECONDS = 6.0  # longer than PUSH_TIMEOUT (5 s): each try is cut


class Receiver(BaseHTTPRequestHandler):
    """/ok/<n> answers 204, /slow/<n> after SLOW_SECONDS, /fail/<n> 500."""

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        kind = self.path.split("/")[1]
        if kind == "slow":
            time.sleep(SLOW_SECONDS)
        self.send_response(500 if kind == "fail" else 204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def setup(args, base: str):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from accounts.models import Ministry, Service, User
    from registry.models import SocialAccount, Status
    from registry.push import services
    from registry.push.models import Subscriber

    call_command("migrate", verbosity=0)
    ministry, _ = Ministry.objects.get_or_create(
        slug="bench",
        defaults={"name_fr": "Banc", "name_de": "Bank", "name_en": "Bench", "short_name": "B"},
    )
    service, _ = Service.objects.get_or_create(
        slug="bench-service",
        defaults={
            "ministry": ministry,
            "name_fr": "S",
            "name_de": "S",
            "name_en": "S",
            "kind": Service.Kind.values[0],
        },
    )
    Subscriber.objects.all().delete()
    DBTaskResult.objects.all().delete()  # a throw-away database: no job left from a last run
    author, _ = User.objects.get_or_create(email="bench@bench.example", defaults={"full_name": "B"})
    entries = list(SocialAccount.objects.filter(service=service)[: args.entries])
    for n in range(len(entries), args.entries):
        entries.append(
            SocialAccount.objects.create(
                platform="x",
                handle=f"bench{n}",
                url=f"https://x.com/bench{n}",
                display_name=f"B{n}",
                service=service,
                created_by=author,
                team_name="T",
                team_email="t@bench.example",
                purpose="Bench",
                status=Status.VERIFIED,
            )
        )
    tenth = max(1, args.subscribers // 10)
    for n in range(args.subscribers):
        kind = "slow" if n < tenth else "fail" if n < 2 * tenth else "ok"
        services.register_endpoint(Subscriber(name=f"{kind}{n}", url=f"{base}/{kind}/{n}"))
    return entries


def start_workers(args) -> list[subprocess.Popen]:
    manage = [sys.executable, str(ROOT / "manage.py"), "db_worker", "--interval", "0.1"]
    procs = [
        subprocess.Popen([*manage, "--queue-name", "push"], cwd=ROOT, **QUIET)  # noqa: S603
        for _ in range(args.workers)
    ]
    procs.append(subprocess.Popen([*manage, "--queue-name", "default"], cwd=ROOT, **QUIET))  # noqa: S603
    return procs


def burst(args, entries) -> list[tuple[int, float]]:
    """The changes, spread over args.seconds; an e-mail queued each second. Returns the e-mails'
    (pk, queued at) pairs."""
    from django.db import transaction

    from outbox.tasks import queue_email
    from registry.models import PublicChange
    from registry.push.deliveries import fan_out

    emails, start, next_email = [], time.monotonic(), 0.0
    for n in range(args.changes):
        entry = entries[n % len(entries)]
        kind = PublicChange.SUSPENDED if (n // len(entries)) % 2 == 0 else PublicChange.REINSTATED
        with transaction.atomic():
            fan_out(entry, kind)
        elapsed = time.monotonic() - start
        if elapsed >= next_email:
            email = queue_email(
                key=f"bench:{time.time()}", to="ops@bench.example", subject="Bench", body="Bench"
            )
            emails.append((email.pk, time.time()))
            next_email += 1.0
        pause = (n + 1) * args.seconds / args.changes - (time.monotonic() - start)
        if pause > 0:
            time.sleep(pause)
    return emails


def report(args, emails, burst_seconds: float) -> None:
    from outbox.models import OutgoingEmail
    from registry.push.models import Delivery

    rows = Delivery.objects.select_related("subscriber", "change")
    healthy = rows.filter(subscriber__name__startswith="ok")
    latencies = [
        (d - c).total_seconds()
        for d, c in healthy.filter(status="delivered").values_list(
            "delivered_at", "change__created_at"
        )
    ]
    print(f"changes: {args.changes} in {burst_seconds:.1f} s, subscribers: {args.subscribers}")
    for prefix in ("ok", "slow", "fail"):
        part = rows.filter(subscriber__name__startswith=prefix)
        counts = {s: part.filter(status=s).count() for s in ("delivered", "pending", "failed")}
        print(f"  {prefix:5} deliveries: {counts}")
    print(
        f"  healthy latency commit→delivered: p50 {percentile(latencies, 0.5):.2f} s, "
        f"p99 {percentile(latencies, 0.99):.2f} s, "
        f"max {max(latencies, default=float('nan')):.2f} s, "
        f"over 60 s: {sum(1 for x in latencies if x > 60)}"
    )
    sent = OutgoingEmail.objects.filter(pk__in=[pk for pk, _ in emails], status="sent")
    delays = [(s.sent_at.timestamp() - q) for (pk, q) in emails for s in sent if s.pk == pk]
    print(
        f"  e-mails: {len(delays)}/{len(emails)} sent, delay p50 {percentile(delays, 0.5):.2f} s, "
        f"max {max(delays, default=float('nan')):.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=1000)
    parser.add_argument("--subscribers", type=int, default=50)
    parser.add_argument("--entries", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--timeout", type=float, default=240.0)
    args = parser.parse_args()
    # The receivers in a process of their own: not competing with the burst for one GIL.
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    receiver = multiprocessing.Process(target=server.serve_forever, daemon=True)
    receiver.start()
    import django

    django.setup()
    from registry.push.models import Delivery

    entries = setup(args, f"http://127.0.0.1:{server.server_address[1]}")
    procs = start_workers(args)
    try:
        started = time.monotonic()
        emails = burst(args, entries)
        burst_seconds = time.monotonic() - started
        waiting = Delivery.objects.filter(subscriber__name__startswith="ok", status="pending")
        while waiting.exists() and time.monotonic() - started < args.timeout:
            time.sleep(0.5)
        time.sleep(2)  # the last e-mails
        report(args, emails, burst_seconds)
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(10)
        receiver.terminate()


if __name__ == "__main__":
    main()
