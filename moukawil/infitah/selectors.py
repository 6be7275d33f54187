"""Reads of Infitah: the agency's counters, the partners' work lists, and counts by region / month / gender for the
dashboards (each a single grouped query)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from moukawil.core import clock
from moukawil.enterprises.models import Enterprise
from moukawil.programmes.criteria import eligible_filter
from moukawil.programmes.models import Call

from .models import FinancingRequest, Offer, PackOrder, Permit, TrainingRegistration, Vendor
from .workflow import HOLDING, SPENT, FinancingState, OfferState, OrderState, VendorState

TARGET_PERMITS = 10_000
BUDGET = Decimal("15000000")  # the yearly budget quoted (REFERENCE §4); the call's own budget is what is checked
ORDERED = (*HOLDING,)
FINANCED = (OrderState.FINANCED, OrderState.DELIVERED, OrderState.RECEIVED)
DELIVERED = SPENT


def eligible_enterprises(*, user=None, on: date | None = None) -> QuerySet:
    """Enterprises of the register eligible to Infitah (RC or TP, TPE turnover): the programme's criteria compiled
    to one SQL filter (programmes.criteria)."""
    from .services import programme

    enterprises = Enterprise.objects.visible_to(user) if user is not None else Enterprise.objects.all()
    return enterprises.filter(eligible_filter(programme().criteria, on or clock.today()))


def permits_issued(*, region=None) -> QuerySet:
    permits = Permit.objects.valid()
    return permits.filter(region=region) if region is not None else permits


def packs(states) -> QuerySet:
    return PackOrder.objects.filter(state__in=states)


def counts_by_region() -> dict[int, dict[str, int]]:
    """{region_id: {"permits", "ordered", "financed", "delivered"}} — two grouped queries."""
    result: dict[int, dict[str, int]] = {}
    for row in Permit.objects.valid().values("region_id").annotate(n=Count("pk")):
        result.setdefault(row["region_id"], {})["permits"] = row["n"]
    orders = PackOrder.objects.values("region_id").annotate(
        ordered=Count("pk", filter=Q(state__in=ORDERED)), financed=Count("pk", filter=Q(state__in=FINANCED)),
        delivered=Count("pk", filter=Q(state__in=DELIVERED)),
    )  # fmt: skip
    for row in orders:
        result.setdefault(row["region_id"], {}).update({k: row[k] for k in ("ordered", "financed", "delivered")})
    return result


def permits_by_month(*, year: int) -> dict[date, int]:
    rows = Permit.objects.valid().filter(issued_on__year=year).annotate(month=TruncMonth("issued_on"))
    return {r["month"]: r["n"] for r in rows.values("month").annotate(n=Count("pk")).order_by("month")}


def orders_by_month(*, year: int) -> dict[date, int]:
    rows = packs(ORDERED).filter(ordered_on__year=year).annotate(month=TruncMonth("ordered_on"))
    return {r["month"]: r["n"] for r in rows.values("month").annotate(n=Count("pk")).order_by("month")}


def permits_by_gender() -> dict[str, int]:
    """By the gender of the enterprise's head (``Enterprise.owner_gender``: F / M)."""
    rows = Permit.objects.valid().values("enterprise__owner_gender").annotate(n=Count("pk"))
    return {r["enterprise__owner_gender"]: r["n"] for r in rows}


@dataclass(frozen=True)
class Counters:
    eligible: int
    permits: int
    target: int
    ordered: int
    financed: int
    delivered: int
    budget: Decimal
    committed: Decimal
    spent: Decimal
    registrations: int
    vendors_waiting: int
    offers_waiting: int

    @property
    def progress(self) -> Decimal:
        return Decimal(self.permits) / Decimal(self.target) if self.target else Decimal(0)

    @property
    def committed_share(self) -> Decimal:
        return self.committed / self.budget if self.budget else Decimal(0)

    @property
    def spent_share(self) -> Decimal:
        return self.spent / self.budget if self.budget else Decimal(0)


def agency_counters(*, year: int | None = None) -> Counters:
    """The agency's counters (a handful of aggregate queries, whatever the volume)."""
    year = year or clock.today().year
    orders = PackOrder.objects.filter(call__year=year).aggregate(
        ordered=Count("pk", filter=Q(state__in=ORDERED)), financed=Count("pk", filter=Q(state__in=FINANCED)),
        delivered=Count("pk", filter=Q(state__in=DELIVERED)), spent=Sum("subsidy", filter=Q(state__in=SPENT)),
    )  # fmt: skip
    calls = Call.objects.filter(programme__code="infitah", year=year, status=Call.Status.PUBLISHED).aggregate(
        budget=Sum("budget"), committed=Sum("committed")
    )
    return Counters(
        eligible=eligible_enterprises().count(),
        permits=Permit.objects.valid().count(),
        target=TARGET_PERMITS,
        ordered=orders["ordered"], financed=orders["financed"], delivered=orders["delivered"],
        budget=calls["budget"] or BUDGET, committed=calls["committed"] or Decimal(0),
        spent=orders["spent"] or Decimal(0),
        registrations=TrainingRegistration.objects.count(),
        vendors_waiting=Vendor.objects.filter(state=VendorState.APPLIED).count(),
        offers_waiting=Offer.objects.filter(state=OfferState.SUBMITTED).count(),
    )  # fmt: skip


def financing_requests(*, user, state: str | None = None) -> QuerySet:
    """The bank officer's list: his bank's requests only, with the figures he needs (no CIN, no other programme)."""
    rows = FinancingRequest.objects.visible_to(user).select_related(
        "order__offer__vendor__organisation", "order__enterprise", "order__region"
    )
    return rows.filter(state=state) if state else rows


def vendor_orders(*, user) -> QuerySet:
    return (
        PackOrder.objects.visible_to(user)
        .select_related("offer__vendor__organisation", "enterprise", "region", "financing")
        .order_by("-ordered_on", "-pk")
    )


def bank_waiting(user) -> int:
    return FinancingRequest.objects.visible_to(user).filter(state=FinancingState.PENDING).count()


def permits_by_stop(stop_ids: list[int]) -> dict[int, int]:
    """Valid permits issued at each caravan stop, in one query: the caravans' outcome provider ``permits``."""
    rows = (
        Permit.objects.valid().filter(stop_id__in=stop_ids)
        .values("stop_id").annotate(n=Count("pk")).values_list("stop_id", "n")
    )  # fmt: skip
    return dict(rows)
