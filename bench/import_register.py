"""Bulk import of applications against the database's own bulk loader, in the same run.

    uv run python bench/import_register.py 200000                       # SQLite (fresh file in /tmp)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/moukawil_bench uv run python bench/import_register.py 200000

For N generated rows (valid, unique identities): the full import (validation pass + writing people, applications,
transition log, audit rows and duplicate flags, in one transaction) is timed in a child process whose peak memory
(with its own reader process) is read from getrusage. The baseline loads the same rows into the same table (registry_person): PostgreSQL's
COPY, or on SQLite a plain executemany in one transaction. The database is emptied between the two.
"""

from __future__ import annotations

import csv
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ["DJANGO_DEBUG"] = "0"
if not os.environ.get("DATABASE_URL"):
    os.environ.setdefault("SQLITE_PATH", os.path.join(tempfile.gettempdir(), "moukawil-bench-import.sqlite3"))


def generate(count: int, path: Path) -> None:
    from moukawil.demo.names import names_by_kind
    from moukawil.registry.imports import COLUMNS

    rng = random.Random(2019)
    names = names_by_kind()
    provinces = [
        line.split(",")[0]
        for line in (ROOT / "moukawil/territory/data/prefectures_provinces.csv").read_text().splitlines()[1:]
    ]
    activities = [
        line.split(",")[0] for line in (ROOT / "moukawil/registry/data/ae_activities.csv").read_text().splitlines()[1:]
    ]
    activities = [a for a in activities if a not in {"COM-021", "SRV-012", "SRV-017", "SRV-052", "SRV-075"}]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(COLUMNS)
        for index in range(count):
            female = rng.random() < 0.31
            given = rng.choice(names["given_female" if female else "given_male"])
            family = rng.choice(names["family"])
            writer.writerow([
                f"{'ABCDEFGHJKLMNPRSTUVWXYZ'[index % 23]}{'ABCDEFGHJKLMNPRSTUVWXYZ'[index // 23 % 23]}{index:06d}"[:8],
                "cin", given.latin, family.latin, given.arabic, family.arabic, "F" if female else "M",
                f"{rng.randint(1960, 2004)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "MA",
                f"066{rng.randint(1000000, 9999999)}", "", "", rng.choice(provinces), rng.choice(activities),
                "non", "non", "oui" if rng.random() < 0.42 else "non",
            ])  # fmt: skip


def setup_django():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def empty_register() -> None:
    from django.db import connection

    # Rows of other benches that point at the register go first (declarations, enterprises, programmes).
    tables = ["declarations_clientturnover", "declarations_reminder", "declarations_strikeoffproposal",
              "declarations_payment", "declarations_periodicitychoice", "declarations_declaration",
              "programmes_benefit", "programmes_assessment", "programmes_programmeapplicationtransition",
              "programmes_programmeapplication",
              "enterprises_enterprise", "registry_duplicatesuspicion", "registry_applicationtransition",
              "registry_registration", "registry_application", "registry_person", "core_auditevent",
              "core_auditchain", "core_numbercounter"]  # fmt: skip
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # TRUNCATE leaves the tables and their indexes as new: a DELETE left 200,000 dead rows that autovacuum
            # cleaned up at a random moment of the next measurement (the baseline moved from 4.6 s to 5.7 s).
            cursor.execute(f"TRUNCATE {', '.join(tables)}")
            return
        # The audit table refuses DELETE (core.audit_guard): a bench database lifts the guard to empty it.
        from moukawil.core import audit_guard

        audit_guard.remove(connection)
        for table in tables:
            cursor.execute(f"DELETE FROM {table}")
        audit_guard.install(connection)


def run_import(path: Path) -> None:
    """Child process: the import alone, so that its peak memory is its own."""
    setup_django()
    from moukawil.registry.imports import import_file

    empty_register()
    start = time.perf_counter()
    report = import_file(path, actor=None, mode="all_or_nothing")
    elapsed = time.perf_counter() - start
    # The import reads the file in a child process (core.bulk.prefetched): both peaks count, added (the child's
    # pages shared with its parent are counted twice — an upper bound).
    peak_mb = sum(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024
    assert report.created == report.total and report.error_count == 0, report.as_dict()["errors"][:3]
    print(f"{elapsed:.3f} {peak_mb:.0f}")


def baseline(path: Path) -> float:
    from django.db import connection, transaction

    from moukawil.registry.identity import name_key
    from moukawil.territory.models import Province

    empty_register()
    province_ids = dict(Province.objects.values_list("code", "id"))
    rows = []
    with path.open(encoding="utf-8") as handle:
        reader = csv.reader(handle, delimiter=";")
        next(reader)
        for r in reader:
            rows.append((r[1], r[0], r[2], r[3], r[4], r[5], r[6], r[7], r[8], "+212" + r[9][1:], "", "",
                         province_ids[r[12]], name_key(r[2], r[3]), name_key(r[4], r[5]), "2026-01-01 00:00:00+00"))  # fmt: skip
    columns = ("identity_kind, cin, first_name, last_name, first_name_ar, last_name_ar, gender, birth_date, "
               "nationality, phone, email, address, province_id, name_key, name_key_ar, created_at")  # fmt: skip
    if connection.vendor == "postgresql":
        staged = tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8", newline="")
        csv.writer(staged).writerows(rows)
        staged.close()
        start = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor, open(staged.name, "rb") as data:
            with cursor.copy(f"COPY registry_person ({columns}) FROM STDIN WITH (FORMAT csv, NULL '\\N')") as copy:
                while chunk := data.read(1 << 20):
                    copy.write(chunk)
        elapsed = time.perf_counter() - start
        os.unlink(staged.name)
    else:
        placeholders = ", ".join(["%s"] * 16)
        start = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO registry_person ({columns}) VALUES ({placeholders})", rows)
        elapsed = time.perf_counter() - start
    empty_register()
    return elapsed


def main() -> None:
    if sys.argv[1] == "--child":
        run_import(Path(sys.argv[2]))
        return
    count = int(sys.argv[1])
    path = Path(tempfile.gettempdir()) / f"moukawil-bench-{count}.csv"
    setup_django()
    if not path.exists():
        generate(count, path)
    from django.db import connection

    child = subprocess.run(
        [sys.executable, __file__, "--child", str(path)], capture_output=True, text=True, check=False
    )
    if child.returncode:
        sys.exit(child.stderr[-3000:])
    import_seconds, peak_mb = child.stdout.split()[-2:]
    base_seconds = baseline(path)
    ours, base = count / float(import_seconds), count / base_seconds
    name = "COPY" if connection.vendor == "postgresql" else "executemany"
    print(f"{connection.vendor}: {count} rows  import {ours:,.0f} rows/s ({float(import_seconds):.1f} s, peak {peak_mb} MB)"
          f"  |  {name} {base:,.0f} rows/s ({base_seconds:.1f} s)  |  ratio {ours / base:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
