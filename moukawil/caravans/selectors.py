"""Reads of the caravans: the public calendar, the results of a stop and of a campaign (registered, present,
walk-ins, each registered outcome — permits, applications…) by stop, region and gender. The dashboards count
attendance through these functions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import BooleanField, Case, Count, F, Q, QuerySet, Value, When

from . import outcomes
from .models import Campaign, Channel, Registration, Stop
from .workflow import OPEN_STOP_STATES, PUBLIC_CAMPAIGN_STATES, CampaignState, State

PRESENT = Q(state=State.PRESENT)
REGISTERED = ~Q(channel=Channel.WALK_IN) & ~Q(state=State.CANCELLED)


def _counts(queryset: QuerySet, key: str) -> dict:
    """Attendance aggregated by ``key`` (a lookup of Registration), in one query."""
    rows = queryset.values(key).annotate(
        registered=Count("pk", filter=REGISTERED),
        confirmed=Count("pk", filter=REGISTERED & Q(state__in=[State.CONFIRMED, State.PRESENT])),
        waiting=Count("pk", filter=Q(state=State.WAITING)),
        present=Count("pk", filter=PRESENT),
        walk_ins=Count("pk", filter=PRESENT & Q(channel=Channel.WALK_IN)),
        women=Count("pk", filter=PRESENT & Q(gender="F")),
        men=Count("pk", filter=PRESENT & Q(gender="M")),
    )
    return {row.pop(key): row for row in rows}


def _registrations(stops: QuerySet | None = None, campaign: Campaign | None = None, since: date | None = None):
    queryset = Registration.objects.all()
    if stops is not None:
        queryset = queryset.filter(stop__in=stops)
    if campaign is not None:
        queryset = queryset.filter(stop__campaign=campaign)
    if since is not None:
        queryset = queryset.filter(stop__day__gte=since)
    return queryset.order_by()


def attendance_by_stop(*, stops: QuerySet | None = None, campaign: Campaign | None = None) -> dict[int, dict]:
    return _counts(_registrations(stops, campaign), "stop_id")


def attendance_by_region(
    *, stops: QuerySet | None = None, campaign: Campaign | None = None, since: date | None = None
) -> dict[str, dict]:
    """Keyed by region code (01…12): the region of the stop."""
    return _counts(_registrations(stops, campaign, since), "stop__region__code")


def attendance_by_gender(
    *, stops: QuerySet | None = None, campaign: Campaign | None = None, since: date | None = None
) -> dict[str, int]:
    """People present by gender ("F", "M")."""
    rows = _registrations(stops, campaign, since).filter(PRESENT).values("gender").annotate(n=Count("pk"))
    return {row["gender"]: row["n"] for row in rows}


def present_total(*, stops: QuerySet | None = None, campaign: Campaign | None = None, since: date | None = None) -> int:
    return _registrations(stops, campaign, since).filter(PRESENT).count()


EMPTY = {"registered": 0, "confirmed": 0, "waiting": 0, "present": 0, "walk_ins": 0, "women": 0, "men": 0}


@dataclass
class StopRow:
    stop: Stop
    counts: dict
    outcomes: dict[str, int]


@dataclass
class Results:
    campaign: Campaign | None
    rows: list[StopRow]
    totals: dict
    outcome_totals: dict[str, int]
    outcome_labels: dict[str, str]
    by_region: list[dict] = field(default_factory=list)
    cities: int = 0

    @property
    def weeks(self) -> int:
        if not self.campaign:
            return 0
        return ((self.campaign.ends_on - self.campaign.starts_on).days + 6) // 7


def results(stops: QuerySet, *, campaign: Campaign | None = None) -> Results:
    """Results of the given stops (a campaign's, or one): a bounded number of queries, whatever their number."""
    stop_list = list(stops.select_related("region", "host", "campaign").order_by("day", "opens_at", "city"))
    ids = [s.pk for s in stop_list]
    by_stop = attendance_by_stop(stops=Stop.objects.filter(pk__in=ids))
    counted = outcomes.counts(ids)
    labels = {o.code: str(o.label) for o in outcomes.outcomes()}
    rows = [
        StopRow(s, {**EMPTY, **by_stop.get(s.pk, {})}, {code: counted[code].get(s.pk, 0) for code in counted})
        for s in stop_list
    ]
    totals = {k: sum(r.counts[k] for r in rows) for k in EMPTY}
    outcome_totals = {code: sum(r.outcomes[code] for r in rows) for code in counted}
    regions: dict[int, dict] = defaultdict(lambda: {**EMPTY, "stops": 0, **dict.fromkeys(counted, 0)})
    names = {}
    for r in rows:
        bucket = regions[r.stop.region_id]
        names[r.stop.region_id] = r.stop.region
        bucket["stops"] += 1
        for k in EMPTY:
            bucket[k] += r.counts[k]
        for code in counted:
            bucket[code] += r.outcomes[code]
    by_region = [
        {"region": names[rid], **values} for rid, values in sorted(regions.items(), key=lambda i: names[i[0]].code)
    ]
    return Results(campaign, rows, totals, outcome_totals, labels, by_region, len({s.city for s in stop_list}))


def campaign_results(campaign: Campaign) -> Results:
    return results(campaign.stops.all(), campaign=campaign)


def calendar(
    *, campaign: Campaign | None = None, region=None, public: bool = True, upcoming_first: bool = False
) -> QuerySet:
    """The public calendar: every stop (a cancelled one shown as such) of the published campaigns and of those that
    took place (closed), by day; a draft or cancelled campaign is not shown. ``upcoming_first`` (the pages and the
    feeds): the stops to come, soonest first, then those past, most recent first; each annotated ``is_past``."""
    stops = Stop.objects.select_related("campaign", "region", "host", "province")
    if public:  # an officer preparing a draft campaign sees its stops (``public=False``)
        stops = stops.filter(campaign__state__in=PUBLIC_CAMPAIGN_STATES)
    if campaign is not None:
        stops = stops.filter(campaign=campaign)
    if region is not None:
        stops = stops.filter(region=region)
    if upcoming_first:
        from moukawil.core import clock

        past = Q(day__lt=clock.today())
        return stops.annotate(
            is_past=Case(When(past, then=Value(True)), default=Value(False), output_field=BooleanField())
        ).order_by(
            "is_past",
            Case(When(~past, then=F("day"))).asc(nulls_last=True),
            Case(When(past, then=F("day"))).desc(nulls_last=True),
            "opens_at",
            "city",
        )
    return stops.order_by("day", "opens_at", "city")


def places_left(stop: Stop) -> int:
    taken = (
        Registration.objects.filter(stop=stop, state__in=[State.CONFIRMED, State.PRESENT])
        .exclude(channel=Channel.WALK_IN)
        .count()
    )
    return max(stop.capacity - taken, 0)


def upcoming_for(user, *, limit: int = 4) -> list[Stop]:
    """The next stops a home page shows: an officer's region's (to prepare the check-in), else every region's."""
    from moukawil.core import clock

    stops = calendar().filter(day__gte=clock.today(), state__in=OPEN_STOP_STATES)
    if getattr(user, "is_authenticated", False) and user.role != "entrepreneur":
        stops = stops.filter(pk__in=Stop.objects.visible_to(user).values("pk"))
    return list(stops[:limit])


def stops_open_for_filing(user) -> QuerySet:
    """The stops an officer may say a register application was filed at: held or scheduled, of a published
    campaign, in his region (every region for the agency). The counter form offers them; the service checks the
    same (``caravans.services.stop_check_for_filing``)."""
    return (
        Stop.objects.visible_to(user)
        .filter(state__in=OPEN_STOP_STATES, campaign__state=CampaignState.PUBLISHED)
        .select_related("campaign")
        .order_by("day", "city")
    )
