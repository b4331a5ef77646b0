"""The load (wrk on loopback, the ceiling beside each endpoint) and the cold answers (the
answer caches emptied before each request, timed one at a time)."""

# ruff: noqa: S603  (running fixed commands with arguments we build is this script's job)
import http.client
import json
import subprocess
import time
from pathlib import Path

from bench_lib.config import COLD_ONLY, ENDPOINTS, LUA, NOT_CACHED, OPEN_DATA, fail
from bench_lib.database import paths_of
from bench_lib.topology import status_of


def wrk(args, paths: list[str], seconds: int, tmp: Path) -> dict:
    listing = tmp / "paths.txt"
    listing.write_text("\n".join(paths) + "\n")
    headers = ["-H", f"Accept-Encoding: {args.accept_encoding}"] if args.accept_encoding else []
    command = [
        "wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{seconds}s", "--timeout", "10s",
        *headers, "-s", str(LUA), f"http://127.0.0.1:{args.port}", "--", str(listing),
    ]  # fmt: skip
    out = subprocess.run(command, capture_output=True, text=True, check=False).stdout
    line = next((x for x in out.splitlines() if x.startswith("BENCH_JSON ")), None)
    if line is None:
        fail(f"wrk printed no figures:\n{out}")
    return json.loads(line.removeprefix("BENCH_JSON "))


def measure(args, paths: list[str], tmp: Path) -> dict:
    """One endpoint: every path must answer 2xx/3xx first, then warm-up, then the measured run."""
    bad = [(p, s) for p in paths if not (s := status_of(args.port, p)) or not 200 <= s < 400]
    if bad:
        path, status = bad[0]
        return {"error": f"HTTP {status or 'no answer'} on {path} ({len(bad)}/{len(paths)} paths)"}
    if args.warmup:
        wrk(args, paths, args.warmup, tmp)
    run = wrk(args, paths, args.duration, tmp)
    errors = sum(run[k] for k in ("non_2xx_3xx", "connect_errors", "read_errors", "timeouts"))
    figures = {
        "rps": round(run["requests"] / (run["duration_us"] / 1e6), 1),
        "p50_ms": round(run["p50_us"] / 1000, 2),
        "p99_ms": round(run["p99_us"] / 1000, 2),
        "requests": run["requests"],
        "paths": len(paths),
        "wrk": run,
    }
    if run["non_2xx_3xx"] or errors > run["requests"] // 100:
        figures["error"] = f"{run['non_2xx_3xx']} non-2xx/3xx, {errors} errors in {run['requests']}"
    return figures


def measure_all(args, size: int, samples: dict, tmp: Path) -> list[dict]:
    """Each endpoint, and the ceiling again before each one and once at the end (unless
    --single-ceiling): on a machine whose load changes, an endpoint is compared with the
    ceiling measured just before and just after it, under the same load."""
    interleave = "ceiling" in args.endpoints and not args.single_ceiling
    rows, ceilings = [], []

    def ceiling_run():
        print("  ceiling ...", flush=True)
        ceilings.append(measure(args, [ENDPOINTS["ceiling"]], tmp))

    for name in args.endpoints:
        if interleave and name == "ceiling":
            continue
        if interleave:
            ceiling_run()
        print(f"  {name} ...", flush=True)
        paths = paths_of(ENDPOINTS[name], samples)
        row = {"endpoint": name, "n": size, **measure(args, paths, tmp)}
        row["_ceiling_runs"] = (len(ceilings) - 1, len(ceilings))
        rows.append(row)
    if interleave:
        ceiling_run()
        rows.insert(0, ceiling_row(size, ceilings))
    single = next((r.get("rps") for r in rows if r["endpoint"] == "ceiling"), None)
    for row in rows:
        first, last = row.pop("_ceiling_runs", (0, len(ceilings)))
        near = [c["rps"] for c in ceilings[first : last + 1] if "rps" in c]
        ceiling = (sum(near) / len(near) if near else None) if interleave else single
        if row["endpoint"] == "ceiling":
            ceiling = row.get("rps")
        if ceiling and "error" not in row:
            row["ceiling_rps"] = round(ceiling, 1)
            row["pct_ceiling"] = round(100 * row["rps"] / ceiling, 1)
    return rows


def ceiling_row(size: int, runs: list[dict]) -> dict:
    """The ceiling's row: the mean of its runs (each one kept in the JSON)."""
    good = [r for r in runs if "rps" in r]
    if not good:
        return {"endpoint": "ceiling", "n": size, "error": runs[0].get("error", "no run")}
    mean = {k: round(sum(r[k] for r in good) / len(good), 2) for k in ("rps", "p50_ms", "p99_ms")}
    spread = [min(r["rps"] for r in good), max(r["rps"] for r in good)]
    return {"endpoint": "ceiling", "n": size, **mean, "rps_range": spread, "runs": good}


def timed_get(port: int, path: str, accept_encoding: str) -> tuple[int, float, float, str]:
    """One GET on a new connection: status, milliseconds to the first byte of the answer and
    to its last byte, and its Content-Encoding."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Accept-Encoding": accept_encoding} if accept_encoding else {}
    started = time.perf_counter()
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()  # returns once the status line and headers are in
    first = time.perf_counter()
    while response.read(1 << 20):
        pass
    last = time.perf_counter()
    connection.close()
    coding = response.getheader("Content-Encoding") or ""
    return response.status, (first - started) * 1000, (last - started) * 1000, coding


def forget_answers(port: int) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("POST", "/bench/forget-answers")
    status = connection.getresponse().status
    connection.close()
    if status != 204:
        fail(f"POST /bench/forget-answers answered {status}")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure_cold(args, size: int, samples: dict) -> list[dict]:
    """Each cached endpoint's first answer after the caches were emptied, one at a time."""
    rows = []
    cold = {name: ENDPOINTS[name] for name in args.endpoints if name not in NOT_CACHED}
    for name, template in (cold | (COLD_ONLY if not args.only else {})).items():
        print(f"  cold {name} ...", flush=True)
        paths = paths_of(template, samples)
        times, statuses = [], set()
        for number in range(args.cold_requests):
            forget_answers(args.port)
            status, _first, last, _ = timed_get(
                args.port, paths[number % len(paths)], args.accept_encoding
            )
            statuses.add(status)
            times.append(last)
        rows.append(_cold_row(name, size, times, statuses))
    return rows


def _cold_row(name: str, size: int, times: list[float], statuses: set) -> dict:
    row = {
        "endpoint": name, "n": size, "requests": len(times),
        "p50_ms": round(percentile(times, 0.5), 1), "p99_ms": round(percentile(times, 0.99), 1),
        "max_ms": round(max(times), 1),
    }  # fmt: skip
    if any(not 200 <= s < 400 for s in statuses):
        row["error"] = f"statuses {sorted(statuses)}"
    return row


def measure_open_data(args, size: int) -> list[dict]:
    """Time to first byte of each open-data file (built by the job for this version), and the
    whole download, compressed as asked."""
    rows = []
    for name, path in OPEN_DATA.items():
        print(f"  {name} ...", flush=True)
        results = [timed_get(args.port, path, args.accept_encoding) for _ in range(5)]
        statuses = {r[0] for r in results}
        rows.append({
            "endpoint": name, "n": size,
            "ttfb_p99_ms": round(max(r[1] for r in results), 1),
            "download_ms": round(percentile([r[2] for r in results], 0.5), 1),
            "encoding": results[-1][3],
            **({"error": f"statuses {sorted(statuses)}"} if statuses != {200} else {}),
        })  # fmt: skip
    return rows
