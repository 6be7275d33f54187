"""Recompute tax and contribution of stored declarations from the dated parameters (after a correction of a rule,
say). Only current versions are recomputed; turnover and the same-client base stay as declared.

On PostgreSQL this is **one UPDATE statement**: the rules are turned into SQL (a CASE per dated segment of each
parameter, the AMO brackets as nested CASEs) and applied set-based; ``ROUND(x, 2)`` on ``numeric`` rounds half away
from zero, which is half-up for these non-negative amounts — the same result as :func:`calculation.money`. On
SQLite, whose decimals are binary floats, the same rules run in Python (``calculation.compute``) by batches.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import connection, transaction

from moukawil.core.audit import audit_log
from moukawil.core.enums import AuditEventType
from moukawil.rules.parameters import parameter

from .calculation import compute
from .models import Declaration
from .periods import Period

BATCH = 2000


def _segments(code: str) -> list[tuple[str, str | None, object]]:
    """(start, end or None, value) of a parameter's history, as ISO dates."""
    history = parameter(code).history
    return [
        (start.isoformat(), history[i + 1][0].isoformat() if i + 1 < len(history) else None, value)
        for i, (start, value) in enumerate(history)
    ]


def _dated_case(code: str, render) -> str:
    """``CASE WHEN period_end in segment THEN <render(value)> … END`` over a parameter's history."""
    whens = []
    for start, end, value in _segments(code):
        condition = f"d.period_end >= DATE '{start}'" + (f" AND d.period_end < DATE '{end}'" if end else "")
        whens.append(f"WHEN {condition} THEN {render(value)}")
    return "CASE " + " ".join(whens) + " ELSE 0 END"


def _number(value) -> str:
    return "0" if value is None else str(Decimal(value))


def _amo_case(tax_sql: str) -> str:
    """Quarterly AMO amount for the annualised tax ``tax_sql``, bracket by bracket."""

    def render(brackets):
        if brackets is None:
            return "0"
        steps = " ".join(
            f"WHEN {tax_sql} >= {bracket['from']} THEN {bracket['quarterly']}" for bracket in reversed(brackets)
        )
        return f"CASE {steps} ELSE {brackets[0]['quarterly']} END"

    return _dated_case("ae.amo.brackets", render)


def recompute_sql() -> str:
    rate_goods = _dated_case("ae.tax_rate.commercial", _number)
    rate_services = _dated_case("ae.tax_rate.services", _number)
    withholding_rate = _dated_case("ae.same_client.withholding_rate", _number)
    tax_goods = f"ROUND(d.turnover_goods * ({rate_goods}), 2)"
    tax_services = f"ROUND((d.turnover_services - d.withholding_base) * ({rate_services}), 2)"
    per_year = "(CASE WHEN d.periodicity = 'monthly' THEN 12 ELSE 4 END)"
    quarterly = _amo_case(f"(({tax_goods}) + ({tax_services})) * {per_year}")
    contribution = f"ROUND(CASE WHEN d.periodicity = 'monthly' THEN ({quarterly}) / 3.0 ELSE ({quarterly}) END, 2)"
    return f"""
        UPDATE declarations_declaration AS d SET
            tax_goods = {tax_goods},
            tax_services = {tax_services},
            withholding = ROUND(d.withholding_base * ({withholding_rate}), 2),
            contribution = {contribution},
            total_due = {tax_goods} + {tax_services} + {contribution}
         WHERE d.is_current AND d.year = %s
    """  # noqa: S608 (built from the parameter files, no user input)


def _recompute_python(queryset) -> int:
    fields = ["tax_goods", "tax_services", "withholding", "contribution", "total_due"]
    count, batch = 0, []
    for declaration in queryset.order_by("pk").iterator(chunk_size=BATCH):
        result = compute(
            period=Period(declaration.year, declaration.periodicity, declaration.period),
            goods=declaration.turnover_goods, services=declaration.turnover_services,
            withholding_base=declaration.withholding_base,
        )  # fmt: skip
        declaration.tax_goods, declaration.tax_services = result.tax_goods, result.tax_services
        declaration.withholding, declaration.contribution = result.withholding, result.contribution
        declaration.total_due = result.total_due
        batch.append(declaration)
        if len(batch) >= BATCH:
            count += len(batch)
            Declaration.objects.bulk_update(batch, fields)
            batch = []
    if batch:
        count += len(batch)
        Declaration.objects.bulk_update(batch, fields)
    return count


def declarations_recompute(*, actor, year: int) -> int:
    """Recompute every current declaration of ``year``; returns how many rows were recomputed. Audited."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(recompute_sql(), [year])
                count = cursor.rowcount
        else:
            count = _recompute_python(Declaration.objects.filter(is_current=True, year=year))
        audit_log(actor=actor, event_type=AuditEventType.DECLARATIONS_RECOMPUTED, extra={"year": year, "count": count})
    return count
