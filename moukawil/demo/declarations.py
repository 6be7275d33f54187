"""Demo declarations: periods declared (on time, late, some missing), amendments, payments, a client over the
same-client threshold, and an auto-entrepreneur over the services ceiling two years running (proposed for striking
off). Written through the declaration services, each at its own date (core.clock.frozen)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from moukawil.accounts.models import User
from moukawil.core import clock
from moukawil.declarations.models import Declaration, StrikeOffProposal
from moukawil.declarations.periods import Period, Periodicity
from moukawil.declarations.services import (
    declaration_amend,
    declaration_submit,
    payment_record,
    periodicity_for,
    strike_off_proposals_create,
)
from moukawil.registry.enums import Category, RegistrationStatus
from moukawil.registry.models import Registration

FROM_YEAR = 2024
DEMO_OWNER = "entrepreneur@demo.moukawil.ma"
CLIENTS = ["001561191000066", "668835601000068", "274281998000046", "796487718000013"]  # valid ICEs (demo)


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 30)))


def _periods(registration: Registration, today: date) -> list[Period]:
    periods = []
    for year in range(max(FROM_YEAR, registration.registered_on.year), today.year + 1):
        periodicity = periodicity_for(registration, year)
        count = 12 if periodicity == Periodicity.MONTHLY else 4
        for number in range(1, count + 1):
            period = Period(year, periodicity, number)
            if period.end >= registration.registered_on and period.end < today:
                periods.append(period)
    return periods


def _amounts(rng: random.Random, services: bool, big: bool) -> tuple[str, str, list[dict]]:
    if rng.random() < 0.18:
        return "0", "0", []  # a zero declaration
    total = Decimal(rng.randint(120_000, 140_000) if big else int(rng.lognormvariate(9.3, 0.8))).quantize(Decimal(1))
    total += Decimal(rng.randint(0, 99)) / 100
    if not services:
        return str(total), "0", []
    count = rng.randint(1, 3)
    shares = [total // count] * (count - 1)
    shares.append(total - sum(shares))
    clients = [{"kind": "ice", "identifier": CLIENTS[i], "amount": str(share)} for i, share in enumerate(shares)]
    return "0", str(total), clients


def build_declarations(*, rng: random.Random, limit: int) -> dict[str, int]:
    if Declaration.objects.exists():
        return {"declarations": Declaration.objects.count()}
    today = timezone.localdate()
    agency = User.objects.filter(email="agence@demo.moukawil.ma").first()
    registrations = list(
        Registration.objects.filter(status=RegistrationStatus.ACTIVE)
        .select_related("person__user", "activity", "region")
        .order_by("registered_on", "pk")[:limit]
    )
    demo_owner = next((r for r in registrations if r.person.user and r.person.user.email == DEMO_OWNER), None)
    services_files = [r for r in registrations if r is not demo_owner and r.activity.category == Category.SERVICES]
    over_ceiling = services_files[0] if services_files else None
    officers = {u.region_id: u for u in User.objects.filter(role="ccis_officer", email__endswith="@demo.moukawil.ma")}
    for registration in registrations:
        actor = registration.person.user or officers[registration.region_id]
        services = registration.activity.category == Category.SERVICES
        periods = _periods(registration, today)
        for index, period in enumerate(periods):
            last = index == len(periods) - 1
            if registration is demo_owner and last:
                continue  # the demo entrepreneur still has a period to declare
            if registration is not over_ceiling and rng.random() < 0.1:
                continue  # a missing declaration, for the officers' follow-up
            late = rng.random() < 0.12
            day = (
                period.due_date + timedelta(days=rng.randint(3, 40))
                if late
                else (period.end + timedelta(days=rng.randint(1, 28)))
            )
            day = min(day, today)
            big = registration is over_ceiling and period.year < today.year
            goods, services_amount, clients = _amounts(rng, services, big)
            with clock.frozen(_at(day, rng.randint(8, 22))):
                declaration = declaration_submit(
                    actor=actor, registration=registration, period=period, goods=goods, services=services_amount,
                    clients=clients,
                )  # fmt: skip
                if rng.random() < 0.04 and declaration.turnover:
                    declaration_amend(
                        actor=actor, declaration=declaration, goods=goods, services=services_amount,
                        clients=clients, reason="Facture encaissée oubliée dans la première déclaration.",
                    )  # fmt: skip
            if agency and declaration.total_due and rng.random() < 0.85:
                with clock.frozen(_at(day, 23)):
                    payment_record(
                        actor=agency, registration=registration, amount_paid=declaration.total_due,
                        channel=rng.choice(["online", "online", "bank", "post"]),
                        reference=f"DEMO-{registration.number}-{period.year}-{period.number}", paid_on=day,
                    )  # fmt: skip
    # Two years over the ceiling (services): proposed for striking off from 1 January.
    proposals = strike_off_proposals_create(actor=None, year=today.year - 1)
    return {"declarations": Declaration.objects.count(), "strike_off_proposals": StrikeOffProposal.objects.count(),
            "new_proposals": proposals}  # fmt: skip
