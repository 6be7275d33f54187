"""Gapless number allocation: our service against the shortest raw SQL that does the same job.

    uv run python bench/numbering.py                       # SQLite (a fresh file in /tmp)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test uv run python bench/numbering.py

Each allocation is its own transaction, as when one certificate is issued per request. The baseline is one
statement per transaction: INSERT … ON CONFLICT DO UPDATE SET last_value = last_value + 1 RETURNING last_value.
Concurrent runs use one connection per thread. Results go into docs/benchmarks.md by hand.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ["DJANGO_DEBUG"] = "0"
if not os.environ.get("DATABASE_URL"):
    os.environ["SQLITE_PATH"] = os.path.join(tempfile.mkdtemp(), "bench.sqlite3")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from moukawil.core.models import NumberCounter  # noqa: E402
from moukawil.core.numbering import number_allocate  # noqa: E402

N = int(os.environ.get("BENCH_N", "2000"))
THREADS = int(os.environ.get("BENCH_THREADS", "8"))
RAW = (
    "INSERT INTO core_numbercounter (series, year, last_value) VALUES (%s, %s, 1) "
    "ON CONFLICT (series, year) DO UPDATE SET last_value = core_numbercounter.last_value + 1 RETURNING last_value"
)


def service(series: str) -> int:
    with transaction.atomic():
        return number_allocate(series=series, year=2026)


def raw(series: str) -> int:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(RAW, [series, 2026])
        return cursor.fetchone()[0]


def run(fn, series: str, threads: int) -> float:
    per_thread = N // threads
    results: list[int] = []
    lock = threading.Lock()

    def work():
        got = [fn(series) for _ in range(per_thread)]
        with lock:
            results.extend(got)
        connection.close()

    start = time.perf_counter()
    if threads == 1:
        results.extend(fn(series) for _ in range(per_thread))
    else:
        workers = [threading.Thread(target=work) for _ in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    elapsed = time.perf_counter() - start
    assert sorted(results) == list(range(1, per_thread * threads + 1)), "numbers are not gapless"
    return per_thread * threads / elapsed


def main() -> None:
    call_command("migrate", verbosity=0)
    NumberCounter.objects.all().delete()
    print(f"database: {connection.vendor}, {N} allocations")
    for threads in (1, THREADS):
        ours = run(service, f"S{threads}", threads)
        base = run(raw, f"R{threads}", threads)
        print(f"  {threads} thread(s): service {ours:8.0f}/s   raw SQL {base:8.0f}/s   ratio {ours / base:.2f}")


if __name__ == "__main__":
    main()
