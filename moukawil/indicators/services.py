"""Rebuilding the summary tables (``Figure``), year by year: one grouped query per indicator and year over the live
rows, the year's old rows deleted and the new ones inserted in one transaction. Incremental: only the years asked
(by default the current and the previous one, where new registrations, decisions and strike-offs land) are rebuilt;
``all_years`` rebuilds everything. Rerunning reaches the same end state."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, F

from moukawil.core import clock
from moukawil.core.audit import audit_log
from moukawil.core.bulk import insert_rows
from moukawil.core.enums import AuditEventType
from moukawil.core.permissions import require

from .catalogue import CATALOGUE, Indicator
from .compute import Filters, _live_rows, month_of, year_of
from .models import Figure, Refresh
from .permissions import can_refresh

SUMMARY_DIMS = ("region", "province", "gender", "category", "programme")


def summarised() -> list[Indicator]:
    """The indicators the summaries hold (a share is computed from its two counts)."""
    return [i for i in CATALOGUE.values() if not i.is_share]


def _rebuild(indicator: Indicator, years: list[int] | None) -> int:
    """One ``SELECT … GROUP BY`` over the rows of ``years`` (None: every year), its groups (a few thousand, tens of
    thousands with the province) written with ``COPY`` after the old figures of those years are deleted, in one
    transaction: the database does the work of a hand-written GROUP BY. What made it slow over a million rows was
    the plan, not the writing: with the default ``work_mem`` PostgreSQL sorted every row through temporary files
    before grouping; with room for the groups in memory it hashes them (docs/benchmarks.md, session 7)."""
    present = [d for d in SUMMARY_DIMS if d in indicator.dims]
    group: dict[str, object] = {f"g_{d}": F(indicator.dims[d]) for d in present}
    group["g_year"] = year_of(indicator)
    group["g_month"] = month_of(indicator)
    qs = _live_rows(indicator, Filters())
    if years is not None:
        qs = qs.filter(**{f"{indicator.date}__year__in": years})
    grouped = qs.annotate(**group).values(*group).annotate(v=indicator.value()).order_by()
    sql, params = grouped.query.sql_with_params()

    def column(name: str, empty: str) -> str:
        return f"COALESCE(sub.g_{name}, {empty})" if name in present else empty

    empty = "''"
    region = "sub.g_region" if "region" in present else "NULL"
    province = "sub.g_province" if "province" in present else "NULL"
    # Every name in this statement is ours (the aliases, the ORM's compiled query); values are parameters.
    select = (
        f"SELECT {region}, {province}, sub.g_year, sub.g_month, {column('gender', empty)}, "  # noqa: S608
        f"{column('category', empty)}, {column('programme', empty)}, COALESCE(sub.v, 0) FROM ({sql}) sub "
        "WHERE sub.g_year IS NOT NULL"
    )
    now = clock.now()
    with transaction.atomic():
        stale = Figure.objects.filter(indicator=indicator.code)
        if years is not None:
            stale = stale.filter(year__in=years)
        stale.delete()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Room to group a million rows in memory (a hash of a few thousand groups) rather than sorting
                # them through temporary files with the default 4 MB; for this transaction only.
                cursor.execute("SET LOCAL work_mem = '64MB'")
            cursor.execute(select, params)
            groups = [(indicator.code, *row) for row in cursor.fetchall()]
        insert_rows(Figure, ["indicator", "region", "province", "year", "month", "gender", "category", "programme",
                             "value"], groups)  # fmt: skip
        written = len(groups)
        counts = dict(
            Figure.objects.filter(indicator=indicator.code).values_list("year").annotate(n=Count("pk")).order_by()
        )
        refreshed = sorted(set(counts) if years is None else set(years))
        Refresh.objects.filter(indicator=indicator.code, year__in=refreshed).delete()
        Refresh.objects.bulk_create(
            [Refresh(indicator=indicator.code, year=y, refreshed_at=now, rows=counts.get(y, 0)) for y in refreshed]
        )
    return max(written, 0)


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
