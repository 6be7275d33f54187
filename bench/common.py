"""What every workload of the harness shares: its database, the sizes of each scale, timing and results.

A workload is a module of ``bench/`` with a function ``run(scale: str, db: str) -> dict`` (see bench/README.md). It
runs in a process of its own (its peak memory is its own); it first calls ``use_database(db, scale)`` to point
Django at the benchmark database of that scale (created and migrated when absent; the national data set is then
built once by ``bench.dataset.ensure(scale)`` and reused by every later run).
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"

# Rows of each kind per scale; "repeat" is how many times each measure runs (the median is reported).
SCALES: dict[str, dict[str, int]] = {
    "small": {"import": 5_000, "enterprises": 20_000, "declarations": 12_000, "registrations": 20_000,
              "numbering": 500, "peer": 1_000, "load_seconds": 4, "repeat": 3},
    "200k": {"import": 200_000, "enterprises": 200_000, "declarations": 200_000, "registrations": 200_000,
             "numbering": 2_000, "peer": 5_000, "load_seconds": 10, "repeat": 3},
    "1m": {"import": 1_000_000, "enterprises": 1_000_000, "declarations": 1_000_000, "registrations": 1_000_000,
           "numbering": 2_000, "peer": 10_000, "load_seconds": 12, "repeat": 2},
}  # fmt: skip


# Every client of a benchmark comes from 127.0.0.1 with one account: the per-address and per-account limits that
# protect production from one abusive client would answer 429 to most of the load. Lifted in the benchmarks only (the
# load workload's server, bench/settings.py, and the in-process pages), so that the figures measure the pages.
LIFTED_THROTTLE_RATES = {"api_account": "10000000/m", "api_anonymous": "10000000/m", "verification": "10000000/m"}


def size(scale: str, what: str) -> int:
    return SCALES[scale][what]


def repeat(scale: str) -> int:
    return int(os.environ.get("BENCH_REPEAT", SCALES[scale]["repeat"]))


def pg_base_url() -> str:
    """Server of the PostgreSQL benchmark databases: BENCH_PG_URL (without a database name), else the server of
    DATABASE_URL, else the local one."""
    if os.environ.get("BENCH_PG_URL"):
        return os.environ["BENCH_PG_URL"].rstrip("/")
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        return url.rsplit("/", 1)[0]
    return "postgres://postgres@127.0.0.1:5432"


def database_name(scale: str, purpose: str) -> str:
    prefix = os.environ.get("BENCH_DB_PREFIX", "moukawil_bench")
    return f"{prefix}_{scale}_{purpose}"


def database_url(db: str, scale: str, purpose: str = "national") -> str:
    if db == "postgres":
        return f"{pg_base_url()}/{database_name(scale, purpose)}"
    return f"sqlite:///{VAR / f'{scale}-{purpose}.sqlite3'}"


def ensure_pg_database(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{pg_base_url()}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def drop_pg_database(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{pg_base_url()}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def use_database(db: str, scale: str, purpose: str = "national", *, migrate: bool = True) -> None:
    """Point this process's Django at the benchmark database of ``scale`` (``purpose`` separates data sets that
    would disturb each other: the import empties its register), then set Django up and migrate."""
    VAR.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = os.environ.get("BENCH_SETTINGS", "config.settings.dev")
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("MEDIA_ROOT", str(VAR / f"media-{db}-{scale}"))
    os.environ.setdefault("CERTIFICATE_KEY_PATH", str(VAR / "certificate-signing.key"))
    os.environ.pop("DATABASE_REPLICA_URL", None)
    if db == "postgres":
        ensure_pg_database(database_name(scale, purpose))
        os.environ["DATABASE_URL"] = database_url(db, scale, purpose)
        os.environ.pop("SQLITE_PATH", None)
    elif db == "sqlite":
        os.environ.pop("DATABASE_URL", None)
        os.environ["SQLITE_PATH"] = str(VAR / f"{scale}-{purpose}.sqlite3")
    else:
        raise SystemExit(f"--db sqlite|postgres, not {db}")
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def median(values: list[float]) -> float:
    return statistics.median(values)


def peak_mb(children: bool = False) -> float:
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    return resource.getrusage(who).ru_maxrss / 1024


class Result:
    """What a workload returns (``as_dict``): measures, ratios against references, and the checks that make a fast
    wrong answer fail the run."""

    def __init__(self, title: str):
        self.title = title
        self.measures: list[dict] = []
        self.ratios: list[dict] = []
        self.checks: list[dict] = []
        self.notes: list[str] = []

    def measure(self, name: str, runs: list[float], *, count: int | None = None, unit: str = "rows",
                peak: float | None = None, reference: bool = False) -> float:  # fmt: skip
        value = median(runs)
        entry = {"name": name, "median_s": round(value, 4), "runs_s": [round(r, 4) for r in runs],
                 "reference": reference}  # fmt: skip
        if count:
            entry["rate"] = round(count / value, 1) if value else None
            entry["unit"] = unit
        if peak is not None:
            entry["peak_mb"] = round(peak)
        self.measures.append(entry)
        return value

    def load(self, name: str, *, rps: float, p50: float, p95: float, p99: float, errors: int, requests: int,
             reference: bool = False) -> None:  # fmt: skip
        """One page under concurrent clients: requests/s, latency percentiles (seconds), errors."""
        self.measures.append({"name": name, "median_s": round(p50, 4), "runs_s": [], "rate": round(rps, 1),
                              "unit": "requests", "p95_ms": round(p95 * 1000, 1), "p99_ms": round(p99 * 1000, 1),
                              "errors": errors, "requests": requests, "reference": reference})  # fmt: skip

    def ratio(self, name: str, value: float, goal: str | None = None) -> None:
        met = None
        if goal:
            op, _, bound = goal.partition(" ")
            met = value >= float(bound) if op == ">=" else value <= float(bound)
        self.ratios.append({"name": name, "value": round(value, 3), "goal": goal, "met": met})

    def check(self, name: str, ours: Any, reference: Any) -> None:
        self.checks.append({"name": name, "ours": ours, "reference": reference, "equal": ours == reference})

    def note(self, text: str) -> None:
        self.notes.append(text)

    def as_dict(self) -> dict:
        return {"title": self.title, "measures": self.measures, "ratios": self.ratios, "checks": self.checks,
                "notes": self.notes}  # fmt: skip
