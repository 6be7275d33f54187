"""What the dashboards show, read from the summary tables: each indicator once, grouped by region × year × month
(one query per indicator — the count does not grow with the regions or years shown), then totals, the monthly
series, the table by region (with rates per 1,000 inhabitants) and the map are derived in Python."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max

from moukawil.territory.models import Province, Region

from . import catalogue
from .census import national_population, province_population, region_population
from .compute import SUMMARY, ZERO, Filters, per_thousand, share, values
from .maps import region_map
from .models import Refresh
from .permissions import region_ids_for

# The figures of the dashboard, in the order of its cards.
CARDS = (
    "register.applications", "register.registrations", "register.women_share", "register.active",
    "register.struck_off", "declarations.turnover", "declarations.tax_due", "programmes.beneficiaries",
)  # fmt: skip
MAP_CHOICES = ("register.registrations", "register.applications", "register.active", "register.women_share",
               "register.struck_off", "declarations.turnover", "programmes.beneficiaries")  # fmt: skip


@dataclass(frozen=True)
class DashboardFilters:
    year: int | None = None
    region: Region | None = None
    category: str = ""
    indicator: str = "register.registrations"  # coloured on the map
    per_inhabitants: bool = False
    province: Province | None = None  # within ``region``: every figure of the dashboard is then the province's


def _group_keys(rows: dict[tuple, Decimal]) -> tuple[dict, dict, dict, Decimal]:
    by_region: dict[int, Decimal] = defaultdict(lambda: ZERO)
    by_period: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
    by_year: dict[int, Decimal] = defaultdict(lambda: ZERO)
    total = ZERO
    for (region_id, year, month), value in rows.items():
        by_region[region_id] += value
        by_period[(year, month)] += value
        by_year[year] += value
        total += value
    return by_region, by_period, by_year, total


def _summary_grouped(code: str, cut: Filters, stamp: tuple) -> tuple[dict, dict, dict, Decimal]:
    """``values(code, cut, region × year × month)`` from the summaries, summed by region, month and year
    (``_group_keys``), kept in the cache until the next refresh:
    ``stamp`` names the summaries' state (the last refresh's time and row), which every rebuild changes. A national
    dashboard then reads no figure at all between two refreshes (docs/benchmarks.md: 1M registrations)."""
    import hashlib

    from django.core.cache import cache

    parts = repr((code, cut.region_ids, cut.province_id, cut.year, cut.category, stamp))
    key = "indicators:" + hashlib.sha256(parts.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        rows = values(code, cut, ["region", "year", "month"], source=SUMMARY)
        by_region, by_period, by_year, total = _group_keys(rows)
        found = (dict(by_region), dict(by_period), dict(by_year), total)
        cache.set(key, found, timeout=24 * 3600)
    return found


def last_refresh() -> dict:
    """The last refresh of the summaries: its time (``at``) and row (``row``), what the figures read from them are
    kept under (None and None before the first)."""
    return Refresh.objects.aggregate(at=Max("refreshed_at"), row=Max("pk"))


def dashboard(*, user, filters: DashboardFilters, last: dict | None = None) -> dict:
    """The dashboard of ``user``'s scope (a chamber officer: his region, whatever he asks); ``last``: the
    ``last_refresh()`` the caller already read."""
    scope = region_ids_for(user)
    if filters.region is not None and (scope is None or filters.region.pk in scope):
        region_ids: tuple[int, ...] | None = (filters.region.pk,)
    else:
        region_ids = scope
    province = (
        filters.province if filters.province and region_ids and filters.province.region_id in region_ids else None
    )
    base = Filters(region_ids=region_ids, year=filters.year, category=filters.category,
                   province_id=province.pk if province else None)  # fmt: skip
    wanted = set(CARDS) | {filters.indicator}
    counts: set[str] = set()
    for code in wanted:
        indicator = catalogue.CATALOGUE[code]
        counts.update(indicator.ratio or (code,))
    last = last or last_refresh()
    stamp = (last["at"].isoformat() if last["at"] else "", last["row"])
    grouped: dict[str, tuple[dict, dict, dict, Decimal]] = {}
    unmeasured = set()  # not cut by province (programmes' beneficiaries): « — » rather than a false 0
    for code in sorted(counts):
        indicator = catalogue.CATALOGUE[code]
        if province is not None and not indicator.supports("province"):
            unmeasured.add(code)
        cut = base if not filters.category or indicator.supports("category") else None
        if not cut or code in unmeasured:
            grouped[code] = ({}, {}, {}, ZERO)
        else:  # from the summaries, cached until the next refresh
            grouped[code] = _summary_grouped(code, cut, stamp)

    def figure(code: str, part: str):
        indicator = catalogue.CATALOGUE[code]
        if code in unmeasured or unmeasured & set(indicator.ratio or ()):
            return None if part == "total" else {}
        if indicator.ratio:
            numerator, denominator = (figure(c, part) for c in indicator.ratio)
            if part == "total":
                return share(numerator, denominator)
            return {key: share(numerator.get(key, ZERO), whole) for key, whole in denominator.items()}
        index = {"region": 0, "period": 1, "year": 2, "total": 3}[part]
        return grouped[code][index]

    regions = list(Region.objects.order_by("code") if region_ids is None else Region.objects.filter(pk__in=region_ids))
    population = region_population()
    shown_population = sum(population.get(r.code, 0) for r in regions) if region_ids else national_population()
    if province is not None:
        shown_population = province_population(province.region.code, province.name_fr) or 0
    cards = []
    for code in CARDS:
        indicator = catalogue.CATALOGUE[code]
        value = figure(code, "total")
        rate = per_thousand(value, shown_population) if indicator.per_inhabitants and value is not None else None
        ratio = value / 100 if indicator.is_share and value is not None else None  # for the |percent filter
        cards.append({"indicator": indicator, "value": value, "rate": rate, "ratio": ratio})

    registrations = figure("register.registrations", "period")
    applications = figure("register.applications", "period")
    periods = sorted({*registrations, *applications})
    by_month = [
        {"label": f"{y}-{m:02d}", "registrations": registrations.get((y, m), ZERO),
         "applications": applications.get((y, m), ZERO)}
        for y, m in periods
    ]  # fmt: skip
    women = figure("register.registrations_women", "year" if not filters.year else "period")
    everyone = figure("register.registrations", "year" if not filters.year else "period")
    women_series: list[dict] = [
        {"label": str(key) if not filters.year else f"{key[0]}-{key[1]:02d}", "women": women.get(key, ZERO),
         "registrations": whole, "share": share(women.get(key, ZERO), whole)}
        for key, whole in sorted(everyone.items())
    ]  # fmt: skip

    for row in women_series:
        row["ratio"] = None if row["share"] is None else row["share"] / 100
    chosen = catalogue.CATALOGUE[filters.indicator]
    chosen_by_region = figure(filters.indicator, "region")
    by_region = []
    for region in regions:
        value = chosen_by_region.get(region.pk, ZERO if not chosen.is_share else None)
        row = {"region": region, "value": value, "population": population.get(region.code), "province": None}
        if province is not None and province.region_id == region.pk:  # the figure is the province's: so is the rest
            row.update(province=province, population=shown_population or None)
        row["rate"] = per_thousand(value, row["population"]) if value is not None and not chosen.is_share else None
        row["registrations"] = figure("register.registrations", "region").get(region.pk, ZERO)
        row["ratio"] = value / 100 if chosen.is_share and value is not None else None
        by_region.append(row)
    mapped = {
        row["region"].code: (row["rate"] if filters.per_inhabitants and row["rate"] is not None else row["value"])
        for row in by_region
    }
    refreshed = last["at"]
    chosen_region = regions[0] if len(regions) == 1 else None
    return {
        "cards": cards,
        "by_month": by_month,
        "women_series": women_series,
        "by_region": by_region,
        "chosen": chosen,
        "map": region_map(mapped, {r.code: r.name for r in Region.objects.order_by("code")}),
        "refreshed_at": refreshed,
        "regions": regions,
        "population": shown_population,
        "province": province,
        "by_province": by_province(chosen_region, filters) if chosen_region else None,
    }


def by_province(region: Region, filters: DashboardFilters) -> dict:
    """The chosen indicator for each prefecture and province of ``region``, with its 2024 population and the rate
    per 1,000 inhabitants, from the summaries: one grouped query (two for a share), whatever the number of
    provinces; a province filter does not narrow this table, which compares the region's provinces."""
    chosen = catalogue.CATALOGUE[filters.indicator]
    provinces = list(Province.objects.filter(region=region).order_by("name_fr"))
    measurable = chosen.supports("province") and (not filters.category or chosen.supports("category"))
    found = (
        values(chosen.code, Filters(region_ids=(region.pk,), year=filters.year, category=filters.category),
               ["province"], source=SUMMARY)
        if measurable else {}
    )  # fmt: skip
    rows = []
    for p in provinces:
        value = found.get((p.pk,), None if chosen.is_share else ZERO) if measurable else None
        population = province_population(region.code, p.name_fr)
        rows.append({
            "province": p, "value": value, "population": population,
            "rate": per_thousand(value, population) if value is not None and chosen.per_inhabitants else None,
            "ratio": value / 100 if chosen.is_share and value is not None else None,
            "selected": filters.province is not None and filters.province.pk == p.pk,
        })  # fmt: skip
    return {"region": region, "rows": rows, "measurable": measurable, "provinces": provinces}
