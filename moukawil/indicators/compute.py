"""Computing an indicator: from the live rows (one grouped query) or from the summary tables (one grouped query over
``Figure``). Both answer the same question — ``values(code, filters, group_by)`` → ``{key: value}`` — and a test
checks they agree. A share is computed from its two counts, never stored."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth, ExtractYear

from .catalogue import CATALOGUE, COUNT, Indicator

LIVE, SUMMARY = "live", "summary"
ZERO = Decimal(0)
ONE = Decimal(1)


@dataclass(frozen=True)
class Filters:
    """What a figure is restricted to. ``region_ids`` None: every region (the caller scopes it to the reader)."""

    region_ids: tuple[int, ...] | None = None
    province_id: int | None = None
    year: int | None = None
    date_from: date | None = None  # inclusive
    date_to: date | None = None  # inclusive
    gender: str = ""
    category: str = ""
    programme: str = ""

    def with_(self, **changes) -> Filters:
        return replace(self, **changes)


def _is_datetime(indicator: Indicator) -> bool:
    assert indicator.rows is not None
    model = indicator.rows().model
    target = model
    parts = indicator.date.split("__")
    for part in parts[:-1]:
        target = target._meta.get_field(part).related_model
    return isinstance(target._meta.get_field(parts[-1]), models.DateTimeField)


class _DatePart(models.Func):
    """The year or the month of a date column as an integer. Django's ``ExtractYear``/``ExtractMonth`` call a Python
    function for every row on SQLite (``django_date_extract``): six times the raw ``GROUP BY`` over a million rows.
    A date is stored there as ISO text, so SQLite's own ``strftime`` reads it; PostgreSQL's ``date_part`` as an
    integer."""

    output_field = models.IntegerField()

    def __init__(self, expression, part: str):
        self.part = part
        super().__init__(expression)

    def as_sql(self, compiler, connection, **extra):
        return connection.ops.date_extract_sql(self.part, *compiler.compile(self.source_expressions[0]))

    def as_postgresql(self, compiler, connection, **extra):
        # EXTRACT gives a numeric since PostgreSQL 14: grouping a million of them costs more than integers.
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST(date_part(%s, {sql}) AS integer)", (self.part, *params)

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        pattern = {"year": "%Y", "month": "%m"}[self.part]
        return f"CAST(strftime(%s, {sql}) AS INTEGER)", (pattern, *params)


def year_of(indicator: Indicator):
    """The year of the indicator's date, in the reader's time zone for a timestamp."""
    from django.db.models import F

    return ExtractYear(indicator.date) if _is_datetime(indicator) else _DatePart(F(indicator.date), "year")


def month_of(indicator: Indicator):
    from django.db.models import F

    return ExtractMonth(indicator.date) if _is_datetime(indicator) else _DatePart(F(indicator.date), "month")


def _condition(indicator: Indicator, filters: Filters) -> Q | None:
    """The rows ``filters`` keep, as one condition (None: no row can match, a cut this indicator cannot make)."""
    condition = Q()
    day = f"{indicator.date}__date" if _is_datetime(indicator) else indicator.date
    if filters.year is not None:
        condition &= Q(**{f"{indicator.date}__year": filters.year})
    if filters.date_from is not None:
        condition &= Q(**{f"{day}__gte": filters.date_from})
    if filters.date_to is not None:
        condition &= Q(**{f"{day}__lte": filters.date_to})
    wanted = {
        "region": filters.region_ids,
        "province": filters.province_id,
        "gender": filters.gender or None,
        "category": filters.category or None,
        "programme": filters.programme or None,
    }
    for dimension, value in wanted.items():
        if value is None:
            continue
        if dimension not in indicator.dims:
            return None  # counts nothing rather than everything
        lookup = f"{indicator.dims[dimension]}__in" if dimension == "region" else indicator.dims[dimension]
        condition &= Q(**{lookup: value})
    return condition


def _live_rows(indicator: Indicator, filters: Filters) -> QuerySet:
    assert indicator.rows is not None
    qs = indicator.rows().order_by()
    condition = _condition(indicator, filters)
    return qs.none() if condition is None else qs.filter(condition)


def totals_many(code: str, many: Sequence[Filters]) -> list[Decimal | None]:
    """The indicator's total under each of ``many`` filters, live, in one query (two for a share): conditional
    aggregation, so that a convention's page costs the same whatever the number of its commitments."""
    indicator = CATALOGUE[code]
    if not many:
        return []
    if indicator.ratio:
        parts, wholes = (totals_many(c, many) for c in indicator.ratio)
        return [share(p or 0, w) for p, w in zip(parts, wholes, strict=True)]
    assert indicator.rows is not None
    conditions = [_condition(indicator, f) for f in many]
    aggregates = {f"v{i}": indicator.value(filter=c) for i, c in enumerate(conditions) if c is not None}
    found = indicator.rows().order_by().aggregate(**aggregates) if aggregates else {}
    return [Decimal(found.get(f"v{i}") or 0) for i in range(len(many))]


def _grouped(qs: QuerySet, paths: dict[str, object], group_by: Sequence[str], value) -> dict[tuple, Decimal]:
    if not group_by:
        total = qs.aggregate(v=value)["v"]
        return {(): Decimal(total or 0)}
    annotations = {f"g_{d}": paths[d] for d in group_by}
    rows = qs.annotate(**annotations).values(*annotations).annotate(v=value).values_list(*annotations, "v")
    result: dict[tuple, Decimal] = {}
    for row in rows:
        key = tuple(row[:-1])
        result[key] = result.get(key, ZERO) + Decimal(row[-1] or 0)
    return result


def _live(indicator: Indicator, filters: Filters, group_by: Sequence[str]) -> dict[tuple, Decimal]:
    from django.db.models import F

    paths: dict[str, object] = {d: F(p) for d, p in indicator.dims.items()}
    paths["year"] = year_of(indicator)
    paths["month"] = month_of(indicator)
    for d in group_by:
        if d not in paths:
            raise ValueError(f"{indicator.code} cannot be grouped by {d}")
    return _grouped(_live_rows(indicator, filters), paths, group_by, indicator.value())


def _summary(indicator: Indicator, filters: Filters, group_by: Sequence[str]) -> dict[tuple, Decimal]:
    from django.db.models import F

    from .models import Figure

    qs = Figure.objects.filter(indicator=indicator.code).order_by()
    if filters.region_ids is not None:
        qs = qs.filter(region_id__in=filters.region_ids)
    if filters.province_id is not None:
        qs = qs.filter(province_id=filters.province_id) if "province" in indicator.dims else qs.none()
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    for name in ("gender", "category", "programme"):
        value = getattr(filters, name)
        if value:
            qs = qs.filter(**{name: value}) if name in indicator.dims else qs.none()
    paths: dict[str, object] = {d: F(d) for d in ("year", "month", "gender", "category", "programme")}
    paths["region"] = F("region_id")
    paths["province"] = F("province_id")
    for d in group_by:
        if d not in paths or (d not in ("year", "month") and d not in indicator.dims):
            raise ValueError(f"{indicator.code} cannot be grouped by {d} from the summaries")
    found = _grouped(qs, paths, group_by, Sum("value"))
    if indicator.unit == COUNT:  # the summaries' column keeps centimes for the amounts: a count reads as the live one
        return {key: value.quantize(ONE) for key, value in found.items()}
    return found


def summary_can_answer(filters: Filters, group_by: Sequence[str]) -> bool:
    """The summaries hold region × province × year × month × gender × category × programme: a range of days needs
    the live rows."""
    return filters.date_from is None and filters.date_to is None


def values(
    code: str, filters: Filters | None = None, group_by: Sequence[str] = (), *, source: str = LIVE
) -> dict[tuple, Decimal]:
    """The indicator's value per group (a count, an amount, or for a share the percentage, None when the
    denominator is nil). Groups with no row are absent (read them as 0)."""
    indicator = CATALOGUE[code]
    filters = filters or Filters()
    if source == SUMMARY and not summary_can_answer(filters, group_by):
        source = LIVE
    if indicator.ratio:
        numerator, denominator = (values(c, filters, group_by, source=source) for c in indicator.ratio)
        return {key: share(numerator.get(key, ZERO), total) for key, total in denominator.items()}
    compute = _summary if source == SUMMARY else _live
    return compute(indicator, filters, tuple(group_by))


def total(code: str, filters: Filters | None = None, *, source: str = LIVE) -> Decimal | None:
    return values(code, filters, (), source=source).get((), ZERO)


def share(part, whole) -> Decimal | None:
    """``part`` / ``whole`` in percent, to one decimal (half up), None when ``whole`` is nil."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def per_thousand(value, population: int | None, *, decimals: int = 2) -> Decimal | None:
    """Per 1,000 inhabitants (2024 census), to ``decimals`` decimals; None without a population."""
    if not population:
        return None
    return (Decimal(value) * 1000 / Decimal(population)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
