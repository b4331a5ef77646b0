"""The tables printed at the end of a run, and the same figures as JSON."""

import json

from bench_lib.config import CORES, RESULTS, ROOT


def ratios(rows: list[dict], small: int, large: int, key: str = "rps") -> dict[str, float | None]:
    """Each endpoint's requests/s (or `key`) at the largest size as a share of the smallest."""
    by_key = {(r["endpoint"], r["n"]): r for r in rows if key in r and "error" not in r}
    result = {}
    for name in dict.fromkeys(r["endpoint"] for r in rows):
        a, b = by_key.get((name, small)), by_key.get((name, large))
        result[name] = round(b[key] / a[key], 2) if a and b else None
    return result


def print_load(rows: list[dict], ratio: dict, relative: dict, small: int, large: int) -> None:
    head = (
        f"{'endpoint':<20} {'N':>8} {'req/s':>9} {'ceiling':>9} {'% ceil':>7}"
        f" {'p50 ms':>8} {'p99 ms':>8}"
    )
    print("\n" + head + "\n" + "-" * len(head))
    for r in rows:
        if "error" in r and "rps" not in r:
            print(f"{r['endpoint']:<20} {r['n']:>8} ERROR {r['error']}")
            continue
        pct = f"{r['pct_ceiling']:.1f}" if "pct_ceiling" in r else "-"
        ceiling = f"{r['ceiling_rps']:.0f}" if "ceiling_rps" in r else "-"
        figures = f"{r['rps']:>9.1f} {ceiling:>9} {pct:>7} {r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f}"
        error = f"  ERROR {r['error']}" if "error" in r else ""
        print(f"{r['endpoint']:<20} {r['n']:>8} {figures}{error}")
    for r in rows:
        if "rps_range" in r:
            low, high = r["rps_range"]
            print(f"ceiling at N={r['n']}: {len(r['runs'])} runs, {low:.0f} to {high:.0f} req/s")
    if small != large:
        print(f"\nN={large} as a share of N={small}: req/s, and % of the ceiling beside it")
        print("(the second cancels a change of the machine's load between the two sizes)")
        for name, value in ratio.items():
            share = relative.get(name)
            print(
                f"  {name:<20} {'-' if value is None else f'{value:.2f}':>6}"
                f" {'-' if share is None else f'{share:.2f}':>6}"
            )


def print_cold(rows: list[dict]) -> None:
    if not rows:
        return
    print("\nFirst, uncached answers (answer caches emptied before each request), ms")
    head = f"{'endpoint':<20} {'N':>8} {'requests':>9} {'p50':>8} {'p99':>8} {'max':>8}"
    print(head + "\n" + "-" * len(head))
    for r in rows:
        if "ttfb_p99_ms" in r:
            continue
        error = f"  ERROR {r['error']}" if "error" in r else ""
        print(
            f"{r['endpoint']:<20} {r['n']:>8} {r['requests']:>9} {r['p50_ms']:>8.1f}"
            f" {r['p99_ms']:>8.1f} {r['max_ms']:>8.1f}{error}"
        )
    files = [r for r in rows if "ttfb_p99_ms" in r]
    if files:
        print("\nOpen-data files: first byte (worst of 5) and whole download (median), ms")
        for r in files:
            error = f"  ERROR {r['error']}" if "error" in r else ""
            print(
                f"{r['endpoint']:<20} {r['n']:>8} first byte {r['ttfb_p99_ms']:>7.1f}"
                f"  download {r['download_ms']:>9.1f}  {r['encoding'] or 'identity'}{error}"
            )


def print_memory(memory: list[dict]) -> None:
    print("\nWorker memory (VmRSS, MB): before the load and after it")
    for m in memory:
        print(
            f"  N={m['n']:>8}: before {_spread(m['before_mb'])}, after {_spread(m['after_mb'])},"
            f" {m['requests']:,} requests over {len(m['after_mb'])} workers"
        )


def _spread(values: list[float]) -> str:
    return f"{min(values):.0f}-{max(values):.0f}" if values else "-"


def write_json(args, started, rows, cold, memory, timings, ratio, relative) -> None:
    small, large = min(args.sizes), max(args.sizes)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{started:%Y%m%dT%H%M%SZ}-{args.topology}.json"
    settings = {k: getattr(args, k) for k in ("duration", "warmup", "threads", "connections")}
    document = {
        "started": started.isoformat(),
        "topology": args.topology,
        "cores": CORES,
        "workers_per_server": args.workers or f"gunicorn.conf.py default ({CORES} cores + 1)",
        "accept_encoding": args.accept_encoding,
        "wrk": settings,
        "results": rows,
        "cold": cold,
        "memory": memory,
        "timings": timings,
        f"ratio_{large}_to_{small}": ratio,
        f"ratio_{large}_to_{small}_of_ceiling_share": relative,
    }
    out.write_text(json.dumps(document, indent=2) + "\n")
    print(f"\nfigures written to {out.relative_to(ROOT)}")
