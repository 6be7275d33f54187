"""The register import against the database's own bulk loaders and a peer library, in the same run.

For N generated rows (valid, unique identities; Moroccan names in both scripts) from a CSV file built once:

- **ours**: ``registry.imports.import_file`` in ``all_or_nothing`` mode (validation pass + people, applications,
  transition log, audit rows and duplicate flags, in one transaction), in a child process whose peak memory (with
  its own reader process) is reported;
- **COPY one table** (the old baseline): the same rows into ``registry_person`` alone (PostgreSQL ``COPY``; SQLite:
  one prepared ``executemany`` in one transaction);
- **COPY every table** (the schema's floor): the exact final rows our import wrote, in every table it filled,
  loaded back the same way in one transaction (foreign keys and indexes included) — what no import can beat;
- **Django bulk_create**: the same final rows as model instances, ``bulk_create`` per table in one transaction;
- **django-import-export** (``bench`` dependency group) in its bulk mode, people only, on a subset of the rows
  (its rate is compared).

The register is emptied (TRUNCATE on PostgreSQL) before each. The import database is its own (purpose "import").
Checks: people and applications counted, and every filled table's checksum after the floor's reload equal to the
import's.
"""

from __future__ import annotations

import csv
import io
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

from .common import ROOT, VAR, Result, repeat, size, use_database

FILLED = ["registry_person", "registry_application", "registry_applicationtransition",
          "registry_duplicatesuspicion", "core_auditevent"]  # fmt: skip


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
            # CASCADE: with them, the rows of later apps that point at them (caravans' registrations, Infitah's files).
            cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
            return
        # The audit table refuses DELETE (core.audit_guard): a bench database lifts the guard to empty it.
        from moukawil.core import audit_guard

        audit_guard.remove(connection)
        for table in tables:
            cursor.execute(f"DELETE FROM {table}")
        audit_guard.install(connection)


def child_import(db: str, scale: str, path: str) -> None:
    """Child process: the import alone, so that its peak memory is its own."""
    use_database(db, scale, "import", migrate=False)
    from moukawil.registry.imports import import_file

    empty_register()
    start = time.perf_counter()
    report = import_file(Path(path), actor=None, mode="all_or_nothing")
    elapsed = time.perf_counter() - start
    # This process's high-water mark from /proc (getrusage's ru_maxrss survives exec: it would count the memory of
    # the workload process this one was started from), plus its reader's (a fork of it, shared pages counted twice).
    hwm = next(line for line in Path("/proc/self/status").read_text().splitlines() if line.startswith("VmHWM:"))
    peak = int(hwm.split()[1]) / 1024 + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert report.created == report.total and report.error_count == 0, report.as_dict()["errors"][:3]
    print(f"@@ {elapsed:.3f} {peak:.0f}")


def person_rows(path: Path) -> list[tuple]:
    from moukawil.registry.identity import name_key
    from moukawil.territory.models import Province

    province_ids = dict(Province.objects.values_list("code", "id"))
    rows = []
    with path.open(encoding="utf-8") as handle:
        reader = csv.reader(handle, delimiter=";")
        next(reader)
        for r in reader:
            rows.append((r[1], r[0], r[2], r[3], r[4], r[5], r[6], r[7], r[8], "+212" + r[9][1:], "", "",
                         province_ids[r[12]], name_key(r[2], r[3]), name_key(r[4], r[5]), "2026-01-01 00:00:00+00"))  # fmt: skip
    return rows


PERSON_COLUMNS = ("identity_kind, cin, first_name, last_name, first_name_ar, last_name_ar, gender, birth_date, "
                  "nationality, phone, email, address, province_id, name_key, name_key_ar, created_at")  # fmt: skip


def copy_one_table(rows: list[tuple]) -> float:
    from django.db import connection, transaction

    empty_register()
    if connection.vendor == "postgresql":
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        data = buffer.getvalue().encode()
        start = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            with cursor.copy(
                f"COPY registry_person ({PERSON_COLUMNS}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
            ) as copy:
                for offset in range(0, len(data), 1 << 20):
                    copy.write(data[offset : offset + (1 << 20)])
        return time.perf_counter() - start
    placeholders = ", ".join(["%s"] * 16)
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO registry_person ({PERSON_COLUMNS}) VALUES ({placeholders})", rows)
    return time.perf_counter() - start


def snapshot_tables() -> dict[str, tuple[list[str], object]]:
    """The rows our import left in each table it filled: COPY TO text (PostgreSQL) or the rows (SQLite)."""
    from django.db import connection

    tables = {}
    with connection.cursor() as cursor:
        for table in FILLED:
            columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
            if connection.vendor == "postgresql":
                buffer = io.BytesIO()
                with cursor.copy(f"COPY {table} TO STDOUT") as copy:
                    for chunk in copy:
                        buffer.write(chunk)
                tables[table] = (columns, buffer.getvalue())
            else:
                cursor.execute(f"SELECT {', '.join(columns)} FROM {table}")
                tables[table] = (columns, cursor.fetchall())
    return tables


def copy_every_table(snapshot) -> float:
    from django.db import connection, transaction

    empty_register()
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for table, (columns, data) in snapshot.items():
            if connection.vendor == "postgresql":
                with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for offset in range(0, len(data), 1 << 20):
                        copy.write(data[offset : offset + (1 << 20)])
            elif data:
                placeholders = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", data)
    return time.perf_counter() - start


def model_instances() -> dict:
    """Our import's final rows as model instances (read before the register is emptied)."""
    from django.apps import apps

    instances = {}
    for table in FILLED:
        model = next(m for m in apps.get_models() if m._meta.db_table == table)
        instances[model] = list(model.objects.order_by("pk"))
    return instances


def bulk_create_all(instances: dict) -> float:
    from django.db import transaction

    empty_register()
    start = time.perf_counter()
    with transaction.atomic():
        for model, objects in instances.items():
            for obj in objects:
                obj._state.adding = True
            model.objects.bulk_create(objects, batch_size=2000)
    return time.perf_counter() - start


def import_export(path: Path, count: int) -> tuple[float, int]:
    """django-import-export's bulk mode (ModelResource, use_bulk), people only, ``count`` rows."""
    import tablib
    from import_export import resources

    from moukawil.registry.models import Person

    class PersonResource(resources.ModelResource):
        class Meta:
            model = Person
            fields = ("identity_kind", "cin", "first_name", "last_name", "first_name_ar", "last_name_ar", "gender",
                      "birth_date", "nationality", "phone", "province", "name_key", "name_key_ar")  # fmt: skip
            import_id_fields = ("cin",)
            use_bulk = True
            batch_size = 1000
            skip_diff = True
            use_transactions = True

    rows = person_rows(path)[:count]
    dataset = tablib.Dataset(headers=list(PersonResource.Meta.fields))
    for r in rows:
        dataset.append([r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[12], r[13], r[14]])
    empty_register()
    start = time.perf_counter()
    result = PersonResource().import_data(dataset, raise_errors=True)
    elapsed = time.perf_counter() - start
    assert not result.has_errors()
    return elapsed, Person.objects.count()


def counts() -> list[int]:
    from django.db import connection

    with connection.cursor() as cursor:
        out = []
        for table in ("registry_person", "registry_application", "registry_applicationtransition"):
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            out.append(cursor.fetchone()[0])
    return out


def run(scale: str, db: str) -> Result:
    use_database(db, scale, "import")
    from moukawil.core.backup import table_fingerprints

    count = size(scale, "import")
    path = VAR / f"register-{count}.csv"
    if not path.exists():
        generate(count, path)
    result = Result(f"register import of {count:,} rows against COPY, bulk_create and django-import-export")
    ours, peaks, one, floor, bulk = [], [], [], [], []
    for _ in range(repeat(scale)):
        child = subprocess.run([sys.executable, "-c", f"from bench.import_register import child_import; "
                                f"child_import({db!r}, {scale!r}, {str(path)!r})"],
                               cwd=ROOT, capture_output=True, text=True, check=False)  # fmt: skip
        line = [x for x in child.stdout.splitlines() if x.startswith("@@ ")]
        if child.returncode or not line:
            raise SystemExit(child.stderr[-3000:])
        seconds, peak = line[-1].split()[1:]
        ours.append(float(seconds))
        peaks.append(float(peak))
        ours_counts = counts()
        fingerprints = {t: v for t, v in table_fingerprints().items() if t in FILLED}
        snapshot = snapshot_tables()
        instances = model_instances()
        floor.append(copy_every_table(snapshot))
        floor_fingerprints = {t: v for t, v in table_fingerprints().items() if t in FILLED}
        del snapshot
        bulk.append(bulk_create_all(instances))
        bulk_counts = counts()
        del instances
        rows = person_rows(path)
        one.append(copy_one_table(rows))
        one_counts = counts()
        del rows
    peer_count = min(size(scale, "peer"), count)
    peer_seconds, peer_people = import_export(path, peer_count)
    empty_register()

    ours_s = result.measure("import_file (all_or_nothing)", ours, count=count, peak=max(peaks))
    name = "COPY" if db == "postgres" else "executemany"
    one_s = result.measure(f"{name} into registry_person alone", one, count=count, reference=True)
    floor_s = result.measure(f"{name} of the final rows into every table", floor, count=count, reference=True)
    bulk_s = result.measure("Django bulk_create of the final rows", bulk, count=count, reference=True)
    result.measure(f"django-import-export bulk mode ({peer_count:,} people)", [peer_seconds], count=peer_count,
                   reference=True)  # fmt: skip
    result.ratio(f"import / {name} one table (rows/s)", one_s / ours_s, ">= 0.35")
    result.ratio(f"import / {name} every table, the floor (rows/s)", floor_s / ours_s, ">= 0.8")
    result.ratio("import / bulk_create (rows/s)", bulk_s / ours_s)
    result.ratio("import / django-import-export (rows/s)", (count / ours_s) / (peer_count / peer_seconds), ">= 50")
    result.ratio("import peak memory, MB (reader included)", max(peaks), "<= 300")
    result.check("people imported", ours_counts[0], count)
    result.check("people, applications, transitions: import vs bulk_create", ours_counts, bulk_counts)
    result.check(f"people: import vs {name} one table", ours_counts[0], one_counts[0])
    result.check("every filled table (count, checksum): import vs floor", fingerprints, floor_fingerprints)
    result.check("people: django-import-export", peer_people, peer_count)
    return result
