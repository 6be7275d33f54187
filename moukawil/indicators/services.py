"""Rebuilding the summary tables (``Figure``), year by year: one grouped query per indicator and year over the live
rows, the year's old rows deleted and the new ones inserted in one transaction. Incremental: only the years asked
(by default the current and the previous one, where new registrations, decisions and strike-offs land) are rebuilt;
``all_years`` rebuilds everything. Rerunning reaches the same end state."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.db.models.functions import ExtractMonth, ExtractYear

from moukawil.core import clock
from moukawil.core.audit import audit_log
from moukawil.core.enums import AuditEventType
from moukawil.core.permissions import require

from .catalogue import CATALOGUE, Indicator
from .compute import Filters, _live_rows
from .models import Figure, Refresh
from .permissions import can_refresh

SUMMARY_DIMS = ("region", "gender", "category", "programme")


def summarised() -> list[Indicator]:
    """The indicators the summaries hold (a share is computed from its two counts)."""
    return [i for i in CATALOGUE.values() if not i.is_share]


def _years_with_rows(indicator: Indicator) -> list[int]:
    assert indicator.rows is not None
    years = indicator.rows().order_by().annotate(y=ExtractYear(indicator.date)).values_list("y", flat=True).distinct()
    return sorted(y for y in years if y)


def _rebuild(indicator: Indicator, year: int) -> int:
    present = [d for d in SUMMARY_DIMS if d in indicator.dims]
    group: dict[str, F | ExtractMonth] = {f"g_{d}": F(indicator.dims[d]) for d in present}
    group["g_month"] = ExtractMonth(indicator.date)
    rows = (
        _live_rows(indicator, Filters(year=year))
        .annotate(**group)
        .values(*group)
        .annotate(v=indicator.value())
        .values_list(*group, "v")
    )
    figures = []
    for row in rows:
        found = dict(zip(group, row[:-1], strict=True))
        figures.append(
            Figure(
                indicator=indicator.code,
                year=year,
                month=found["g_month"],
                value=row[-1] or 0,
                region_id=found.get("g_region"),
                gender=found.get("g_gender") or "",
                category=found.get("g_category") or "",
                programme=found.get("g_programme") or "",
            )
        )
    with transaction.atomic():
        Figure.objects.filter(indicator=indicator.code, year=year).delete()
        Figure.objects.bulk_create(figures, batch_size=2000)
        Refresh.objects.update_or_create(
            indicator=indicator.code, year=year, defaults={"refreshed_at": clock.now(), "rows": len(figures)}
        )
    return len(figures)


def summaries_refresh(
    *, actor, years: Iterable[int] | None = None, all_years: bool = False, codes: Iterable[str] | None = None,
    progress=None,
) -> dict:  # fmt: skip
    """Rebuild the summaries of ``years`` (default: this year and the last) for every indicator (or ``codes``)."""
    require(can_refresh(actor))
    indicators = [i for i in summarised() if codes is None or i.code in set(codes)]
    this_year = clock.today().year
    asked = sorted(set(years)) if years is not None else [this_year - 1, this_year]
    done: dict[str, int] = {}
    rows = 0
    for index, indicator in enumerate(indicators):
        wanted = _years_with_rows(indicator) if all_years else asked
        if all_years:  # a year that no longer has any row keeps no stale figure
            Figure.objects.filter(indicator=indicator.code).exclude(year__in=wanted).delete()
        for year in wanted:
            rows += _rebuild(indicator, year)
        done[indicator.code] = len(wanted)
        if progress:
            progress("indicators", index + 1, len(indicators))
    report = {"indicators": len(indicators), "years": asked if not all_years else "all", "rows": rows}
    audit_log(actor=actor, event_type=AuditEventType.INDICATORS_REFRESHED, extra=report)
    return report
