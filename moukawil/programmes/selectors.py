"""Read side of the programmes: eligible population (one query), what-if before publishing, officers' queues."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, QuerySet

from moukawil.enterprises.models import Enterprise
from moukawil.territory.models import Region

from .calculation import clean_subsidy_cap, clean_subsidy_rate, subsidy_amount
from .criteria import clean_criteria, eligible_filter
from .models import BenefitKind, Call, ProgrammeApplication


def eligible_enterprises(criteria: list[dict], *, on: date, user=None) -> QuerySet:
    """Every enterprise of the register (or of ``user``'s scope) meeting all the criteria: one query."""
    enterprises = Enterprise.objects.visible_to(user) if user is not None else Enterprise.objects.all()
    return enterprises.filter(eligible_filter(criteria, on))


@dataclass
class WhatIfRow:
    region_code: str
    region_name: str
    eligible: int
    quota: int | None
    beneficiaries: int
    budget: Decimal


@dataclass
class WhatIf:
    rows: list[WhatIfRow] = field(default_factory=list)
    amount_per_beneficiary: Decimal | None = None
    call_budget: Decimal = Decimal(0)

    @property
    def eligible(self) -> int:
        return sum(r.eligible for r in self.rows)

    @property
    def beneficiaries(self) -> int:
        return sum(r.beneficiaries for r in self.rows)

    @property
    def budget(self) -> Decimal:
        return sum((r.budget for r in self.rows), Decimal(0))

    @property
    def over_budget(self) -> Decimal:
        return max(Decimal(0), self.budget - self.call_budget)


def what_if(
    call: Call, *, on: date, criteria: list[dict] | None = None, rate: Decimal | None = None,
    cap: Decimal | None = None,
) -> WhatIf:  # fmt: skip
    """How many enterprises the criteria make eligible per region, how many the quotas let in, and the subsidy
    budget they would take — against the call's budget. Two grouped queries, whatever the register's size."""
    rate = clean_subsidy_rate(rate) if rate is not None else None
    cap = clean_subsidy_cap(cap) if cap is not None else None
    criteria = clean_criteria(criteria) if criteria is not None else call.criteria
    counts = dict(eligible_enterprises(criteria, on=on).values_list("region__code").annotate(n=Count("pk")))
    amount = None
    if call.programme.benefit_kind == BenefitKind.SUBSIDY:
        amount = subsidy_amount(call, on=on, rate=rate, cap=cap)
    result = WhatIf(amount_per_beneficiary=amount, call_budget=call.budget)
    for region in Region.objects.order_by("code"):
        eligible = counts.get(region.code, 0)
        quota = call.quotas.get(region.code)
        served = min(eligible, quota) if quota is not None else eligible
        result.rows.append(
            WhatIfRow(region.code, region.name, eligible, quota, served, (amount or Decimal(0)) * served)
        )
    return result


def application_list(*, user, call: Call | None = None, state: str | None = None) -> QuerySet:
    applications = ProgrammeApplication.objects.visible_to(user).select_related(
        "call__programme", "enterprise", "region"
    )
    if call is not None:
        applications = applications.filter(call=call)
    if state:
        applications = applications.filter(state=state)
    return applications.order_by("-score", "created_at", "pk")
