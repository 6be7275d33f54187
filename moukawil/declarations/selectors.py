"""Read side of the declarations: the entrepreneur's year, officers' lists, missing periods, ceilings, statistics.
Every function takes the user and stays within what he may see (``visible_to``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from moukawil.accounts.scoping import scope_key
from moukawil.core.counts import kept_when_large, key_of
from moukawil.registry.models import Registration
from moukawil.rules.parameters import parameter

from .calculation import money
from .models import Declaration, PeriodicityChoice, StrikeOffProposal
from .periods import PERIODS_PER_YEAR, Period, Periodicity


def declaration_list(*, user, year: int | None = None, period: int | None = None, late: bool = False) -> QuerySet:
    declarations = Declaration.objects.visible_to(user).current().select_related("registration__person", "region")
    if year:
        declarations = declarations.filter(year=year)
    if period:
        declarations = declarations.filter(period=period)
    if late:
        declarations = declarations.filter(is_late=True)
    return declarations.order_by("-year", "-period", "registration__number")


@dataclass
class PeriodRow:
    period: Period
    declaration: Declaration | None
    today: date

    @property
    def status(self) -> str:
        if self.declaration is not None:
            return "declared"
        if self.period.end > self.today:
            return "not_open"
        return "overdue" if self.today > self.period.due_date else "due"


def year_overview(registration: Registration, year: int, periodicity: str, today: date) -> list[PeriodRow]:
    """One row per period of the year (declared or not), for the entrepreneur's page — one query."""
    declared = {d.period: d for d in registration.declarations.current().filter(year=year, periodicity=periodicity)}
    rows = []
    for number in range(1, PERIODS_PER_YEAR[Periodicity(periodicity)] + 1):
        period = Period(year, periodicity, number)
        if period.end < registration.registered_on:
            continue
        if registration.struck_off_on and period.start > registration.struck_off_on:
            continue
        rows.append(PeriodRow(period, declared.get(number), today))
    return rows


def _declares_by(year: int, periodicity: str) -> Q:
    """Registrations whose periodicity in ``year`` is ``periodicity``: their latest choice effective that year or
    before says so — or, for the default (quarterly), they made none. Written as semi- and anti-joins, which the
    database runs as hash joins: the same condition as a correlated subquery compared per row took 5 s over a million
    registrations (the agency's home page)."""
    choices = PeriodicityChoice.objects.filter(registration=OuterRef("pk"), effective_year__lte=year)
    later = PeriodicityChoice.objects.filter(
        registration=OuterRef("registration"), effective_year__lte=year, effective_year__gt=OuterRef("effective_year")
    )
    latest_says = Exists(choices.filter(periodicity=periodicity).filter(~Exists(later)))
    if periodicity == Periodicity.QUARTERLY:
        return Q(latest_says) | ~Q(Exists(choices))
    return Q(latest_says)


def missing_declarations(*, user, period: Period, today: date) -> QuerySet:
    """Registrations that had to declare ``period`` (registered before its end, not struck off before its start,
    with that periodicity) and have not, once its due date has passed. One query."""
    if period.due_date >= today:
        return Registration.objects.none()
    declared = Declaration.objects.filter(
        registration=OuterRef("pk"), year=period.year, periodicity=period.periodicity, period=period.number
    )
    registrations = (
        Registration.objects.visible_to(user)
        .filter(registered_on__lte=period.end)
        .filter(Q(struck_off_on__isnull=True) | Q(struck_off_on__gte=period.start))
    )
    return (
        registrations.filter(_declares_by(period.year, period.periodicity))
        .filter(~Exists(declared))
        .select_related("person", "region")
        .order_by("region__code", "number")
    )


def yearly_totals(*, user, year: int) -> QuerySet:
    """Cashed turnover of the year per registration and category (current versions)."""
    return (
        Declaration.objects.visible_to(user)
        .current()
        .filter(year=year)
        .values("registration")
        .annotate(goods=Sum("turnover_goods"), services=Sum("turnover_services"))
    )


def ceilings(year: int) -> tuple[Decimal, Decimal]:
    """The (goods, services) yearly ceilings in force at the end of ``year``."""
    on = date(year, 12, 31)
    return parameter("ae.ceiling.commercial").required_at(on), parameter("ae.ceiling.services").required_at(on)


def over_ceiling(*, user, year: int) -> QuerySet:
    """Registrations whose cashed turnover of ``year`` exceeds a ceiling: goods and services each under its own
    ceiling (REFERENCE §1, mixed activities). One grouped query."""
    goods_ceiling, services_ceiling = ceilings(year)
    return yearly_totals(user=user, year=year).filter(Q(goods__gt=goods_ceiling) | Q(services__gt=services_ceiling))


def declaration_statistics(*, user, year: int) -> dict:
    """How many declared, total turnover, tax and contributions — overall and by region, category and gender: the
    figures behind "85,000 auto-entrepreneurs declared 416 MDH and paid 7.8 MDH" (seed article, 2018)."""
    declarations = Declaration.objects.visible_to(user).current().filter(year=year)
    measures = {
        "declarants": Count("registration", distinct=True),
        "declarations": Count("pk"),
        "turnover": Coalesce(Sum("turnover_goods"), Decimal(0)) + Coalesce(Sum("turnover_services"), Decimal(0)),
        "tax": Coalesce(Sum("tax_goods"), Decimal(0)) + Coalesce(Sum("tax_services"), Decimal(0)),
        "contribution": Coalesce(Sum("contribution"), Decimal(0)),
    }

    def rounded(row: dict) -> dict:  # SQLite's sums come back as floats' decimals: "600000" for 600000.00
        return {k: money(Decimal(v)) if k in ("turnover", "tax", "contribution") else v for k, v in row.items()}

    def grouped(field: str) -> list[dict]:
        return [rounded(row) for row in declarations.order_by(field).values(key=F(field)).annotate(**measures)]

    return {
        "year": year,
        "total": rounded(declarations.aggregate(**measures)),
        "by_region": grouped("region__code"),
        "by_category": grouped("registration__activity__category"),
        "by_gender": grouped("registration__person__gender"),
    }


@dataclass
class YearTotals:
    goods: Decimal
    services: Decimal
    goods_ceiling: Decimal
    services_ceiling: Decimal

    @property
    def over(self) -> bool:
        return self.goods > self.goods_ceiling or self.services > self.services_ceiling


def year_totals(registration: Registration, year: int) -> YearTotals:
    """The year's cashed turnover by category against its ceilings (one query)."""
    totals = (
        registration.declarations.current()
        .filter(year=year)
        .aggregate(
            goods=Coalesce(Sum("turnover_goods"), Decimal(0)), services=Coalesce(Sum("turnover_services"), Decimal(0))
        )
    )
    goods_ceiling, services_ceiling = ceilings(year)
    return YearTotals(
        goods=money(Decimal(totals["goods"])), services=money(Decimal(totals["services"])),
        goods_ceiling=goods_ceiling, services_ceiling=services_ceiling,
    )  # fmt: skip


def follow_up_counts(*, user, period: Period, today: date) -> dict[int, dict[str, int]]:
    """By region id: strike-off proposals still to examine, and registrations that have not declared ``period``
    after its due date (:func:`missing_declarations`). Two grouped queries."""
    counts: dict[int, dict[str, int]] = {}
    proposals = (
        StrikeOffProposal.objects.visible_to(user)
        .filter(status=StrikeOffProposal.Status.PROPOSED)
        .order_by()
        .values("region")
        .annotate(n=Count("pk"))
    )
    for row in proposals:
        counts.setdefault(row["region"], {})["strike_offs"] = row["n"]

    def late_by_region() -> list[dict]:
        missing = missing_declarations(user=user, period=period, today=today).order_by().values("region")
        return list(missing.annotate(n=Count("pk")))

    # A national count over every registration (0.8 s for a million): kept five minutes once it is large, under what
    # the query is made of — the reader's scope, the period, the day — rather than its SQL, which took building and
    # compiling the query at every home page (2 ms, docs/benchmarks.md, session 10).
    key = key_of("count:late", (scope_key(user), period.year, period.periodicity, period.number, today))
    late = kept_when_large(key, late_by_region, lambda rows: sum(r["n"] for r in rows), seconds=300)
    for row in late:
        counts.setdefault(row["region"], {})["missing"] = row["n"]
    return counts


@dataclass
class DeclarationStatus:
    """Where an auto-entrepreneur stands: periods overdue, the next one to declare, his latest declarations."""

    late: list[PeriodRow]
    next: PeriodRow | None
    latest: list[Declaration]


def declaration_status(registration: Registration, today: date) -> DeclarationStatus:
    """Last year's and this year's periods (those overdue, then the first still to declare) and the three latest
    declarations, for his home page. Five queries."""
    from .services import periodicity_for  # the periodicity in force; services import no selector

    rows: list[PeriodRow] = []
    for year in (today.year - 1, today.year):
        if year >= registration.registered_on.year:
            rows += year_overview(registration, year, periodicity_for(registration, year), today)
    latest = list(registration.declarations.current().order_by("-period_end", "-pk")[:3])
    return DeclarationStatus(
        late=[row for row in rows if row.status == "overdue"],
        next=next((row for row in rows if row.status in ("due", "not_open")), None),
        latest=latest,
    )
