"""Recompute tax and contribution of stored declarations from the dated parameters (after a correction of a rule,
say). Only current versions are recomputed; turnover and the same-client base stay as declared.

**One UPDATE statement**, on PostgreSQL and SQLite alike: the rules are turned into SQL (a CASE per dated segment of
each parameter, the AMO brackets as nested CASEs) and applied set-based. The arithmetic is done in **integer
centimes** (rates as integer millionths): ``(cents × rate_ppm + 500000) / 1000000`` is the half-up rounding to the
centime of :func:`calculation.money`, exactly, also on SQLite whose decimals are binary floats.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import connection, transaction

from moukawil.core.audit import audit_log
from moukawil.core.enums import AuditEventType
from moukawil.core.tabular import Progress
from moukawil.rules.parameters import parameter


def _segments(code: str) -> list[tuple[str, str | None, object]]:
    """(start, end or None, value) of a parameter's history, as ISO dates."""
    history = parameter(code).history
    return [
        (start.isoformat(), history[i + 1][0].isoformat() if i + 1 < len(history) else None, value)
        for i, (start, value) in enumerate(history)
    ]


def _dated_case(code: str, render, date_literal, year: int | None = None) -> str:
    """``CASE WHEN period_end in segment THEN <render(value)> … END`` over a parameter's history — only the segments
    that meet ``year`` (a period ends within its year); one segment is its value alone, without a CASE (the AMO
    brackets compare the annual tax eight times: a CASE per rate inside each comparison cost a third of the
    statement)."""
    segments = _segments(code)
    if year is not None:
        first, after = f"{year:04d}-01-01", f"{year + 1:04d}-01-01"
        segments = [(start, end, value) for start, end, value in segments
                    if start < after and (end is None or end > first)]  # fmt: skip
        if not segments:  # no rule in force that year: what the ELSE below gives
            return "0"
        if len(segments) == 1:
            return render(segments[0][2])
    whens = []
    for start, end, value in segments:
        condition = f"d.period_end >= {date_literal(start)}" + (
            f" AND d.period_end < {date_literal(end)}" if end else ""
        )
        whens.append(f"WHEN {condition} THEN {render(value)}")
    return "CASE " + " ".join(whens) + " ELSE 0 END"


def _ppm(value) -> str:
    """A rate as integer millionths (0.005 → 5000); a rate finer than that is refused."""
    if value is None:
        return "0"
    ppm = Decimal(value) * 1_000_000
    if ppm != ppm.to_integral_value():
        raise ValueError(f"Taux {value} : plus fin que le millionième, non pris en charge par le recalcul SQL.")
    return str(int(ppm))


def _cents(value) -> str:
    return str(int(Decimal(value) * 100))


def recompute_sql(vendor: str, year: int | None = None) -> str:
    """The UPDATE of the current declarations of a year (``year``: only the rules in force that year are written
    out; None: every segment of every rule, as CASEs)."""

    def date_literal(iso: str) -> str:
        return f"DATE '{iso}'" if vendor == "postgresql" else f"'{iso}'"

    def cents(column: str) -> str:
        return f"CAST(ROUND(({column}) * 100) AS BIGINT)"

    rate_goods = _dated_case("ae.tax_rate.commercial", _ppm, date_literal, year)
    rate_services = _dated_case("ae.tax_rate.services", _ppm, date_literal, year)
    withholding_rate = _dated_case("ae.same_client.withholding_rate", _ppm, date_literal, year)
    tax_goods = f"(({cents('d.turnover_goods')} * ({rate_goods}) + 500000) / 1000000)"
    # The same-client base leaves the services base only while the rule is in force (calculation.compute).
    rule_on = _dated_case("ae.same_client.threshold", lambda value: "0" if value is None else "1", date_literal, year)
    base = f"d.turnover_services - d.withholding_base * ({rule_on})"
    tax_services = f"(({cents(base)} * ({rate_services}) + 500000) / 1000000)"
    withholding = f"(({cents('d.withholding_base')} * ({withholding_rate}) + 500000) / 1000000)"
    annual = f"(({tax_goods} + {tax_services}) * (CASE WHEN d.periodicity = 'monthly' THEN 12 ELSE 4 END))"

    def brackets(table) -> str:
        if table is None:
            return "0"
        steps = " ".join(f"WHEN {annual} >= {_cents(b['from'])} THEN {_cents(b['quarterly'])}" for b in reversed(table))
        return f"(CASE {steps} ELSE {_cents(table[0]['quarterly'])} END)"

    quarterly = _dated_case("ae.amo.brackets", brackets, date_literal, year)
    # Monthly: a third of the quarterly amount, half-up to the centime: floor(n/3 + 1/2) = (2n + 3) / 6.
    contribution = f"(CASE WHEN d.periodicity = 'monthly' THEN (2 * ({quarterly}) + 3) / 6 ELSE ({quarterly}) END)"
    return f"""
        UPDATE declarations_declaration AS d SET
            tax_goods = {tax_goods} / 100.0,
            tax_services = {tax_services} / 100.0,
            withholding = {withholding} / 100.0,
            contribution = {contribution} / 100.0,
            total_due = ({tax_goods} + {tax_services} + {contribution}) / 100.0
         WHERE d.is_current AND d.year = %s
    """  # noqa: S608 (built from the parameter files, no user input)


def declarations_recompute(
    *, actor, year: int, periodicity: str | None = None, period: int | None = None, progress: Progress | None = None
) -> int:
    """Recompute every current declaration of ``year`` (or of one period of it); returns how many rows were
    recomputed. Audited."""
    from moukawil.core.permissions import require

    from .permissions import can_recompute

    require(can_recompute(actor))
    sql = recompute_sql(connection.vendor, year)
    params: list[int | str] = [year]
    if period is not None:
        sql += " AND d.periodicity = %s AND d.period = %s"
        params += [periodicity or "quarterly", period]
    if progress:
        progress("recalcul", 0, 0)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            count = cursor.rowcount
        audit_log(
            actor=actor, event_type=AuditEventType.DECLARATIONS_RECOMPUTED,
            extra={"year": year, "periodicity": periodicity, "period": period, "count": count},
        )  # fmt: skip
    return count
