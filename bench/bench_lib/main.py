"""One run of the benchmark: for each size, the database, the servers, the load, the report."""

# ruff: noqa: S603, S607  (running fixed commands with arguments we build is this script's job)
import datetime
import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path

from bench_lib import database, load, report
from bench_lib.config import ENDPOINTS, fail, parse_args
from bench_lib.topology import Topology, server_env


def bench_size(args, size: int, secret: str, tmp: Path) -> tuple[list, list, dict, dict]:
    name = f"{args.db_prefix}{size}"
    print(f"N = {size} ({args.topology}): database {name}", flush=True)
    env = server_env(args, name, secret, tmp / f"open-data-{size}")
    database.ensure_database(args, name)
    if args.redis_url:
        flush_redis(args.redis_url)
    needs_data = any("{" in ENDPOINTS[e] for e in args.endpoints) or args.cold
    samples = database.prepare(args, env, size, needs_data)
    timings = samples.pop("timings", {})
    if args.cold and not args.no_open_data:
        print("  building the open-data files ...", flush=True)
        timings["open_data_build_seconds"] = database.build_open_data(env)
    with Topology(args, env, size) as servers:
        before = servers.worker_memory_mb()
        rows = load.measure_all(args, size, samples, tmp)
        cold = []
        if args.cold:
            files = [] if args.no_open_data else load.measure_open_data(args, size)
            cold = files + load.measure_cold(args, size, samples)
        after = servers.worker_memory_mb()
    requests = sum(r.get("requests", 0) for r in rows)
    memory = {"n": size, "before_mb": before, "after_mb": after, "requests": requests}
    return rows, cold, memory, timings


def flush_redis(url: str) -> None:
    """A fresh register version and throttle per size: the db number is the benchmark's own."""
    done = subprocess.run(["redis-cli", "-u", url, "FLUSHDB"], capture_output=True, check=False)
    if done.returncode != 0:
        fail(f"redis-cli -u {url} FLUSHDB failed: {done.stderr.decode().strip()}")


def main() -> None:
    args = parse_args()
    if shutil.which("wrk") is None:
        fail("wrk is not installed: `apt-get install -y wrk` (Debian) and run again")
    secret = secrets.token_urlsafe(50)
    started = datetime.datetime.now(datetime.UTC)
    rows, cold, memory, timings = [], [], [], {}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        print("collectstatic ...", flush=True)
        env = server_env(args, "postgres", secret, Path(tmp))
        database.manage(env, "collectstatic", "--no-input", "-v0")
        for size in args.sizes:
            size_rows, size_cold, size_memory, size_timings = bench_size(
                args, size, secret, Path(tmp)
            )
            rows, cold, memory = rows + size_rows, cold + size_cold, [*memory, size_memory]
            timings[size] = size_timings
    small, large = min(args.sizes), max(args.sizes)
    ratio = report.ratios(rows, small, large)
    relative = report.ratios(rows, small, large, key="pct_ceiling")
    report.print_load(rows, ratio, relative, small, large)
    report.print_cold(cold)
    report.print_memory(memory)
    print(f"\nseeding and building: {timings}")
    report.write_json(args, started, rows, cold, memory, timings, ratio, relative)
