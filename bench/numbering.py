"""Gapless number allocation (certificates, registrations): the service against the shortest raw SQL doing the same
job (one INSERT … ON CONFLICT DO UPDATE … RETURNING per transaction), one thread and eight. Both must hand out
exactly 1…N."""

from __future__ import annotations

import threading

from .common import Result, repeat, size, timed, use_database

RAW = (
    "INSERT INTO core_numbercounter (series, year, last_value) VALUES (%s, %s, 1) "
    "ON CONFLICT (series, year) DO UPDATE SET last_value = core_numbercounter.last_value + 1 RETURNING last_value"
)


def run(scale: str, db: str) -> Result:
    use_database(db, scale, "numbering")
    from django.db import connection, transaction

    from moukawil.core.models import NumberCounter
    from moukawil.core.numbering import number_allocate

    count = size(scale, "numbering")
    result = Result(f"gapless numbering, {count:,} allocations, one transaction each")

    def service(series):
        with transaction.atomic():
            return number_allocate(series=series, year=2026)

    def raw(series):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(RAW, [series, 2026])
            return cursor.fetchone()[0]

    def allocate(fn, series, threads):
        got, lock = [], threading.Lock()

        def work():
            numbers = [fn(series) for _ in range(count // threads)]
            with lock:
                got.extend(numbers)
            connection.close()

        if threads == 1:
            got.extend(fn(series) for _ in range(count))
        else:
            workers = [threading.Thread(target=work) for _ in range(threads)]
            for w in workers:
                w.start()
            for w in workers:
                w.join()
        return sorted(got)

    for threads in (1, 8):
        times = {"ours": [], "raw": []}
        gapless = {}
        for run_index in range(repeat(scale)):
            NumberCounter.objects.all().delete()
            seconds, numbers = timed(lambda: allocate(service, f"S{threads}-{run_index}", threads))  # noqa: B023
            times["ours"].append(seconds)
            gapless["ours"] = numbers == list(range(1, len(numbers) + 1)) and len(numbers)
            seconds, numbers = timed(lambda: allocate(raw, f"R{threads}-{run_index}", threads))  # noqa: B023
            times["raw"].append(seconds)
            gapless["raw"] = numbers == list(range(1, len(numbers) + 1)) and len(numbers)
        n = count // threads * threads
        ours_s = result.measure(f"service, {threads} thread(s)", times["ours"], count=n, unit="numbers")
        raw_s = result.measure(f"raw SQL, {threads} thread(s)", times["raw"], count=n, unit="numbers", reference=True)
        result.ratio(f"service / raw SQL throughput, {threads} thread(s)", raw_s / ours_s)
        result.check(f"numbers 1…N without a gap, {threads} thread(s)", gapless["ours"], gapless["raw"])
    return result
