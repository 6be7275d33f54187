"""The national data set of a scale, built once into the benchmark database and reused by every later run.

Deterministic (fixed seeds): the demo's people and files (every role's login, applications at every step,
registrations with their certificates, declarations, programmes), plus, loaded directly, N enterprises (random
regions, sectors, turnover, creation dates, identifiers) and N monthly declarations of 2024 with their people,
applications and registrations. Each part is recorded in a table ``bench_dataset`` once built.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from .common import size

ON = date(2026, 6, 1)


def _done(part: str) -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_dataset (part varchar(100) PRIMARY KEY)")
        cursor.execute("SELECT 1 FROM bench_dataset WHERE part = %s", [part])
        return cursor.fetchone() is not None


def _mark(part: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_dataset (part) VALUES (%s)", [part])


def ensure(scale: str) -> None:
    """Build what is missing of the scale's data set (nothing, after the first run)."""
    from django.db import connection

    built = False
    if not _done("demo"):
        from moukawil.demo.generator import demo_data_build

        demo_data_build(scale="small", seed=2019)
        _mark("demo")
        built = True
    if not _done(f"enterprises-{size(scale, 'enterprises')}"):
        load_enterprises(size(scale, "enterprises"))
        _mark(f"enterprises-{size(scale, 'enterprises')}")
        built = True
    if not _done(f"declarations-{size(scale, 'declarations')}"):
        load_declarations(size(scale, "declarations"))
        _mark(f"declarations-{size(scale, 'declarations')}")
        built = True
    if not _done(f"registrations-{size(scale, 'registrations')}"):
        load_registrations(size(scale, "registrations"))
        _mark(f"registrations-{size(scale, 'registrations')}")
        built = True
    if not _done("people-named"):
        name_people()
        _mark("people-named")
        built = True
    if built:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def name_people() -> None:
    """Give the people loaded above (all « Bench Person », born on 1 January 1990, with empty name keys) names drawn
    from the demo's lists, a birth date between 1960 and 2004 and their name keys, as the register holds them. With
    a million people of one empty key, the planner's statistics said a key matched a quarter of the table, and the
    likely-duplicate search of each filing read the whole table (220 ms) instead of its index: the data set must
    look like the register for the measures to say anything about it."""
    from django.db import connection, transaction

    from moukawil.demo.names import names_by_kind
    from moukawil.registry.identity import name_key

    names = names_by_kind()
    rng = random.Random(1960)
    keys: dict[tuple, tuple[str, str]] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, gender FROM registry_person WHERE first_name = 'Bench' AND last_name = 'Person' ORDER BY id"
        )
        people = cursor.fetchall()
    with transaction.atomic(), connection.cursor() as cursor:
        postgresql = connection.vendor == "postgresql"
        if postgresql:
            cursor.execute(
                "CREATE TEMPORARY TABLE bench_names (id bigint, first_name text, last_name text, first_name_ar text, "
                "last_name_ar text, birth_date date, name_key text, name_key_ar text) ON COMMIT DROP"
            )
        for start in range(0, len(people), 200_000):
            rows = []
            for pk, gender in people[start : start + 200_000]:
                given = rng.choice(names["given_female" if gender == "F" else "given_male"])
                family = rng.choice(names["family"])
                pair = (given, family)
                if pair not in keys:
                    keys[pair] = (name_key(given.latin, family.latin), name_key(given.arabic, family.arabic))
                born = date(rng.randint(1960, 2004), rng.randint(1, 12), rng.randint(1, 28))
                rows.append((pk, given.latin, family.latin, given.arabic, family.arabic, born, *keys[pair]))
            if postgresql:
                with cursor.cursor.copy("COPY bench_names FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                cursor.executemany(
                    "UPDATE registry_person SET first_name = %s, last_name = %s, first_name_ar = %s, "
                    "last_name_ar = %s, birth_date = %s, name_key = %s, name_key_ar = %s WHERE id = %s",
                    [(*row[1:], row[0]) for row in rows],
                )
        if postgresql:
            cursor.execute(
                "UPDATE registry_person p SET first_name = n.first_name, last_name = n.last_name, "
                "first_name_ar = n.first_name_ar, last_name_ar = n.last_name_ar, birth_date = n.birth_date, "
                "name_key = n.name_key, name_key_ar = n.name_key_ar FROM bench_names n WHERE p.id = n.id"
            )


def load_enterprises(count: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from moukawil.core.bulk import db_datetime, insert_rows
    from moukawil.enterprises.models import Court, Enterprise, Sector
    from moukawil.territory.models import Province

    rng = random.Random(58000)
    provinces = list(Province.objects.order_by("pk").values_list("pk", "region_id"))
    sectors = list(Sector.objects.order_by("pk").values_list("pk", flat=True))
    court = Court.objects.order_by("pk").first().pk
    now = db_datetime(timezone.now())
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
                    "legal" if has_rc else "natural", f"Entreprise bench {index}", "", "", court if has_rc else None,
                    f"B{index}" if has_rc else "", "", f"B{index}" if not has_rc and rng.random() < 0.5 else "", "",
                    ON - timedelta(days=rng.randint(10, 7000)), rng.choice(sectors), rng.randint(0, 20),
                    f"{turnover}.00", 2025, "tpe" if turnover < 3_000_000 else "small", province, region,
                    rng.random() < 0.2, rng.random() < 0.05, rng.choice("FM"), "", "", "", "", now,
                ))  # fmt: skip
            insert_rows(Enterprise, columns, rows)


def load_registrations(count: int) -> None:
    """``count`` approved applications and their registrations, for people of their own (CIN ``RB…``), spread over
    every province, the activities of the four categories, both genders (about a third women) and the days of
    2019–2024: the rows the dashboards' indicators group (the declarations' registrations all sit in one province)."""
    from django.db import transaction

    from moukawil.core.bulk import db_datetime, db_json, insert_rows, reserve_ids
    from moukawil.registry.models import Activity, Application, Person, Registration
    from moukawil.territory.models import Province

    rng = random.Random(1000)
    provinces = list(Province.objects.order_by("pk").values_list("pk", "region_id"))
    activities = list(Activity.objects.order_by("pk").values_list("pk", flat=True))
    first_day, days = date(2019, 1, 1), (date(2024, 12, 31) - date(2019, 1, 1)).days + 1
    with transaction.atomic():
        for start in range(0, count, 100_000):
            chunk = range(start, min(start + 100_000, count))
            people, files = reserve_ids(Person, len(chunk)), reserve_ids(Application, len(chunk))
            drawn = [(rng.choice(provinces), rng.choice(activities), first_day + timedelta(days=rng.randrange(days)),
                      "F" if rng.random() < 0.31 else "M") for _ in chunk]  # fmt: skip
            insert_rows(Person, ["id", "identity_kind", "cin", "first_name", "last_name", "first_name_ar",
                                 "last_name_ar", "gender", "birth_date", "nationality", "phone", "email", "address",
                                 "province", "name_key", "name_key_ar", "created_at"],
                        [(pk, "cin", f"RB{i:07d}", "Bench", "Person", "", "", gender, date(1990, 1, 1), "MA", "", "",
                          "", province, "", "", db_datetime(datetime(day.year, day.month, day.day, 10, tzinfo=UTC)))
                         for pk, i, ((province, _r), _a, day, gender) in zip(people, chunk, drawn, strict=True)])  # fmt: skip
            insert_rows(Application, ["id", "reference", "person", "activity", "province", "region", "channel",
                                      "works_from_home", "is_salaried", "pays_taxe_professionnelle", "state", "checks",
                                      "submitted_at", "decided_at", "due_at", "rejection_reason", "message",
                                      "import_key", "created_at"],
                        [(pk, f"BENCH-R{i}", person, activity, province, region, "counter", False, False, False,
                          "approved", db_json([]), at, at, at, "", "", "", at)
                         for pk, person, i, ((province, region), activity, day, _g) in zip(files, people, chunk, drawn,
                                                                                          strict=True)
                         for at in [db_datetime(datetime(day.year, day.month, day.day, 10, tzinfo=UTC))]])  # fmt: skip
            insert_rows(Registration, ["number", "year", "sequence", "person", "application", "activity", "region",
                                       "status", "registered_on", "strike_off_reason", "strike_off_note"],
                        [(f"{day.year}-R{i:07d}", day.year, 2_000_000 + i, person, file, activity, region, "active",
                          day, "", "")
                         for person, file, i, ((_p, region), activity, day, _g) in zip(people, files, chunk, drawn,
                                                                                    strict=True)])  # fmt: skip


def load_declarations(count: int) -> None:
    """``count`` monthly declarations of 2024 (random turnover, a fifth with a same-client base), twelve per
    registration, for people of their own (CIN ``Q…``)."""
    from django.db import transaction

    from moukawil.core.bulk import db_datetime, db_json, insert_rows
    from moukawil.declarations.models import Declaration
    from moukawil.declarations.periods import Period
    from moukawil.registry.models import Activity, Application, Person, Registration
    from moukawil.territory.models import Province

    rng = random.Random(2024)
    province = Province.objects.select_related("region").order_by("pk").first()
    activity = Activity.objects.order_by("pk").first()
    now = db_datetime(datetime.fromisoformat("2025-01-15T10:00:00+01:00"))
    people = -(-count // 12)
    with transaction.atomic():
        insert_rows(Person, ["identity_kind", "cin", "first_name", "last_name", "first_name_ar", "last_name_ar",
                             "gender", "birth_date", "nationality", "phone", "email", "address", "province",
                             "name_key", "name_key_ar", "created_at"],
                    [("cin", f"QB{i:06d}", "Bench", "Person", "", "", "F", date(1990, 1, 1), "MA", "", "", "",
                      province.pk, "", "", now) for i in range(people)])  # fmt: skip
        person_ids = list(
            Person.objects.filter(cin__startswith="QB", first_name="Bench").order_by("pk").values_list("pk", flat=True)
        )
        insert_rows(Application, ["reference", "person", "activity", "province", "region", "channel",
                                  "works_from_home", "is_salaried", "pays_taxe_professionnelle", "state", "checks",
                                  "submitted_at", "due_at", "rejection_reason", "message", "import_key",
                                  "created_at"],
                    [(f"BENCH-{i}", pk, activity.pk, province.pk, province.region_id, "import", False, False, False,
                      "submitted", db_json([]), now, now, "", "", "", now) for i, pk in enumerate(person_ids)])  # fmt: skip
        applications = list(
            Application.objects.filter(reference__startswith="BENCH-").order_by("pk").values_list("pk", "person_id")
        )
        insert_rows(Registration, ["number", "year", "sequence", "person", "application", "activity", "region",
                                   "status", "registered_on", "strike_off_reason", "strike_off_note"],
                    [(f"2023-B{i:06d}-00", 2023, 900_000 + i, person, pk, activity.pk, province.region_id, "active",
                      date(2023, 6, 1), "", "") for i, (pk, person) in enumerate(applications, start=1)])  # fmt: skip
        registrations = list(
            Registration.objects.filter(number__startswith="2023-B").order_by("pk").values_list("pk", flat=True)
        )
        for start in range(0, count, 100_000):
            rows = []
            for index in range(start, min(start + 100_000, count)):
                period = Period(2024, "monthly", index % 12 + 1)
                goods = rng.randint(0, 60_000) * 100 + rng.randint(0, 99)
                services = rng.randint(0, 30_000) * 100 + rng.randint(0, 99)
                base = rng.choice([0, 0, 0, 0, services // 3])
                rows.append((registrations[index // 12], province.region_id, 2024, "monthly", period.number,
                             period.end, 1, True, f"{goods / 100:.2f}", f"{services / 100:.2f}", 0, 0,
                             f"{base / 100:.2f}", 0, 0, 0, db_json([]), period.due_date, now, False, ""))  # fmt: skip
            insert_rows(Declaration, ["registration", "region", "year", "periodicity", "period", "period_end",
                                      "version", "is_current", "turnover_goods", "turnover_services", "tax_goods",
                                      "tax_services", "withholding_base", "withholding", "contribution", "total_due",
                                      "rules", "due_date", "submitted_at", "is_late", "reason"], rows)  # fmt: skip
