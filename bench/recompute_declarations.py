"""Recomputing tax and contribution of N declarations, set-based, against the equivalent hand-written SQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/moukawil_bench uv run python bench/recompute_declarations.py 400000
    uv run python bench/recompute_declarations.py 400000          # SQLite: the Python path, for information

N monthly declarations of year 2024 (random turnover, some above the same-client threshold) are loaded directly
(COPY), then recomputed by ``declarations_recompute`` (on PostgreSQL: one UPDATE generated from the dated
parameters) and by a hand-written UPDATE with the 2024 rates and AMO brackets typed in. Each is run three times,
alternately; the best time of each is reported, and both must give the same amounts.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ["DJANGO_DEBUG"] = "0"
if not os.environ.get("DATABASE_URL"):
    os.environ.setdefault("SQLITE_PATH", os.path.join(tempfile.gettempdir(), "moukawil-bench-recompute.sqlite3"))

# The 2024 rules typed in by hand: 0.5 % / 1 %, 30 % withholding, the AMO brackets (monthly: a third a quarter).
TAX_GOODS = "ROUND(turnover_goods * 0.005, 2)"
TAX_SERVICES = "ROUND((turnover_services - withholding_base) * 0.01, 2)"
ANNUAL = f"({TAX_GOODS} + {TAX_SERVICES}) * 12"
AMO = (
    f"ROUND((CASE WHEN {ANNUAL} >= 50001 THEN 3600 WHEN {ANNUAL} >= 25001 THEN 2250 WHEN {ANNUAL} >= 10001 THEN 1500 "
    f"WHEN {ANNUAL} >= 5001 THEN 1050 WHEN {ANNUAL} >= 2501 THEN 720 WHEN {ANNUAL} >= 1001 THEN 570 "
    f"WHEN {ANNUAL} >= 500 THEN 390 ELSE 300 END) / 3.0, 2)"
)
HAND_WRITTEN = f"""
UPDATE declarations_declaration SET
  tax_goods = {TAX_GOODS}, tax_services = {TAX_SERVICES}, withholding = ROUND(withholding_base * 0.30, 2),
  contribution = {AMO}, total_due = {TAX_GOODS} + {TAX_SERVICES} + {AMO}
WHERE is_current AND year = 2024
"""


def setup() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def load(count: int) -> None:
    from django.db import connection, transaction

    from moukawil.core.bulk import db_datetime, db_json, insert_rows
    from moukawil.declarations.models import Declaration
    from moukawil.declarations.periods import Period
    from moukawil.registry.models import Activity, Application, Person, Registration
    from moukawil.territory.models import Province

    with connection.cursor() as cursor:
        for table in ("declarations_declaration", "registry_registration", "registry_application", "registry_person"):
            cursor.execute(f"DELETE FROM {table}")
    rng = random.Random(2024)
    province = Province.objects.select_related("region").first()
    activity = Activity.objects.first()
    now = db_datetime(datetime.fromisoformat("2025-01-15T10:00:00+01:00"))
    people = -(-count // 12)
    with transaction.atomic():
        insert_rows(Person, ["identity_kind", "cin", "first_name", "last_name", "first_name_ar", "last_name_ar",
                             "gender", "birth_date", "nationality", "phone", "email", "address", "province",
                             "name_key", "name_key_ar", "created_at"],
                    [("cin", f"B{i:07d}", "Bench", "Person", "", "", "F", date(1990, 1, 1), "MA", "", "", "",
                      province.pk, "", "", now) for i in range(people)])  # fmt: skip
        person_ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
        insert_rows(Application, ["reference", "person", "activity", "province", "region", "channel",
                                  "works_from_home", "is_salaried", "pays_taxe_professionnelle", "state", "checks",
                                  "submitted_at", "due_at", "rejection_reason", "message", "import_key",
                                  "created_at"],
                    [(f"B-{i}", pk, activity.pk, province.pk, province.region_id, "import", False, False, False,
                      "submitted", db_json([]), now, now, "", "", "", now) for i, pk in enumerate(person_ids)])  # fmt: skip
        applications = list(Application.objects.order_by("pk").values_list("pk", "person_id"))
        insert_rows(Registration, ["number", "year", "sequence", "person", "application", "activity", "region",
                                   "status", "registered_on", "strike_off_reason", "strike_off_note"],
                    [(f"2023-{i:06d}-00", 2023, i, person, pk, activity.pk, province.region_id, "active",
                      date(2023, 6, 1), "", "") for i, (pk, person) in enumerate(applications, start=1)])  # fmt: skip
        registrations = list(Registration.objects.order_by("pk").values_list("pk", flat=True))
        rows = []
        for index in range(count):
            period = Period(2024, "monthly", index % 12 + 1)
            goods = rng.randint(0, 60_000) * 100 + rng.randint(0, 99)
            services = rng.randint(0, 30_000) * 100 + rng.randint(0, 99)
            base = rng.choice([0, 0, 0, 0, services // 3])
            rows.append((registrations[index // 12], province.region_id, 2024, "monthly", period.number, period.end,
                         1, True, f"{goods / 100:.2f}", f"{services / 100:.2f}", 0, 0, f"{base / 100:.2f}", 0, 0, 0,
                         db_json([]), period.due_date, now, False, ""))  # fmt: skip
        insert_rows(Declaration, ["registration", "region", "year", "periodicity", "period", "period_end", "version",
                                  "is_current", "turnover_goods", "turnover_services", "tax_goods", "tax_services",
                                  "withholding_base", "withholding", "contribution", "total_due", "rules", "due_date",
                                  "submitted_at", "is_late", "reason"], rows)  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def snapshot():
    from moukawil.declarations.models import Declaration

    return list(
        Declaration.objects.order_by("pk").values_list("tax_goods", "tax_services", "contribution", "total_due")
    )


def ours() -> float:
    from moukawil.declarations.recompute import declarations_recompute

    start = time.perf_counter()
    declarations_recompute(actor=None, year=2024)
    return time.perf_counter() - start


def hand_written() -> float:
    from django.db import connection, transaction

    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(HAND_WRITTEN)
    return time.perf_counter() - start


def main() -> None:
    count = int(sys.argv[1])
    setup()
    from django.db import connection

    load(count)
    ours_times, hand_times = [], []
    for _ in range(3):
        hand_times.append(hand_written())
        reference = snapshot() if not ours_times else None
        ours_times.append(ours())
        if reference is not None:
            assert snapshot() == reference, "the two computations differ"
    best_ours, best_hand = min(ours_times), min(hand_times)
    print(f"{connection.vendor}: {count} declarations  recompute {best_ours:.2f} s ({count / best_ours:,.0f}/s)  |  "
          f"hand-written SQL {best_hand:.2f} s  |  ratio {best_ours / best_hand:.2f} (goal ≤ 2)")  # fmt: skip


if __name__ == "__main__":
    main()
