"""Recomputing tax and contribution of the national data set's 2024 declarations, set-based, against the same
computation written by hand in SQL (the 2024 rates and AMO brackets typed in). Alternately, several times each;
medians; the amounts must be the same (count and sum of every amount column)."""

from __future__ import annotations

from .common import Result, repeat, size, timed, use_database

TAX_GOODS = "ROUND(turnover_goods * 0.005, 2)"
TAX_SERVICES = "ROUND((turnover_services - withholding_base) * 0.01, 2)"
ANNUAL = f"({TAX_GOODS} + {TAX_SERVICES}) * 12"
AMO = (
    f"ROUND((CASE WHEN {ANNUAL} >= 50001 THEN 3600 WHEN {ANNUAL} >= 25001 THEN 2250 WHEN {ANNUAL} >= 10001 THEN 1500 "
    f"WHEN {ANNUAL} >= 5001 THEN 1050 WHEN {ANNUAL} >= 2501 THEN 720 WHEN {ANNUAL} >= 1001 THEN 570 "
    f"WHEN {ANNUAL} >= 500 THEN 390 ELSE 300 END) / 3.0, 2)"
)
HAND_WRITTEN = f"""
UPDATE declarations_declaration SET
  tax_goods = {TAX_GOODS}, tax_services = {TAX_SERVICES}, withholding = ROUND(withholding_base * 0.30, 2),
  contribution = {AMO}, total_due = {TAX_GOODS} + {TAX_SERVICES} + {AMO}
WHERE is_current AND year = 2024 AND periodicity = 'monthly'
"""
TOTALS = (
    "SELECT COUNT(*), SUM(tax_goods * 100), SUM(tax_services * 100), SUM(withholding * 100), "
    "SUM(contribution * 100), SUM(total_due * 100) FROM declarations_declaration "
    "WHERE is_current AND year = 2024 AND periodicity = 'monthly'"
)
RESET = "UPDATE declarations_declaration SET tax_goods = 0, tax_services = 0, contribution = 0, total_due = 0 " \
        "WHERE year = 2024"  # fmt: skip


def run(scale: str, db: str) -> Result:
    use_database(db, scale)
    from django.db import connection, transaction

    from moukawil.declarations.recompute import declarations_recompute

    from .dataset import ensure

    ensure(scale)
    result = Result(f"recomputing {size(scale, 'declarations'):,} declarations of 2024 (+ the demo's)")

    def totals():
        with connection.cursor() as cursor:
            cursor.execute(TOTALS)
            return [round(float(v)) if v is not None else None for v in cursor.fetchone()]

    def reset():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(RESET)

    def hand():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(HAND_WRITTEN)

    def ours():
        return declarations_recompute(actor=None, year=2024)

    ours_times, hand_times, answers = [], [], {}
    for _ in range(repeat(scale)):
        reset()
        hand_times.append(timed(hand)[0])
        answers["hand"] = totals()
        reset()
        ours_times.append(timed(ours)[0])
        answers["ours"] = totals()
    count = answers["ours"][0]
    ours_s = result.measure("declarations_recompute", ours_times, count=count, unit="declarations")
    hand_s = result.measure("hand-written UPDATE", hand_times, count=count, unit="declarations", reference=True)
    result.ratio("recompute / hand SQL (time)", ours_s / hand_s, "<= 1.2")
    result.check("count and sums (centimes) of tax, withholding, contribution, total", answers["ours"],
                 answers["hand"])  # fmt: skip
    return result
