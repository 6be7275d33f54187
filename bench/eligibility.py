"""Batch eligibility of one programme over N enterprises, against a hand-written SQL count of the same criteria.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/moukawil_bench uv run python bench/eligibility.py 1000000
    uv run python bench/eligibility.py 1000000                       # SQLite (fresh file in /tmp)

N enterprises with random regions, sectors, turnover, creation dates and identifiers are loaded directly (COPY on
PostgreSQL). Then the Infitah criteria plus two more (created at least 2 years ago; Fès-Meknès or
Casablanca-Settat) are counted by ``eligible_enterprises(criteria).count()`` — the criteria compiled to one query
by the ORM — and by a hand-written ``SELECT COUNT(*)``. Each runs five times, alternately; the best is reported.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ["DJANGO_DEBUG"] = "0"
if not os.environ.get("DATABASE_URL"):
    os.environ.setdefault("SQLITE_PATH", os.path.join(tempfile.gettempdir(), "moukawil-bench-eligibility.sqlite3"))

ON = date(2026, 6, 1)
CRITERIA = [
    {"kind": "has_rc_or_tp"},
    {"kind": "max_turnover", "params": {"amount": "3000000"}},
    {"kind": "min_age_years", "params": {"years": 2}},
    {"kind": "regions", "params": {"codes": ["03", "06"]}},
]


def setup() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def load(count: int) -> None:
    from django.db import connection, transaction

    from moukawil.core.bulk import db_datetime, insert_rows
    from moukawil.enterprises.models import Court, Enterprise, Sector
    from moukawil.territory.models import Province

    if Enterprise.objects.count() == count:
        return
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM programmes_benefit")
        cursor.execute("DELETE FROM programmes_assessment")
        cursor.execute("DELETE FROM programmes_programmeapplication")
        cursor.execute("DELETE FROM enterprises_enterprise")
    rng = random.Random(58000)
    provinces = list(Province.objects.values_list("pk", "region_id"))
    sectors = list(Sector.objects.values_list("pk", flat=True))
    court = Court.objects.first().pk
    now = db_datetime(__import__("django.utils.timezone", fromlist=["now"]).now())
    columns = ["legal_kind", "name", "name_ar", "ice", "rc_court", "rc_number", "tax_id", "tp_number", "cnss_number",
               "created_on", "sector", "employees", "last_turnover", "turnover_year", "size_class", "province",
               "region", "is_rural", "is_innovative", "owner_gender", "contact_name", "email", "phone", "import_key",
               "created_at"]  # fmt: skip
    with transaction.atomic():
        for start in range(0, count, 50_000):
            rows = []
            for index in range(start, min(start + 50_000, count)):
                province, region = rng.choice(provinces)
                has_rc = rng.random() < 0.5
                turnover = int(rng.lognormvariate(13.5, 1.3))
                rows.append((
                    "legal" if has_rc else "natural", f"Entreprise {index}", "", "", court if has_rc else None,
                    str(index) if has_rc else "", "", str(index) if not has_rc and rng.random() < 0.5 else "", "",
                    ON - timedelta(days=rng.randint(10, 7000)), rng.choice(sectors), rng.randint(0, 20),
                    f"{turnover}.00", 2025, "tpe" if turnover < 3_000_000 else "small", province, region,
                    rng.random() < 0.2, rng.random() < 0.05, rng.choice("FM"), "", "", "", "", now,
                ))  # fmt: skip
            insert_rows(Enterprise, columns, rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def hand_written() -> tuple[float, int]:
    from django.db import connection

    from moukawil.territory.models import Region

    regions = tuple(Region.objects.filter(code__in=["03", "06"]).values_list("pk", flat=True))
    two_years_ago = ON.replace(year=ON.year - 2).isoformat()
    sql = (
        "SELECT COUNT(*) FROM enterprises_enterprise WHERE (rc_number <> '' OR tp_number <> '') "
        "AND last_turnover < 3000000 AND created_on <= %s AND region_id IN (%s, %s)"
    )
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, [two_years_ago, *regions])
        count = cursor.fetchone()[0]
    return time.perf_counter() - start, count


def ours() -> tuple[float, int]:
    from moukawil.programmes.criteria import clean_criteria
    from moukawil.programmes.selectors import eligible_enterprises

    start = time.perf_counter()
    count = eligible_enterprises(clean_criteria(CRITERIA), on=ON).count()
    return time.perf_counter() - start, count


def main() -> None:
    count = int(sys.argv[1])
    setup()
    from django.db import connection

    load(count)
    our_times, hand_times = [], []
    for _ in range(5):
        seconds, hand_count = hand_written()
        hand_times.append(seconds)
        seconds, our_count = ours()
        our_times.append(seconds)
        assert our_count == hand_count, (our_count, hand_count)
    best_ours, best_hand = min(our_times), min(hand_times)
    print(f"{connection.vendor}: {count:,} enterprises, {our_count:,} eligible  |  criteria query {best_ours:.3f} s  |  "
          f"hand-written SQL {best_hand:.3f} s  |  ratio {best_ours / best_hand:.2f} (goal ≤ 2)")  # fmt: skip


if __name__ == "__main__":
    main()
