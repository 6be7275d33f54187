"""Registrations written in bulk for figure tests (hundreds of rows without the register's services: the figures
only read them). Each gets its own person and approved application."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time

from django.utils import timezone

from moukawil.registry.models import Activity, Application, Person, Registration
from moukawil.territory.models import Province

_counter = itertools.count(1)


def make_registrations(
    region, on: date, count: int, *, women: int = 0, activity: str = "SRV-001", pending: int = 0, province=None
) -> list[Registration]:
    """``count`` approved registrations in ``region`` on ``on`` (the first ``women`` of women), plus ``pending``
    applications submitted the same day and not decided; in ``province`` (by default the region's first)."""
    province = province or Province.objects.filter(region=region).order_by("code").first()
    act = Activity.objects.get(code=activity)
    moment = timezone.make_aware(datetime.combine(on, time(10)))
    people, applications = [], []
    for i in range(count + pending):
        n = next(_counter)
        people.append(Person(
            cin=f"ZZ{n:06d}", first_name=f"Prénom{n}", last_name=f"Nom{n}", gender="F" if i < women else "M",
            birth_date=date(1990, 1, 1), province=province, phone="0612345678",
        ))  # fmt: skip
    people = Person.objects.bulk_create(people)
    for i, person in enumerate(people):
        decided = i < count
        applications.append(Application(
            reference=f"T-{person.cin}", person=person, activity=act, province=province, region=region,
            channel="counter", state="approved" if decided else "submitted", submitted_at=moment,
            decided_at=moment if decided else None,
        ))  # fmt: skip
    applications = Application.objects.bulk_create(applications)
    registrations = [
        Registration(
            number=f"T{on.year}{n:07d}",
            year=on.year,
            sequence=900000 + n,
            person=a.person,
            application=a,
            activity=act,
            region=region,
            registered_on=on,
        )
        for a in applications[:count]
        for n in [next(_counter)]
    ]
    return Registration.objects.bulk_create(registrations)
