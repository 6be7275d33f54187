"""Reads on the register, always through ``visible_to(user)``."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from moukawil.accounts.scoping import scope_key
from moukawil.core.counts import kept_when_large, key_of

from .enums import DuplicateStatus
from .identity import name_key
from .models import Application, DuplicateSuspicion, Registration
from .reads import log_cin_search
from .workflow import State


def _search(q: str, prefix: str = "") -> Q:
    """CIN, reference or number exactly; names by their cross-spelling key or by substring."""
    q = q.strip()
    cond = (
        Q(**{f"{prefix}person__cin": q.replace(" ", "").upper()})
        | Q(**{f"{prefix}person__last_name__icontains": q})
        | Q(**{f"{prefix}person__first_name__icontains": q})
        | Q(**{f"{prefix}person__last_name_ar__icontains": q})
    )
    parts = q.split()
    if len(parts) >= 2:
        key = name_key(parts[0], " ".join(parts[1:]))
        if key:
            cond |= Q(**{f"{prefix}person__name_key": key}) | Q(**{f"{prefix}person__name_key_ar": key})
    return cond


# What an officer still has to act on, oldest deadline first.
TODO_STATES = (State.SUBMITTED, State.UNDER_REVIEW, State.CONTESTED)


def application_list(
    *, user, state: str | None = None, q: str | None = None, region_code: str | None = None,
    channel: str | None = None, overdue: bool = False,
) -> QuerySet:  # fmt: skip
    applications = Application.objects.visible_to(user).select_related("person", "activity", "region")
    if state == "todo":
        applications = applications.filter(state__in=TODO_STATES)
    elif state:
        applications = applications.filter(state=state)
    if region_code:
        applications = applications.filter(region__code=region_code)
    if channel:
        applications = applications.filter(channel=channel)
    if overdue:
        applications = applications.filter(state__in=TODO_STATES, due_at__lt=timezone.now())
    if q:
        log_cin_search(user=user, q=q, via="demandes")
        applications = applications.filter(_search(q) | Q(reference=q.strip().upper()))
    return applications.order_by("due_at", "pk") if state or overdue else applications.order_by("-created_at", "-pk")


def registration_list(*, user, q: str | None = None, status: str | None = None, region_code: str | None = None):
    registrations = Registration.objects.visible_to(user).select_related("person", "activity", "region")
    if status:
        registrations = registrations.filter(status=status)
    if region_code:
        registrations = registrations.filter(region__code=region_code)
    if q:
        log_cin_search(user=user, q=q, via="inscriptions")
        registrations = registrations.filter(_search(q) | Q(number=q.strip()))
    return registrations.order_by("-year", "-sequence")


def duplicate_list(*, user, status: str | None = "open") -> QuerySet:
    suspicions = DuplicateSuspicion.objects.visible_to(user).select_related("person", "other", "application")
    if status:
        suspicions = suspicions.filter(status=status)
    return suspicions.order_by("created_at", "pk")


def register_figures(*, user, year: int | None = None) -> dict:
    """The figures dashboards need: applications vs registrations, by region, gender, category and month
    (within the user's scope). A handful of grouped queries, whatever the size of the register."""
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    from .enums import RegistrationStatus

    applications = Application.objects.visible_to(user).exclude(state=State.DRAFT)
    registrations = Registration.objects.visible_to(user)
    if year:
        applications = applications.filter(submitted_at__year=year)
        registrations = registrations.filter(year=year)

    def grouped(queryset, field):
        return dict(queryset.order_by().values_list(field).annotate(n=Count("pk")))

    def monthly(queryset, field):  # datetimes and dates truncate to different types: key by "YYYY-MM"
        return {f"{m:%Y-%m}": n for m, n in grouped(queryset.annotate(month=TruncMonth(field)), "month").items() if m}

    by_month_apps = monthly(applications, "submitted_at")
    by_month_regs = monthly(registrations, "registered_on")
    months = sorted({*by_month_apps, *by_month_regs})
    return {
        "applications": applications.count(),
        "registrations": registrations.count(),
        "active": registrations.filter(status=RegistrationStatus.ACTIVE).count(),
        "struck_off": registrations.filter(status=RegistrationStatus.STRUCK_OFF).count(),
        "by_region": {
            "applications": grouped(applications, "region__code"),
            "registrations": grouped(registrations, "region__code"),
        },
        "by_gender": {
            "applications": grouped(applications, "person__gender"),
            "registrations": grouped(registrations, "person__gender"),
        },
        "by_category": {
            "applications": grouped(applications, "activity__category"),
            "registrations": grouped(registrations, "activity__category"),
        },
        "by_month": [
            {"month": m, "applications": by_month_apps.get(m, 0), "registrations": by_month_regs.get(m, 0)}
            for m in months
        ],
    }


WORK_COUNTS_SECONDS = 60


def work_counts(*, user) -> dict[int, dict[str, int]]:
    """What waits for officers, by region id: applications submitted, under review, waiting for the applicant's
    complement, overdue (still to act on past their due date, as the queue's « en retard » filter), and likely
    duplicates to review. Two grouped queries, whatever the size of the register; once the files to count reach
    ``core.counts.EXACT_BELOW`` (the national agency's 88,000 open files: 30 ms of the database's time at every
    home page, docs/benchmarks.md, session 10), counted at most once a minute for readers of the same scope."""
    return kept_when_large(key_of("count:work", scope_key(user)), lambda: _work_counts(user), _files_counted,
                           seconds=WORK_COUNTS_SECONDS)  # fmt: skip


def _files_counted(counts: dict[int, dict[str, int]]) -> int:
    return sum(row.get("submitted", 0) + row.get("under_review", 0) + row.get("info_requested", 0)
               for row in counts.values())  # fmt: skip


def _work_counts(user) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    applications = (
        Application.objects.visible_to(user)
        .filter(state__in=[*TODO_STATES, State.INFO_REQUESTED])
        .order_by()
        .values("region")
        .annotate(
            submitted=Count("pk", filter=Q(state=State.SUBMITTED)),
            under_review=Count("pk", filter=Q(state=State.UNDER_REVIEW)),
            info_requested=Count("pk", filter=Q(state=State.INFO_REQUESTED)),
            overdue=Count("pk", filter=Q(state__in=TODO_STATES, due_at__lt=timezone.now())),
        )
    )
    for row in applications:
        counts[row.pop("region")].update(row)
    duplicates = (
        DuplicateSuspicion.objects.visible_to(user)
        .filter(status=DuplicateStatus.OPEN)
        .order_by()
        .values("region")
        .annotate(n=Count("pk"))
    )
    for row in duplicates:
        counts[row["region"]]["duplicates"] = row["n"]
    return dict(counts)


class ActivityIndex:
    """The activities an applicant may name — open ones and excluded professions — by code and by name (French or
    Arabic, ``reference.name_fold``), loaded in one query: how an import's « activite » cell and the API's
    ``activity_code`` are read. An excluded profession named either way is found, so that it is refused as such."""

    def __init__(self) -> None:
        from .models import Activity
        from .reference import name_fold

        self.by_code: dict[str, Activity] = {}
        self._by_name: dict[str, Activity] = {}
        activities = Activity.objects.filter(is_active=True).select_related("excluded_profession")
        for activity in sorted(activities, key=lambda a: a.excluded):  # an excluded profession wins a shared name
            self.by_code[activity.code] = activity
            for name in (activity.name_fr, activity.name_ar):
                if folded := name_fold(name):
                    self._by_name[folded] = activity
        self._fold = name_fold

    def find(self, text: str | None):
        text = (text or "").strip()
        return self.by_code.get(text.upper()) or self._by_name.get(self._fold(text))
