"""Summaries of the dashboards: rebuilding them (``indicators.services.summaries_refresh``) against the raw SQL
``GROUP BY`` over the same rows, and the dashboard pages read from them — in the same run.

The national data set's registrations (``bench/dataset.py``: 20,000 / 200,000 / 1,000,000 spread over every
province, both genders, the four categories and 2019–2024, plus the demo's and the declarations' people) are
grouped by region, province, year, month, gender and category (the summaries' dimensions):

- ours: ``summaries_refresh(all_years=True, codes=[…])`` for the registrations and the women's registrations
  (one ``INSERT … SELECT … GROUP BY`` each, the old figures deleted, the refresh recorded and audited);
- reference: the same two ``GROUP BY`` written by hand, read by the client (no write).

Checks: every group's count of the summaries equals the hand-written GROUP BY's. Then the national and a regional
dashboard are requested in-process (query counts and times); their behaviour under 20 concurrent users is measured
by the ``load`` workload beside the one-query view.
"""

from __future__ import annotations

from .common import Result, repeat, size, timed, use_database

CODES = ["register.registrations", "register.registrations_women"]

RAW = """
SELECT r.region_id, f.province_id, r.year, {month}, p.gender, a.category, COUNT(*)
FROM registry_registration r
JOIN registry_application f ON f.id = r.application_id
JOIN registry_person p ON p.id = r.person_id
JOIN registry_activity a ON a.id = r.activity_id
{where}
GROUP BY r.region_id, f.province_id, r.year, {month}, p.gender, a.category
"""


def _raw() -> dict[tuple, int]:
    from django.db import connection

    month = "EXTRACT(MONTH FROM r.registered_on)" if connection.vendor == "postgresql" else \
        "CAST(strftime('%m', r.registered_on) AS INTEGER)"  # fmt: skip
    groups: dict[tuple, int] = {}
    with connection.cursor() as cursor:
        for code, where in zip(CODES, ["", "WHERE p.gender = 'F'"], strict=True):
            cursor.execute(RAW.format(month=month, where=where))
            for region, province, year, month_, gender, category, count in cursor.fetchall():
                groups[(code, region, province, int(year), int(month_), gender, category)] = count
    return groups


def _summaries() -> dict[tuple, int]:
    from moukawil.indicators.models import Figure

    rows = Figure.objects.filter(indicator__in=CODES).values_list(
        "indicator", "region_id", "province_id", "year", "month", "gender", "category", "value"
    )
    return {tuple(row[:-1]): int(row[-1]) for row in rows}


def run(scale: str, db: str) -> Result:
    use_database(db, scale)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from moukawil.accounts.models import User
    from moukawil.indicators.services import summaries_refresh

    from .dataset import ensure

    ensure(scale)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM registry_registration")
        registrations = cursor.fetchone()[0]
    result = Result(f"indicator summaries over {registrations:,} registrations (refresh vs raw GROUP BY)")
    agency = User.objects.get(email="agence@demo.moukawil.ma")

    def refresh():
        return summaries_refresh(actor=agency, all_years=True, codes=CODES)

    _raw(), refresh()  # warm: both read the same pages
    ours, reference = [], []
    raw_groups = {}
    for _ in range(max(3, repeat(scale))):
        seconds, raw_groups = timed(_raw)
        reference.append(seconds)
        ours.append(timed(refresh)[0])
    ours_s = result.measure("summaries_refresh (registrations, women's registrations)", ours,
                            count=registrations, unit="registrations")  # fmt: skip
    raw_s = result.measure("hand-written GROUP BY of the same groups", reference, count=registrations,
                           unit="registrations", reference=True)  # fmt: skip
    result.ratio("refresh / raw GROUP BY (time)", ours_s / raw_s, "<= 1.5")
    summaries = _summaries()
    result.check("groups of the summaries = groups of the raw GROUP BY", len(summaries), len(raw_groups))
    differing = sorted(str(k) for k in set(summaries) | set(raw_groups) if summaries.get(k) != raw_groups.get(k))
    result.check("groups whose count differs", differing[:5], [])
    result.check("registrations counted", sum(summaries.values()), sum(raw_groups.values()))

    full = [timed(lambda: summaries_refresh(actor=agency, all_years=True))[0] for _ in range(2)]
    result.measure("summaries_refresh of every indicator, every year (information)", full)

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(agency)
    fes = User.objects.get(email="ccis.fes@demo.moukawil.ma")
    regional = Client(HTTP_HOST="127.0.0.1")
    regional.force_login(fes)
    for name, who, path in [("national dashboard /tableaux-de-bord/", client, "/tableaux-de-bord/"),
                            ("regional dashboard (Fès officer)", regional, "/tableaux-de-bord/"),
                            ("national dashboard, 2024, services, women's share", client,
                             "/tableaux-de-bord/?annee=2024&indicateur=register.women_share&categorie=services")]:  # fmt: skip
        assert who.get(path).status_code == 200, path
        times = []
        for _ in range(10):
            with CaptureQueriesContext(connection) as queries:
                seconds, response = timed(lambda who=who, path=path: who.get(path))
            times.append(seconds)
        result.measure(f"{name} in-process [{len(queries)} queries]", times, count=1, unit="requests")
        result.check(f"HTTP status: {name}", response.status_code, 200)
    result.note(f"Data set: {size(scale, 'registrations'):,} registrations spread over the provinces and 2019–2024.")
    return result
