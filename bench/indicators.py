"""Summaries of the dashboards: rebuilding them (``indicators.services.summaries_refresh``) against the raw SQL
``GROUP BY`` over the same rows, and the national dashboard page read from them — in the same run.

    uv run python bench/indicators.py small            # SQLite, fresh file in /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/moukawil_bench uv run python bench/indicators.py national

``run(scale, db)`` is what the project's harness (``python -m bench run``) calls: it returns the figures and a
``check`` that the summaries and the raw GROUP BY give the same sums. Scales: small 20,000 registrations, medium
200,000, national 1,000,000 (the issue's target: refresh within 1.5× of the raw GROUP BY). Registrations are
written in bulk (no service: the benchmark measures reading them). The dashboard is timed through Django's test
client (one process, sequential requests): the 20-concurrent-users figure comes from the harness's load runner.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCALES = {"small": 20_000, "medium": 200_000, "national": 1_000_000}


def _configure(db: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    if db.startswith("postgres"):
        os.environ["DATABASE_URL"] = db
    elif not os.environ.get("DATABASE_URL"):
        os.environ.setdefault("SQLITE_PATH", os.path.join(tempfile.gettempdir(), "moukawil-bench-indicators.sqlite3"))
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _load(count: int) -> None:
    """``count`` registrations spread over the 12 regions, 2019–2024, both genders, the four categories."""
    import random

    from django.db import transaction

    from moukawil.registry.models import Activity, Application, Person, Registration
    from moukawil.territory.models import Province

    present = Registration.objects.filter(number__startswith="B").count()
    if present >= count:
        return
    rng = random.Random(15)
    provinces = list(Province.objects.select_related("region"))
    activities = {a.category: a for a in Activity.objects.order_by("code")}
    acts = list(activities.values())
    start = date(2019, 1, 1)
    batch = 5000
    for first in range(present, count, batch):
        size = min(batch, count - first)
        with transaction.atomic():
            people = Person.objects.bulk_create([
                Person(cin=f"BE{first + i:07d}", first_name="B", last_name="B", gender=rng.choice("FMM"),
                       birth_date=date(1990, 1, 1), province=rng.choice(provinces))
                for i in range(size)
            ])  # fmt: skip
            days = [start + timedelta(days=rng.randrange(6 * 365)) for _ in people]
            applications = Application.objects.bulk_create([
                Application(reference=f"B-{p.cin}", person=p, activity=rng.choice(acts), province=p.province,
                            region=p.province.region, channel="counter", state="approved",
                            submitted_at=f"{d.isoformat()}T10:00:00Z", decided_at=f"{d.isoformat()}T11:00:00Z")
                for p, d in zip(people, days, strict=True)
            ])  # fmt: skip
            Registration.objects.bulk_create([
                Registration(number=f"B{first + i:09d}", year=d.year, sequence=5_000_000 + first + i, person=a.person,
                             application=a, activity=a.activity, region=a.region, registered_on=d)
                for i, (a, d) in enumerate(zip(applications, days, strict=True))
            ])  # fmt: skip


RAW = """
SELECT r.region_id, r.year, {month} AS month, p.gender, a.category, COUNT(*)
FROM registry_registration r
JOIN registry_person p ON p.id = r.person_id
JOIN registry_activity a ON a.id = r.activity_id
GROUP BY r.region_id, r.year, {month}, p.gender, a.category
"""


def _raw_group_by() -> tuple[float, int]:
    from django.db import connection

    month = "EXTRACT(MONTH FROM r.registered_on)" if connection.vendor == "postgresql" else \
        "CAST(strftime('%m', r.registered_on) AS INTEGER)"  # fmt: skip
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(RAW.format(month=month))
        total = sum(row[-1] for row in cursor.fetchall())
    return time.perf_counter() - started, total


def _refresh() -> tuple[float, int]:
    from django.db.models import Sum

    from moukawil.indicators.models import Figure
    from moukawil.indicators.services import summaries_refresh

    started = time.perf_counter()
    summaries_refresh(actor=None, all_years=True, codes=["register.registrations"])
    elapsed = time.perf_counter() - started
    total = Figure.objects.filter(indicator="register.registrations").aggregate(n=Sum("value"))["n"] or 0
    return elapsed, int(total)


def _dashboard(requests: int = 30) -> dict:
    from django.test import Client

    from moukawil.accounts.enums import Role
    from moukawil.accounts.models import User

    user = User.objects.filter(role=Role.AGENCY_OFFICER, is_active=True).first()
    if user is None:
        user = User.objects.create_user(email="bench-agence@example.ma", password="x", role=Role.AGENCY_OFFICER,
                                        first_name="B", last_name="B")  # fmt: skip
    from django.conf import settings

    if "testserver" not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(user)
    client.get("/tableaux-de-bord/")  # warm
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        assert client.get("/tableaux-de-bord/").status_code == 200
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(times[int(len(times) * 0.95) - 1], 1)}


def run(scale: str = "small", db: str = "sqlite") -> dict:
    count = SCALES[scale]
    _configure(db)
    _load(count)
    best_raw = best_refresh = float("inf")
    raw_total = refresh_total = 0
    for _ in range(3):  # alternately, best of three
        elapsed, raw_total = _raw_group_by()
        best_raw = min(best_raw, elapsed)
        elapsed, refresh_total = _refresh()
        best_refresh = min(best_refresh, elapsed)
    from django.db import connection

    return {
        "benchmark": "indicators", "scale": scale, "database": connection.vendor, "registrations": raw_total,
        "raw_group_by_s": round(best_raw, 3), "summary_refresh_s": round(best_refresh, 3),
        "ratio": round(best_refresh / best_raw, 2) if best_raw else None,
        "dashboard": _dashboard(),
        "check": raw_total == refresh_total,
    }  # fmt: skip


if __name__ == "__main__":
    import json

    print(json.dumps(run(sys.argv[1] if len(sys.argv) > 1 else "small", os.environ.get("DATABASE_URL", "sqlite")),
                     indent=2))  # fmt: skip
