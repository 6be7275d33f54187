"""Reading conventions and their progress. Progress is computed from the live rows of the indicators catalogue each
time it is read — never stored — in one query per indicator whatever the number of commitments."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, QuerySet

from moukawil.core import clock
from moukawil.indicators import catalogue
from moukawil.indicators.compute import Filters, totals_many

from .models import Commitment, Convention, Scope

GREEN, AMBER, RED, NOT_STARTED, UNMEASURED = "green", "amber", "red", "not_started", "unmeasured"
AMBER_FROM = Decimal("0.8")  # projected at 80 % of the target or more: amber; below: red


def convention_list(*, user, state: str = "", region_id: int | None = None) -> QuerySet[Convention]:
    qs = Convention.objects.visible_to(user).select_related("region").prefetch_related("parties")
    if state:
        qs = qs.filter(state=state)
    if region_id:
        qs = qs.filter(region_id=region_id)
    return qs


def in_execution_by_region(*, user) -> dict[int | None, int]:
    """How many conventions the user sees are in execution (their targets to follow), by region (None: national
    ones). One grouped query, for the home pages' work lists."""
    from django.db.models import Count

    from .workflow import State

    rows = Convention.objects.visible_to(user).filter(state=State.IN_EXECUTION).order_by().values("region")
    return {row["region"]: row["n"] for row in rows.annotate(n=Count("pk"))}


def convention_detail(*, user, pk: int) -> Convention:
    return (
        Convention.objects.visible_to(user)
        .select_related("region", "created_by")
        .prefetch_related(
            "parties",
            "documents",
            Prefetch("commitments", queryset=Commitment.objects.select_related("region", "province")),
            "transitions__actor",
        )
        .get(pk=pk)
    )


@dataclass(frozen=True)
class Progress:
    commitment: Commitment
    value: Decimal | None  # None: not measurable at this scale (a commune) or an indicator not in the catalogue
    percent: Decimal | None  # of the target, to one decimal
    projected: Decimal | None  # at the current pace, at the end of the period
    status: str
    window_start: date
    window_end: date

    @property
    def bar(self) -> int:
        """The bar's filling, 0 to 100 (the figure beside it may pass 100 %)."""
        return 0 if self.percent is None else int(min(self.percent, Decimal(100)))

    @property
    def ratio(self) -> Decimal | None:
        """The percentage as a ratio, for the ``|percent`` filter."""
        return None if self.percent is None else self.percent / 100

    @property
    def indicator(self):
        return catalogue.get(self.commitment.indicator)


def _filters(commitment: Commitment, convention: Convention, today: date) -> tuple[Filters | None, date, date]:
    start = convention.starts_on if commitment.cumulative else commitment.starts_on
    end = commitment.ends_on
    indicator = catalogue.get(commitment.indicator)
    if indicator is None or commitment.scope == Scope.COMMUNE:
        return None, start, end  # no row of the register carries a commune
    region_ids = (commitment.region_id,) if commitment.scope == Scope.REGION and commitment.region_id else None
    province_id = commitment.province_id if commitment.scope == Scope.PROVINCE else None
    filters = Filters(
        region_ids=region_ids, province_id=province_id, date_from=start, date_to=min(end, today),
        programme=commitment.programme,
    )  # fmt: skip
    return filters, start, end


def _status(value: Decimal, target: Decimal, start: date, end: date, today: date) -> tuple[Decimal, str]:
    """The projection at the current pace and the red/amber/green status (see docs/conventions.md)."""
    if today < start:
        return value, NOT_STARTED
    if today >= end:
        projected = value
    else:
        elapsed = (today - start).days + 1
        length = (end - start).days + 1
        projected = (value * length / elapsed).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if projected >= target:
        return projected, GREEN
    return projected, AMBER if projected >= target * AMBER_FROM else RED


def convention_progress(convention: Convention, *, today: date | None = None) -> list[Progress]:
    """Each commitment's value (from live rows), percentage of its target, projection and status."""
    today = today or clock.today()
    commitments = list(convention.commitments.all())
    windows = {c.pk: _filters(c, convention, today) for c in commitments}
    by_indicator: dict[str, list[Commitment]] = defaultdict(list)
    for c in commitments:
        if windows[c.pk][0] is not None:
            by_indicator[c.indicator].append(c)
    values: dict[int, Decimal | None] = {}
    for code, group in by_indicator.items():
        measurable = [c for c in group if windows[c.pk][1] <= today]
        totals = totals_many(code, [windows[c.pk][0] for c in measurable])  # type: ignore[misc]
        values.update(zip([c.pk for c in measurable], totals, strict=True))
        values.update({c.pk: Decimal(0) for c in group if c.pk not in values})
    result = []
    for c in commitments:
        _, start, end = windows[c.pk]
        value = values.get(c.pk)
        if value is None:
            result.append(Progress(c, None, None, None, UNMEASURED, start, end))
            continue
        percent = (value * 100 / c.target).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        indicator = catalogue.get(c.indicator)
        if indicator is not None and indicator.is_share:  # a share does not add up over time: no projection
            projected, status = _status(value, c.target, start, start, max(today, start))
        else:
            projected, status = _status(value, c.target, start, end, today)
        result.append(Progress(c, value, percent, projected, status, start, end))
    return result
