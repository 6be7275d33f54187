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


def _rebuild(indicator: Indicator, years: list[int] | None) -> int:
    """One grouped query over the rows of ``years`` (None: every year), then the old figures of those years are
    replaced in one transaction: the cost is one scan of the rows, as a hand-written GROUP BY."""
    present = [d for d in SUMMARY_DIMS if d in indicator.dims]
    group: dict[str, F | ExtractMonth | ExtractYear] = {f"g_{d}": F(indicator.dims[d]) for d in present}
    group["g_year"] = ExtractYear(indicator.date)
    group["g_month"] = ExtractMonth(indicator.date)
    qs = _live_rows(indicator, Filters())
    if years is not None:
        qs = qs.filter(**{f"{indicator.date}__year__in": years})
    rows = qs.annotate(**group).values(*group).annotate(v=indicator.value()).values_list(*group, "v")
    figures = []
    for row in rows:
        found = dict(zip(group, row[:-1], strict=True))
        if not found["g_year"]:
            continue
        figures.append(
            Figure(
                indicator=indicator.code,
                year=found["g_year"],
                month=found["g_month"],
                value=row[-1] or 0,
                region_id=found.get("g_region"),
                gender=found.get("g_gender") or "",
                category=found.get("g_category") or "",
                programme=found.get("g_programme") or "",
            )
        )
    written_years = sorted({f.year for f in figures} | set(years or []))
    now = clock.now()
    with transaction.atomic():
        stale = Figure.objects.filter(indicator=indicator.code)
        if years is not None:
            stale = stale.filter(year__in=years)
        stale.delete()
        Figure.objects.bulk_create(figures, batch_size=2000)
        Refresh.objects.filter(indicator=indicator.code, year__in=written_years).delete()
        Refresh.objects.bulk_create([
            Refresh(indicator=indicator.code, year=year, refreshed_at=now,
                    rows=sum(1 for f in figures if f.year == year))
            for year in written_years
        ])  # fmt: skip
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
    rows = 0
    for index, indicator in enumerate(indicators):
        rows += _rebuild(indicator, None if all_years else asked)
        if progress:
            progress("indicators", index + 1, len(indicators))
    report = {"indicators": len(indicators), "years": asked if not all_years else "all", "rows": rows}
    audit_log(actor=actor, event_type=AuditEventType.INDICATORS_REFRESHED, extra=report)
    return report
