#!/usr/bin/env python3
"""Benchmark of the public log (issue 30): append cost, and cold proofs and `at=` answers at a
large log.

    .venv/bin/python bench/transparency.py --size 1000000
    .venv/bin/python bench/transparency.py --size 100000 --appends 500 --requests 200

For the size given: a PostgreSQL database `bench_transparency_<size>` (created, migrated), a
log of that many entries written straight into the tables with COPY (leaves, hashes and
complete subtrees computed by the same code the registry uses: the bench checks the root
against the registry's), one real account, then:

- **append**: `record_public_change` of that account, `--appends` times: each in its own
  transaction, commit included (`append_with_commit`), and inside one open transaction
  (`append_in_transaction`: what a move's own transaction pays for its log entry);
- **cold**: each request of a fresh address, answered by the Django views in this process
  (no HTTP, no cache kept between requests: every answer is computed): inclusion proofs at
  random indexes of the full tree, consistency proofs between random sizes, `/api/v1/verify/`
  with `at=` at random dates for random handles, and `/transparency/entries/` pages.

Prints milliseconds (median, 95th percentile, max) and writes bench/results/<time>-log.json.
Needs PostgreSQL on 127.0.0.1 (user postgres). Not part of `make test`.
"""

# ruff: noqa: S106, S311  (a throwaway key for a benchmark; random picks of what to measure)
import argparse
import datetime
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--size", type=int, default=100_000, help="log entries to seed")
    p.add_argument("--accounts", type=int, default=50_000, help="distinct handles in the log")
    p.add_argument("--appends", type=int, default=300)
    p.add_argument("--requests", type=int, default=200, help="cold requests per kind")
    p.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    p.add_argument("--no-seed", action="store_true", help="use the database as it is")
    return p.parse_args()


def setup(args) -> str:
    name = f"bench_transparency_{args.size}"
    os.environ.update(
        DJANGO_SETTINGS_MODULE="registry.settings",
        DATABASE_URL=f"{args.postgres}/{name}",
        DJANGO_SECRET_KEY="bench-only-secret-key-not-for-production-0123456789abcdef",
        DJANGO_ALLOWED_HOSTS="testserver,127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_STATIC_MANIFEST="0",
        REQUIRE_STAFF_2FA="0",
        DJANGO_LOG_LEVEL="WARNING",
        DJANGO_DEBUG="0",
    )
    if not args.no_seed:
        for statement in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
            subprocess.run(["psql", f"{args.postgres}/postgres", "-qc", statement], check=True)  # noqa: S603, S607
    import django
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    os.environ["TRANSPARENCY_SIGNING_KEY"] = (
        Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return name


def seed(args) -> dict:
    """`size` entries over `accounts` handles, a minute apart, written with COPY."""
    from django.db import connection
    from registry_verifier import merkle
    from registry_verifier.canonical import canonical

    from registry.models import LogHead

    start = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    frontier, last_of, began = {}, {}, time.perf_counter()
    with connection.cursor() as cursor:
        raw = cursor.cursor
        columns = "index, entry_id, kind, created_at, leaf, leaf_hash"
        with raw.copy(f"COPY registry_logentry ({columns}) FROM STDIN") as entries:
            nodes_rows, keys_rows = [], []
            for index in range(args.size):
                account = index % args.accounts
                at = start + datetime.timedelta(minutes=index)
                facts = {
                    "index": index, "time": at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                    "kind": "verified" if account == index else "updated", "entry": account + 1,
                    "platform": "x", "handle": f"bench{account}", "permanent_id": "",
                    "aliases": [], "ministry": "Ministère d'État",
                    "service": "Service information et presse", "status": "official",
                    "previous": last_of.get(account),
                }  # fmt: skip
                last_of[account] = index
                leaf = canonical(facts)
                h = merkle.leaf_hash(leaf)
                entries.write_row((index, account + 1, facts["kind"], at, leaf, h))
                nodes_rows.append((0, index, h))
                level, position = 0, index
                while position & 1:
                    h = merkle.node_hash(frontier.pop(level), h)
                    level, position = level + 1, position >> 1
                    nodes_rows.append((level, position, h))
                frontier[level] = h
                keys_rows.append((index, "x", f"bench{account}"))
        with raw.copy("COPY registry_lognode (level, position, hash) FROM STDIN") as nodes:
            for row in nodes_rows:
                nodes.write_row(row)
        with raw.copy("COPY registry_logkey (log_id, platform, key) FROM STDIN") as keys:
            for row in keys_rows:
                keys.write_row(row)
        cursor.execute("ANALYZE")
    LogHead.objects.update_or_create(pk=1, defaults={"size": args.size})
    seconds = time.perf_counter() - began
    leaves = merkle.Frontier(args.size, [frontier[lv] for lv in sorted(frontier, reverse=True)])
    return {"seed_seconds": round(seconds, 1), "expected_root": leaves.root()}


def real_account():
    from accounts.models import Ministry, Service, User
    from registry.models import SocialAccount, Status

    found = SocialAccount.objects.filter(handle="benchappend").first()
    if found:  # --no-seed: the account of an earlier run
        return found
    editor = User.objects.create_user(email="bench@sip.example", full_name="Bench")
    ministry = Ministry.objects.create(
        slug="etat",
        name_fr="Ministère d'État",
        name_de="Staatsministerium",
        name_en="Ministry of State",
    )
    service = Service.objects.create(ministry=ministry, name_fr="SIP", name_de="SIP", name_en="SIP")
    return SocialAccount.objects.create(
        platform="x", handle="benchappend", url="https://x.com/benchappend", display_name="Bench",
        team_name="Bench", team_email="bench@sip.example", purpose="Bench.", status=Status.VERIFIED,
        service=service, created_by=editor,
    )  # fmt: skip


def timed(calls) -> dict:
    times = []
    for call in calls:
        began = time.perf_counter()
        call()
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    return {
        "n": len(times),
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
        "max_ms": round(times[-1], 2),
    }


def measure(args, seeded: dict) -> dict:
    from django.db import transaction
    from django.test import Client

    from registry.models import PublicChange
    from registry.public_changes import record_public_change
    from registry.transparency import checkpoints, log

    if seeded and log.root_at(args.size) != seeded["expected_root"]:
        sys.exit("the seeded tree's root is not the registry's: the bench would measure nonsense")
    entry = real_account()

    def append():
        with transaction.atomic():
            record_public_change(entry, PublicChange.UPDATED)

    def append_only():
        record_public_change(entry, PublicChange.UPDATED)

    results = {"append_with_commit": timed([append] * args.appends)}
    with transaction.atomic():  # what a move's transaction pays for its log entry
        results["append_in_transaction"] = timed([append_only] * args.appends)
    checkpoints.sign_checkpoint()
    size = log.size()
    client, rng = Client(), random.Random(30)

    def get(path):
        def call():
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code, response.content[:200])

        return call

    inclusion = [
        get(f"/transparency/proof/inclusion?index={rng.randrange(size)}&size={size}")
        for _ in range(args.requests)
    ]
    consistency = []
    for _ in range(args.requests):
        first = rng.randrange(1, size)
        consistency.append(get(f"/transparency/proof/consistency?first={first}&second={size}"))
    start = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    at = []
    for _ in range(args.requests):
        moment = start + datetime.timedelta(minutes=rng.randrange(args.size))
        handle = f"bench{rng.randrange(args.accounts)}"
        stamp = moment.isoformat().replace("+00:00", "Z")
        at.append(get(f"/api/v1/verify/?url=https://x.com/{handle}&at={stamp}"))
    pages = [
        get(f"/transparency/entries/?start={(s := rng.randrange(size - 1000))}&end={s + 1000}")
        for _ in range(20)
    ]
    results["inclusion_proof"] = timed(inclusion)
    results["consistency_proof"] = timed(consistency)
    results["verify_at"] = timed(at)
    results["entries_page_1000"] = timed(pages)
    results["log_size"] = size
    return results


def main():
    args = parse_args()
    name = setup(args)
    seeded = {} if args.no_seed else seed(args)
    results = measure(args, seeded)
    results["seed_seconds"] = seeded.get("seed_seconds")
    results["database"] = name
    results["load_average"] = os.getloadavg()
    print(json.dumps(results, indent=1))
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    (out / f"{stamp}-log.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
