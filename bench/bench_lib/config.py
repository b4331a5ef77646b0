"""What the benchmark measures, and its command line."""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "results"
LUA = ROOT / "bench" / "rotate.lua"
HAPROXY_CFG = ROOT / "bench" / "haproxy.cfg"
CORES = os.cpu_count() or 1

# The endpoints, in the order of the table. {placeholders} are filled from the seeded register
# (see PICK_SAMPLES); a placeholder holding a list expands to one path per value, that wrk
# rotates over. The filter and search parameters are those of registry/filters.py.
ENDPOINTS = {
    "ceiling": "/bench/ceiling",
    "healthz": "/healthz",
    "api-verify": "/api/v1/verify/?url={verify_url}",
    "api-verify-unknown": "/api/v1/verify/?url={unknown_url}",
    "directory": "/fr/",
    "directory-filter": "/fr/?platform={platform}",
    "directory-search": "/fr/?q={query}",
    "account": "/fr/accounts/{account_id}/",
    "ministry": "/fr/ministries/{ministry}/",
    "verify-page": "/fr/verify/?url={verify_url}",
    "api-accounts": "/api/v1/accounts/?platform={platform}",
}
# Only timed with `--cold` (first answers), after the endpoints above: the other filters of the
# directory and the API, each on its largest value, and the API's lists of ministries and
# platforms.
COLD_ONLY = {
    "directory-ministry": "/fr/?ministry={ministry}",
    "directory-service": "/fr/?service={service}",
    "directory-status": "/fr/?state=suspended",
    "directory-ministry-status": "/fr/?ministry={ministry}&state=closed",
    "api-accounts-ministry": "/api/v1/accounts/?ministry={ministry}",
    "api-accounts-status": "/api/v1/accounts/?status=closed&language=fr",
    "api-accounts-search": "/api/v1/accounts/?q={query}",
    "api-ministries": "/api/v1/ministries/",
    "api-platforms": "/api/v1/platforms/",
}
# Not loaded with wrk (each answer is the whole register); `--cold` times their first byte.
OPEN_DATA = {
    "open-data-csv": "/open-data/accounts.csv",
    "open-data-json": "/open-data/accounts.json",
}
# Never measured cold: they keep nothing.
NOT_CACHED = {"ceiling", "healthz"}

# Run inside `manage.py shell`: prints real values from the register as JSON.
PICK_SAMPLES = """
import json, urllib.parse
from collections import Counter
from django.db.models import Count
from accounts.models import Ministry, Service
from registry.models import SocialAccount, Status
public = SocialAccount.objects.public()
links = public.order_by("?").values_list("url", flat=True)
official = list(links.filter(status=Status.VERIFIED)[:20])
closed = list(links.filter(status=Status.CLOSED)[:10])
unknown = [f"https://x.com/unknown_{i}" for i in range(10)]  # valid X names, not registered
entry = public.filter(status=Status.VERIFIED).order_by("pk").first()
platforms = Counter(public.values_list("platform", flat=True)[:2000])
words = [w for w in (entry.display_name if entry else "").split() if len(w) > 3]
biggest = Ministry.objects.annotate(n=Count("services__entries")).order_by("-n").first()
largest = Service.objects.annotate(n=Count("entries")).order_by("-n").first()
quote = lambda u: urllib.parse.quote(u, safe="")
print(json.dumps({
    "verify_url": [quote(u) for u in official + closed + unknown],
    "unknown_url": [quote(u) for u in unknown],
    "account_id": [entry.pk if entry else 0],
    "ministry": [biggest.slug if biggest else "etat"],
    "service": [largest.slug if largest else "sip"],
    "platform": [platforms.most_common(1)[0][0] if platforms else "x"],
    "query": [urllib.parse.quote(words[0] if words else "ministere")],
    "counts": {"official": len(official), "closed": len(closed), "unknown": len(unknown),
               "ministry_accounts": biggest.n if biggest else 0},
}))
"""


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=sys.modules["__main__"].__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    p.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    p.add_argument(
        "--topology",
        choices=["single", "cluster"],
        default="single",
        help="single: one gunicorn; cluster: two behind HAProxy, Redis shared",
    )
    p.add_argument("--duration", type=int, default=10, help="seconds of load per endpoint")
    p.add_argument("--warmup", type=int, default=2, help="seconds of load before measuring")
    p.add_argument("--threads", type=int, default=2, help="wrk threads")
    p.add_argument("--connections", type=int, default=16, help="wrk connections")
    p.add_argument("--only", help="comma-separated endpoints, of: " + ", ".join(ENDPOINTS))
    p.add_argument("--workers", type=int, help="gunicorn workers per server (default: conf)")
    p.add_argument(
        "--port",
        type=int,
        default=8765,
        help="where wrk sends the load (cluster: the balancer; apps on the next two)",
    )
    p.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    p.add_argument("--db-prefix", default="bench_registry_")
    p.add_argument("--no-seed", action="store_true", help="use the databases as they are")
    p.add_argument(
        "--single-ceiling",
        action="store_true",
        help="measure the ceiling once, not before each endpoint and at the end",
    )
    p.add_argument(
        "--redis-url",
        help="REDIS_URL of the servers (single default: local memory; "
        "cluster default: redis://127.0.0.1:6379/14, flushed per size)",
    )
    p.add_argument(
        "--accept-encoding",
        default="gzip, br",
        help="Accept-Encoding sent with every request ('' for none)",
    )
    p.add_argument(
        "--cold",
        action="store_true",
        help="also time each endpoint's first, uncached answer (answers forgotten "
        "before each request) and the open-data files' first byte",
    )
    p.add_argument(
        "--no-open-data", action="store_true", help="with --cold: skip building the files"
    )
    p.add_argument("--cold-requests", type=int, default=40, help="requests per endpoint, cold")
    args = p.parse_args()  # fmt: skip
    args.endpoints = args.only.split(",") if args.only else list(ENDPOINTS)
    unknown = set(args.endpoints) - set(ENDPOINTS)
    if unknown:
        p.error(f"unknown endpoints: {', '.join(sorted(unknown))}")
    if args.topology == "cluster" and not args.redis_url:
        args.redis_url = "redis://127.0.0.1:6379/14"
    return args


def python() -> str:
    """The project's Python: BENCH_PYTHON, else .venv, else the one running this script."""
    venv = ROOT / ".venv" / "bin" / "python"
    return os.environ.get("BENCH_PYTHON") or (str(venv) if venv.exists() else sys.executable)


def fail(message: str):
    sys.exit(f"bench/run: {message}")
