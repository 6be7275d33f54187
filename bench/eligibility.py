"""Batch eligibility and the what-if of a call over the national data set's enterprises, against hand-written SQL.

Eligibility: Infitah's criteria plus "created at least 2 years ago" and "Fès-Meknès or Casablanca-Settat", counted
by ``eligible_enterprises(criteria).count()`` (the criteria compiled to one query by the ORM) and by a hand-written
``SELECT COUNT(*)``. What-if: ``programmes.selectors.what_if`` (eligible per region, quotas, budget) against one
hand-written ``GROUP BY region``. Alternately, several times each; medians; the counts must be the same.
"""

from __future__ import annotations

from .common import Result, repeat, size, timed, use_database

CRITERIA = [
    {"kind": "has_rc_or_tp"},
    {"kind": "max_turnover", "params": {"amount": "3000000"}},
    {"kind": "min_age_years", "params": {"years": 2}},
    {"kind": "regions", "params": {"codes": ["03", "06"]}},
]


def run(scale: str, db: str) -> Result:
    use_database(db, scale)
    from django.db import connection

    from moukawil.programmes.criteria import clean_criteria
    from moukawil.programmes.models import Call
    from moukawil.programmes.selectors import eligible_enterprises, what_if
    from moukawil.territory.models import Region

    from .dataset import ON, ensure

    ensure(scale)
    result = Result(f"batch eligibility and what-if over {size(scale, 'enterprises'):,} enterprises (+ the demo's)")
    regions = tuple(Region.objects.filter(code__in=["03", "06"]).order_by("code").values_list("pk", flat=True))
    two_years_ago = ON.replace(year=ON.year - 2).isoformat()
    hand_sql = (
        "SELECT COUNT(*) FROM enterprises_enterprise WHERE (rc_number <> '' OR tp_number <> '') "
        "AND last_turnover < 3000000 AND created_on <= %s AND region_id IN (%s, %s)"
    )
    criteria = clean_criteria(CRITERIA)

    def hand():
        with connection.cursor() as cursor:
            cursor.execute(hand_sql, [two_years_ago, *regions])
            return cursor.fetchone()[0]

    def ours():
        return eligible_enterprises(criteria, on=ON).count()

    call = Call.objects.select_related("programme").order_by("pk").first()
    what_if_criteria = [c for c in CRITERIA if c["kind"] != "regions"]
    what_if_sql = (
        "SELECT r.code, COUNT(*) FROM enterprises_enterprise e JOIN territory_region r ON r.id = e.region_id "
        "WHERE (e.rc_number <> '' OR e.tp_number <> '') AND e.last_turnover < 3000000 AND e.created_on <= %s "
        "GROUP BY r.code"
    )

    def what_if_hand():
        with connection.cursor() as cursor:
            cursor.execute(what_if_sql, [two_years_ago])
            return dict(cursor.fetchall())

    def what_if_ours():
        return {row.region_code: row.eligible for row in what_if(call, on=ON, criteria=what_if_criteria).rows
                if row.eligible}  # fmt: skip

    times = {"ours": [], "hand": [], "wi_ours": [], "wi_hand": []}
    answers = {}
    ours(), hand()  # warm the cache: both read the same pages
    for _ in range(max(3, repeat(scale))):
        seconds, answers["hand"] = timed(hand)
        times["hand"].append(seconds)
        seconds, answers["ours"] = timed(ours)
        times["ours"].append(seconds)
        seconds, answers["wi_hand"] = timed(what_if_hand)
        times["wi_hand"].append(seconds)
        seconds, answers["wi_ours"] = timed(what_if_ours)
        times["wi_ours"].append(seconds)
    ours_s = result.measure("eligibility: criteria compiled by the ORM", times["ours"])
    hand_s = result.measure("eligibility: hand-written SQL", times["hand"], reference=True)
    wi_s = result.measure("what-if: programmes.selectors.what_if", times["wi_ours"])
    wi_hand_s = result.measure("what-if: hand-written GROUP BY", times["wi_hand"], reference=True)
    result.ratio("eligibility / hand SQL (time)", ours_s / hand_s, "<= 1.2")
    result.ratio("what-if / hand GROUP BY (time)", wi_s / wi_hand_s, "<= 1.2")
    result.check("eligible enterprises", answers["ours"], answers["hand"])
    result.check("what-if: eligible per region", sorted(answers["wi_ours"].items()), sorted(answers["wi_hand"].items()))
    return result
