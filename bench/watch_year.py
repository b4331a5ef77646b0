"""A year of the watch, in simulated time, against stand-ins with realistic faults (not a test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/registry_watch_year \\
        .venv/bin/python bench/watch_year.py --entries 40 --days 5

Creates N verified entries spread over Bluesky, GitHub, Mastodon and Telegram (a database you can
throw away: it is migrated and emptied of them first), then reads each one at the watch's own
cadence for the register's size (`limits.check_interval`, confirming reads sooner) through a
simulated clock: every read goes over real HTTP to a threaded stand-in on loopback that answers
what the platform would say at that simulated moment, and is recorded by the watch's own code
(`service.look_up`, `service.record_reading(at=…)`). The stand-in's world has real events
(takeovers, renames, deletions) and faults: per request 2 % 503, 1 % 429, 1 % a transient
"not found", 0.5 % a 200 HTML maintenance page; per platform every few days an outage of
3 hours answering "not found" for every account, and one of 6 hours answering 503.

It prints, per platform: reads, requests a day against the rate the watch allows itself, false
public-answer changes (a rename, absence or takeover acted on that the world did not have),
false e-mails (the ministry's rename and closure mails, the central unit's urgent ones, for a
false finding), takeovers caught and their delay, and changes missed.
"""

import argparse
import datetime
import heapq
import json
import os
import random
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789-0123456789-0123456789")
os.environ.setdefault("DJANGO_LOG_LEVEL", "ERROR")

PLATFORMS = ("bluesky", "github", "mastodon", "telegram")
HOUR = 3600.0


class World:
    """Who holds which handle at each simulated moment, and what goes wrong when."""

    def __init__(self, entries: int, days: int, seed: int):
        self.rng = random.Random(seed)  # noqa: S311 - a reproducible world, not a secret
        self.now = 0.0  # simulated seconds since the start
        self.lock = threading.Lock()
        self.requests: Counter = Counter()
        self.accounts = []  # n -> dict(platform, handle, id, events)
        for n in range(entries):
            platform = PLATFORMS[n % len(PLATFORMS)]
            self.accounts.append(
                {"platform": platform, "handle": f"bench{n}", "id": str(100000 + n), "events": []}
            )
        span = days * 24 * HOUR
        for account in self.accounts:
            roll = self.rng.random()
            at = self.rng.uniform(0.1 * span, 0.8 * span)
            if roll < 0.05:
                account["events"].append((at, "takeover"))
            elif roll < 0.15:
                account["events"].append((at, "rename"))
            elif roll < 0.20:
                account["events"].append((at, "delete"))
        self.outages = {}
        for platform in PLATFORMS:
            starts = [self.rng.uniform(0, span) for _ in range(max(1, days // 5))]
            self.outages[platform] = [(s, s + 3 * HOUR, "notfound") for s in starts] + [
                (self.rng.uniform(0, span), 0, "down")
            ]
            self.outages[platform] = [
                (s, e or s + 6 * HOUR, kind) for s, e, kind in self.outages[platform]
            ]

    def truth(self, n: int, at: float) -> str:
        """What has happened to account n by `at`: "", "takeover", "rename" or "delete"."""
        done = [kind for when, kind in self.accounts[n]["events"] if when <= at]
        return done[-1] if done else ""

    def holder(self, platform: str, handle: str, at: float) -> dict | None:
        """The account answering for `handle` now: the original, its impostor, or nobody."""
        for n, account in enumerate(self.accounts):
            if account["platform"] != platform:
                continue
            state = self.truth(n, at)
            if account["handle"] == handle:
                if state == "":
                    return {"id": account["id"], "handle": handle}
                if state == "takeover":
                    return {"id": "9" + account["id"], "handle": handle}
                return None
            if state == "rename" and handle == account["handle"] + "-new":
                return {"id": account["id"], "handle": handle}
        return None

    def by_id(self, platform: str, account_id: str, at: float) -> dict | None:
        for n, account in enumerate(self.accounts):
            if account["platform"] == platform and account["id"] == account_id:
                state = self.truth(n, at)
                if state == "delete":
                    return None
                moved = account["handle"] + ("-new" if state == "rename" else "")
                if state == "takeover":
                    moved = account["handle"] + "-old"
                return {"id": account_id, "handle": moved}
        return None

    def fault(self, platform: str) -> str:
        """ "" or what goes wrong with this request."""
        for start, end, kind in self.outages[platform]:
            if start <= self.now < end:
                return kind
        roll = self.rng.random()
        if roll < 0.02:
            return "down"
        if roll < 0.03:
            return "limited"
        if roll < 0.04:
            return "notfound"
        if roll < 0.045:
            return "html"
        return ""


WORLD: World | None = None


class StandIn(BaseHTTPRequestHandler):
    def do_GET(self):
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        parts = [unquote(p) for p in url.path.split("/") if p]
        platform = parts[0]
        with WORLD.lock:
            WORLD.requests[platform] += 1
            fault = WORLD.fault(platform)
            status, body, kind = self.answer(platform, parts[1:], query, fault)
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        if status == 429:
            self.send_header("Retry-After", "60")
        self.end_headers()
        self.wfile.write(data)

    def answer(self, platform, parts, query, fault):
        if fault == "down":
            return 503, "down", "text/plain"
        if fault == "limited":
            return 429, "slow down", "text/plain"
        if fault == "html":
            return 200, "<html><body>Maintenance</body></html>", "text/html"
        at = WORLD.now
        if platform == "bluesky":
            if parts[-1] == "com.atproto.identity.resolveHandle":
                found = WORLD.holder("bluesky", query["handle"].removesuffix(".bsky.social"), at)
                if fault == "notfound" or found is None:
                    return 400, {"error": "InvalidRequest"}, "application/json"
                return 200, {"did": "did:plc:" + found["id"]}, "application/json"
            found = WORLD.by_id("bluesky", query["actor"].removeprefix("did:plc:"), at)
            if query["actor"].removeprefix("did:plc:").startswith("9"):
                found = {"id": query["actor"].removeprefix("did:plc:"), "handle": "?"}
                found["handle"] = _impostor_handle(found["id"])
            if fault == "notfound" or found is None:
                return 400, {"error": "InvalidRequest"}, "application/json"
            return (
                200,
                {
                    "did": "did:plc:" + found["id"],
                    "handle": found["handle"] + ".bsky.social",
                    "displayName": "Bench",
                    "description": "Compte officiel.",
                },
                "application/json",
            )
        if platform == "github":
            found = (
                WORLD.by_id("github", parts[1], at)
                if parts[0] == "user"
                else WORLD.holder("github", parts[1], at)
            )
            if fault == "notfound" or found is None:
                return 404, {"message": "Not Found"}, "application/json"
            body = {"id": int(found["id"]), "login": found["handle"], "name": "Bench", "bio": ""}
            return 200, body, "application/json"
        if platform == "mastodon":
            if parts[-1] == "lookup":
                found = WORLD.holder("mastodon", query["acct"], at)
            else:
                found = WORLD.by_id("mastodon", parts[-1], at)
            if fault == "notfound" or found is None:
                return 404, {"error": "Record not found"}, "application/json"
            body = {"id": found["id"], "acct": found["handle"], "display_name": "Bench"}
            return 200, {**body, "note": "<p>Compte officiel</p>"}, "application/json"
        found = WORLD.holder("telegram", parts[0], at)
        if fault == "notfound" or found is None:
            return 200, '<html><div class="tgme_page_extra"></div></html>', "text/html"
        page = '<html><div class="tgme_page_title"><span>Bench</span></div></html>'
        return 200, page, "text/html"

    def log_message(self, *args):
        pass


def _impostor_handle(account_id: str) -> str:
    n = int(account_id[1:]) - 100000
    return WORLD.accounts[n]["handle"]


def make_entries(world: World) -> list[int]:
    from accounts.models import Service
    from registry.demo.government import ensure_government, ensure_people
    from registry.models import Observation, SocialAccount, Status, WatchState

    if Observation.objects.exists() or WatchState.objects.exists():
        sys.exit("Give the benchmark a new, empty database (history is append-only).")
    ensure_government()
    editor = next(iter(ensure_people().values()))
    service = Service.objects.first()
    ids = []
    for account in world.accounts:
        platform, handle, number = account["platform"], account["handle"], account["id"]
        key = {
            "bluesky": (f"{handle}.bsky.social", f"did:plc:{number}"),
            "github": (handle, number),
            "mastodon": (f"{handle}@bench.example", f"{number}@bench.example"),
            "telegram": (handle, ""),
        }[platform]
        entry, _created = SocialAccount.objects.update_or_create(
            platform=platform,
            handle=key[0],
            defaults={
                "url": f"https://bench.example/{platform}/{handle}",
                "platform_account_id": key[1],
                "display_name": f"Bench {handle}",
                "service": service,
                "team_name": "Bench",
                "team_email": "bench@bench.example",
                "languages": ["fr"],
                "purpose": "Bench.",
                "status": Status.VERIFIED,
                "created_by": editor,
            },
        )
        ids.append(entry.pk)
    return ids


def simulate(world: World, ids: list[int], days: int, start: datetime.datetime) -> dict:
    from registry.models import SocialAccount, WatchState
    from registry.watch import limits, service
    from registry.watch.platforms import adapter_for

    heap = [(world.rng.uniform(0, 900), n, pk) for n, pk in enumerate(ids)]
    heapq.heapify(heap)
    end = days * 24 * HOUR
    reads = Counter()
    for pk in ids:
        WatchState.objects.get_or_create(entry_id=pk)
    while heap and heap[0][0] < end:
        at, n, pk = heapq.heappop(heap)
        world.now = at
        entry = SocialAccount.objects.get(pk=pk)
        adapter = adapter_for(entry.platform)
        try:
            reading = service.Reading(*service.look_up(adapter, entry))
        except Exception as exc:  # what the watch records as a failed check
            reading = service.Reading(error=exc)
        moment = start + datetime.timedelta(seconds=at)
        service.record_reading(entry, reading, at=moment)
        reads[entry.platform] += 1
        state = WatchState.objects.get(entry_id=pk)
        following = (state.next_check_at - start).total_seconds()
        if reading.error is not None and "rate_limited" in str(reading.error):
            following = max(following, at + 60)
        heapq.heappush(heap, (max(following, at + 1), n, pk))
    return {"reads": reads, "interval": {p: limits.check_interval(p) for p in PLATFORMS}}


def judge(world: World, ids: list[int], start: datetime.datetime) -> dict:
    """Each acted-on finding against the world's truth at its moment."""
    from registry.models import Observation

    K = Observation.Kind
    expect = {K.TAKEOVER: "takeover", K.RENAMED: "rename", K.GONE: "delete"}
    rows = {p: Counter() for p in PLATFORMS}
    delays = {p: [] for p in PLATFORMS}
    index = {pk: n for n, pk in enumerate(ids)}
    caught = set()
    for obs in Observation.objects.filter(entry_id__in=ids).order_by("created_at"):
        n = index[obs.entry_id]
        platform = world.accounts[n]["platform"]
        at = (obs.created_at - start).total_seconds()
        truth = world.truth(n, at)
        if obs.kind in expect:
            right = {expect[obs.kind]} | ({"rename"} if obs.kind == K.GONE else set())
            if truth not in right:  # (a handle renamed away is gone where no id is shown)
                rows[platform]["false_public"] += 1
                rows[platform]["false_mail"] += 1 if obs.kind != K.GONE else 0
            elif n not in caught:
                caught.add(n)
                happened = next(w for w, kind in world.accounts[n]["events"] if kind == truth)
                delays[platform].append(at - happened)
                rows[platform][f"caught_{truth}"] += 1
        elif obs.kind == K.RESTORED and truth:
            rows[platform]["false_public"] += 1
    for account in world.accounts:
        for _when, kind in account["events"]:
            rows[account["platform"]][f"real_{kind}"] += 1
    return {"rows": rows, "delays": delays}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=40)
    parser.add_argument("--days", type=int, default=5)
    parser.add_argument("--seed", type=int, default=29)
    args = parser.parse_args()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    global WORLD
    WORLD = World(args.entries, args.days, args.seed)
    call_command("migrate", verbosity=0)
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    settings.WATCH_BASE_URLS = {p: f"{base}/{p}" for p in PLATFORMS} | {
        "mastodon": f"{base}/mastodon/{{host}}"
    }
    settings.WATCH_ALLOW_PRIVATE_ADDRESSES = True
    ids = make_entries(WORLD)
    start = timezone.now() - datetime.timedelta(days=args.days)
    started = time.perf_counter()
    sim = simulate(WORLD, ids, args.days, start)
    elapsed = time.perf_counter() - started
    verdict = judge(WORLD, ids, start)
    server.shutdown()
    report(args, sim, verdict, elapsed)


def report(args, sim, verdict, elapsed) -> None:
    print(f"{args.entries} entries, {args.days} simulated days, {elapsed:.0f} s")
    head = "platform | every | reads | req/day | allowed/day | false public | false mail | "
    print(head + "takeovers caught | renames | deletions | worst delay")
    from registry.watch import limits

    for p in PLATFORMS:
        row = verdict["rows"][p]
        delays = verdict["delays"][p]
        rate = limits.per_platform(__import__("django.conf").conf.settings.WATCH_RATE_PER_MINUTE, p)
        every = sim["interval"][p]
        print(
            f"{p} | {every} | {sim['reads'][p]} | {WORLD.requests[p] / args.days:.0f} | "
            f"{rate * 1440:.0f} | {row['false_public']} | {row['false_mail']} | "
            f"{row['caught_takeover']}/{row['real_takeover']} | "
            f"{row['caught_rename']}/{row['real_rename']} | "
            f"{row['caught_delete']}/{row['real_delete']} | "
            f"{(max(delays) / 60 if delays else 0):.0f} min"
        )


if __name__ == "__main__":
    main()
