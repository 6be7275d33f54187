"""Dashboards (national, regional), the indicators catalogue, their exports and the open-data file."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from moukawil.core.counts import key_of
from moukawil.core.permissions import require
from moukawil.indicators import catalogue
from moukawil.indicators.compute import per_thousand
from moukawil.indicators.permissions import can_refresh, can_view, region_ids_for
from moukawil.indicators.selectors import MAP_CHOICES, DashboardFilters, dashboard, last_refresh
from moukawil.registry.enums import Category
from moukawil.territory.models import Province, Region

from .charts import chart
from .decorators import check_required

FIRST_YEAR, LAST_YEAR = 2015, 2100


def _filters(request) -> DashboardFilters:
    """The filters kept in the address (``?annee=2019&region=03&categorie=services&indicateur=…``): a view can be
    shared. An unknown or absurd value is ignored, never a 500."""
    try:
        year: int | None = int(request.GET.get("annee", "")[:4])
    except ValueError:
        year = None
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        year = None
    code = request.GET.get("region", "")[:2]
    region = Region.objects.filter(code=code).first() if code.isdigit() else None
    scope = region_ids_for(request.user)
    if scope is not None:  # a chamber officer sees his region, whatever the address says
        region = Region.objects.filter(pk__in=scope).first()
    # ``?province=MA-FES`` (ISO 3166-2): within the region shown; nationally it also chooses its region.
    province_code = request.GET.get("province", "")[:6]
    province = Province.objects.select_related("region").filter(code=province_code).first() if province_code else None
    if province is not None and region is None and scope is None:
        region = province.region
    if province is not None and (region is None or province.region_id != region.pk):
        province = None
    category = request.GET.get("categorie", "")
    indicator = request.GET.get("indicateur", "")
    return DashboardFilters(
        year=year, region=region, category=category if category in Category.values else "",
        indicator=indicator if indicator in MAP_CHOICES else "register.registrations",
        per_inhabitants=request.GET.get("par_habitant") == "1", province=province,
    )  # fmt: skip


def _address(filters: DashboardFilters) -> QueryDict:
    """The filters as an address, in one order and without what ``_filters`` ignores: the page's links, and the key
    it is kept under (an unknown parameter neither changes the page nor makes another copy of it)."""
    address = QueryDict(mutable=True)
    values = {
        "annee": filters.year, "region": filters.region.code if filters.region else None,
        "province": filters.province.code if filters.province else None, "categorie": filters.category,
        "indicateur": filters.indicator if filters.indicator != "register.registrations" else None,
        "par_habitant": "1" if filters.per_inhabitants else None,
    }  # fmt: skip
    for name, value in values.items():
        if value:
            address[name] = str(value)
    return address


def _exported_rate(rate, value, population):
    """The rate per 1,000 inhabitants of an export: the page's, rounded to two decimals, unless that rounds a count
    that is not zero to 0 (the page reads « < 0,01 »): the file then holds the rate to six decimals, never a false
    0 (six registrations among four million inhabitants: 0.0015)."""
    if rate is None or rate or not value or not population:
        return rate
    return per_thousand(value, population, decimals=6)


def _tables(data: dict) -> dict[str, tuple[list[str], list[list]]]:
    """Every table of the dashboard as headers and rows (the page, CSV and XLSX exports read the same); the figures
    stay numbers (``None`` for none), written by ``registry.exports`` as numeric cells."""
    chosen = str(data["chosen"].label)
    return {
        "indicateurs": (
            [_("Code"), _("Indicateur"), _("Valeur"), _("Pour 1 000 habitants"), _("Définition")],
            [
                [
                    c["indicator"].code,
                    str(c["indicator"].label),
                    c["value"],
                    _exported_rate(c["rate"], c["value"], data["population"]),
                    str(c["indicator"].definition),
                ]
                for c in data["cards"]
            ],
        ),
        "par-mois": (
            [_("Mois"), _("Demandes"), _("Inscriptions")],
            [[r["label"], r["applications"], r["registrations"]] for r in data["by_month"]],
        ),
        "part-des-femmes": (
            [_("Période"), _("Inscriptions de femmes"), _("Inscriptions"), _("Part des femmes (%)")],
            [[r["label"], r["women"], r["registrations"], r["share"]] for r in data["women_series"]],
        ),
        "par-province": (
            [_("Préfecture ou province"), chosen, _("Population 2024"), _("Pour 1 000 habitants")],
            [
                [
                    r["province"].name,
                    r["value"],
                    r["population"],
                    _exported_rate(r["rate"], r["value"], r["population"]),
                ]
                for r in (data["by_province"] or {}).get("rows", [])
            ],
        ),
        "par-region": (
            [_("Région"), chosen, _("Population 2024"), _("Pour 1 000 habitants")],
            [
                [
                    f"{r['region'].name} — {r['province'].name}" if r["province"] else r["region"].name,
                    r["value"],
                    r["population"],
                    _exported_rate(r["rate"], r["value"], r["population"]),
                ]
                for r in data["by_region"]
            ],
        ),
    }


# A dashboard is written once per refresh of the summaries (every figure on it is read from them), scope, language and
# address: 12 ms of CPU a page, 6.5 of them in its templates (docs/benchmarks.md, session 10).
PAGE_SECONDS = 3600


@check_required(can_view)
def dashboard_page(request):
    filters = _filters(request)
    last = last_refresh()
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):  # a table of the page as a file (``?format=csv|xlsx&tableau=…``)
        tables = _tables(dashboard(user=request.user, filters=filters, last=last))
        name = request.GET.get("tableau", "indicateurs")
        headers, rows = tables.get(name, tables["indicateurs"])
        return table_response(fmt, f"tableau-de-bord-{name}", headers, rows)
    key = _page_key(request, filters, last)
    parts = cache.get(key)
    if parts is None:
        parts = _dashboard_parts(request, filters, last)
        cache.set(key, parts, PAGE_SECONDS)
    head, body = parts
    context = {"head": mark_safe(head), "body": mark_safe(body), "can_refresh": can_refresh(request.user)}  # noqa: S308
    return render(request, "www/indicators/dashboard.html", context)


# Pages written by this process only: a new release's processes never serve an older one's markup (its templates,
# translations and static files' hashed names).
_RELEASE = uuid.uuid4().hex


def _page_key(request, filters: DashboardFilters, last: dict) -> str:
    """A dashboard's key: the last refresh, what the reader sees (the country, or his chamber's region whatever the
    address asks), the filters (``_address``), the language and the year (the years offered). Nothing else of the
    reader: his own parts (the refresh button, the read-only notice, the scripts) are written at each page. A region
    or province renamed shows at the next refresh (or within the hour)."""
    scope = region_ids_for(request.user)
    parts = (_RELEASE, last["at"], last["row"], sorted(scope) if scope is not None else None,
             _address(filters).urlencode(), translation.get_language(), timezone.localdate().year)  # fmt: skip
    return key_of("dashboard-page", parts)


def _dashboard_parts(request, filters: DashboardFilters, last: dict) -> tuple[str, str]:
    """The dashboard's head and body, written."""
    data = dashboard(user=request.user, filters=filters, last=last)
    charts = {
        "by_month": chart(
            "chart-by-month",
            title=_("Demandes et inscriptions par mois"),
            kind="line",
            labels=[r["label"] for r in data["by_month"]],
            series=[
                (_("Demandes"), [r["applications"] for r in data["by_month"]]),
                (_("Inscriptions"), [r["registrations"] for r in data["by_month"]]),
            ],
        ),
        "women": chart(
            "chart-women",
            title=_("Part des femmes parmi les inscrits (%)"),
            kind="line",
            labels=[r["label"] for r in data["women_series"]],
            series=[(_("Part des femmes (%)"), [r["share"] or 0 for r in data["women_series"]])],
        ),
    }
    query = _address(filters)
    without_province = query.copy()
    without_province.pop("province", None)
    context = {
        "data": data, "filters": filters, "charts": charts, "query": query.urlencode(),
        "query_without_province": without_province.urlencode(),
        "years": range(timezone.localdate().year, FIRST_YEAR - 1, -1),
        "regions": Region.objects.order_by("code") if region_ids_for(request.user) is None else [],
        "categories": Category.choices,
        "map_choices": [(code, catalogue.CATALOGUE[code].label) for code in MAP_CHOICES],
        "women": catalogue.CATALOGUE["register.women_share"],
    }  # fmt: skip
    return (
        render_to_string("www/indicators/dashboard_head.html", context, request),
        render_to_string("www/indicators/dashboard_body.html", context, request),
    )


def table_response(fmt: str, name: str, headers: list[str], rows: list[list]) -> HttpResponse:
    from moukawil.registry import exports

    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        response: HttpResponse | StreamingHttpResponse = HttpResponse(
            exports.xlsx_bytes(headers, rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = StreamingHttpResponse(exports.csv_stream(headers, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.{fmt}"'
    return response  # type: ignore[return-value]


@check_required(can_view)
def catalogue_page(request):
    indicators = list(catalogue.CATALOGUE.values())
    if request.GET.get("format") in ("csv", "xlsx"):
        headers = [_("Code"), _("Indicateur"), _("Unité"), _("Source"), _("Définition")]
        rows = [[i.code, str(i.label), i.unit, str(i.source), str(i.definition)] for i in indicators]
        return table_response(request.GET["format"], "indicateurs", headers, rows)
    return render(request, "www/indicators/catalogue.html", {"indicators": indicators, "pending": catalogue.PENDING})


@check_required(can_view)
def open_data(request):
    """The open-data file: counts by region, year, gender and category, no personal data, cells under 5 hidden."""
    from moukawil.indicators.opendata import open_data_rows

    headers, rows = open_data_rows()
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    return table_response(fmt, "donnees-ouvertes-registre", headers, rows)


@require_POST
@check_required(can_view)
def refresh(request):
    from moukawil.core.tasks import job_create, job_enqueue

    require(can_refresh(request.user))
    job = job_create(kind="indicators.refresh", actor=request.user, params={"all_years": True})
    job_enqueue(job)
    messages.success(request, _("Recalcul des chiffres lancé."))
    return redirect("www:job", pk=job.pk)
