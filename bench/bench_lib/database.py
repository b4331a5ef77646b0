"""The database of each size: created, migrated, seeded, and sampled for real paths."""

# ruff: noqa: S603, S607  (running fixed commands with arguments we build is this script's job)
import json
import subprocess
import time

from bench_lib.config import PICK_SAMPLES, ROOT, fail, python


def manage(env: dict, *command: str, capture: bool = False) -> str:
    done = subprocess.run(
        [python(), "manage.py", *command],
        cwd=ROOT,
        env=env,
        text=True,
        capture_output=capture,
        check=False,
    )
    if done.returncode != 0:
        fail(f"manage.py {' '.join(command)} failed:\n{done.stderr or ''}")
    return done.stdout or ""


def psql(args, name: str, statement: str, database: str = "postgres") -> str:
    done = subprocess.run(
        ["psql", f"{args.postgres}/{database}", "-tAq", "-v", f"name={name}"],
        input=statement,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        fail(f"psql on {args.postgres}: {done.stderr.strip()}")
    return done.stdout


def ensure_database(args, name: str) -> None:
    """Creates the database unless it exists (psql quotes the name: no SQL built by hand)."""
    found = psql(args, name, "SELECT count(*) FROM pg_database WHERE datname = :'name';")
    if found.strip() != "1":
        psql(args, name, 'CREATE DATABASE :"name";')


def database_of(env: dict) -> str:
    return env["DATABASE_URL"].rsplit("/", 1)[1]


def prepare(args, env: dict, size: int, needs_data: bool) -> dict:
    """Migrates and seeds the database of one size, builds its open-data files; returns the
    samples for the paths (and how long seeding and building took)."""
    manage(env, "migrate", "--no-input", "-v0")
    timings = {}
    if needs_data and not args.no_seed:
        print(f"  seeding {size} accounts ...", flush=True)
        started = time.monotonic()
        manage(env, "seed_bulk", "--accounts", str(size))
        timings["seed_seconds"] = round(time.monotonic() - started, 1)
        # Fresh planner statistics, as autovacuum would give a register that grew over time.
        psql(args, "", "ANALYZE;", database=database_of(env))
    if not needs_data:
        return {}
    samples = json.loads(
        manage(env, "shell", "-c", PICK_SAMPLES, capture=True).strip().splitlines()[-1]
    )
    return samples | {"timings": timings}


def build_open_data(env: dict) -> float:
    """What the job does after a change: the open-data files of the current register version."""
    started = time.monotonic()
    manage(env, "build_open_data")
    return round(time.monotonic() - started, 1)


def paths_of(template: str, samples: dict) -> list[str]:
    """Every path of one endpoint: one per value of its (at most one) list placeholder."""
    for key, values in samples.items():
        if "{" + key + "}" in template:
            return [
                p
                for v in values
                for p in paths_of(template.replace("{" + key + "}", str(v)), samples)
            ]
    return [template]
