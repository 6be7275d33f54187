"""Demo files of the register: applications in every state, registrations, a striking off, likely duplicates.
Written through the registry services, by each region's demo chamber officer."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from moukawil.accounts.enums import Role
from moukawil.accounts.models import User
from moukawil.core import clock
from moukawil.registry.enums import Channel, RejectionReason, StrikeOffReason
from moukawil.registry.models import Activity, Application, Registration
from moukawil.registry.services import (
    ApplicantData,
    application_create,
    application_transition,
    registration_strike_off,
)
from moukawil.territory.models import Province

from .names import names_by_kind

# Share of the outcomes of the demo files (the rest stay submitted); roughly the register's published ratio of
# 93,000 registered for 107,000 applicants.
OUTCOMES = [
    ("approve", 0.62), ("start_review", 0.08), ("request_info", 0.06), ("reject", 0.06), ("contest", 0.03),
    ("strike_off", 0.03),
]  # fmt: skip
MOBILE_PREFIXES = ["661", "662", "670", "612", "650", "700"]  # ranges that phonenumbers accepts as Moroccan mobiles
REGION_WEIGHTS = {"01": 10.6, "02": 6.8, "03": 12.5, "04": 13.6, "05": 7.2, "06": 20.3,
                  "07": 13.4, "08": 4.8, "09": 8.0, "10": 1.2, "11": 1.1, "12": 0.5}  # fmt: skip


def _cin(rng: random.Random, index: int) -> str:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    prefix = rng.choice(letters) + (rng.choice(letters) if rng.random() < 0.6 else "")
    return f"{prefix}{100000 + index * 7 % 899999:06d}"


def _applicant(rng: random.Random, index: int, province, *, female: bool) -> ApplicantData:
    names = names_by_kind()
    given = rng.choice(names["given_female" if female else "given_male"])
    family = rng.choice(names["family"])
    birth_date = FIRST_DAY - timedelta(days=rng.randint(19 * 365, 60 * 365))  # adult when the history starts
    return ApplicantData(
        cin=_cin(rng, index),
        first_name=given.latin,
        last_name=family.latin,
        first_name_ar=given.arabic,
        last_name_ar=family.arabic,
        gender="F" if female else "M",
        birth_date=birth_date,
        province=province,
        phone=f"0{rng.choice(MOBILE_PREFIXES)}{rng.randint(100000, 999999)}",
    )


def _variant(given: str) -> str:
    """Another civil-register spelling of a given name (Mohamed → Mohammed), from the names list."""
    for name in names_by_kind()["given_male"] + names_by_kind()["given_female"]:
        if name.latin == given and name.variants:
            return name.variants[0]
    return given


def _female_names() -> set[str]:
    return {name.latin for name in names_by_kind()["given_female"]}


def _outcome(rng: random.Random) -> str:
    roll, total = rng.random(), 0.0
    for name, share in OUTCOMES:
        total += share
        if roll < total:
            return name
    return "submitted"


FIRST_DAY = date(2019, 1, 7)  # demo history starts then (the register opened in 2015)


def _filed_on(index: int, count: int):
    """The day the index-th demo file was filed: from 2019 to a fortnight ago, more and more often (the register
    grew fast: 93,000 registered in 2019, 390,000 active in 2024)."""
    last = timezone.localdate() - timedelta(days=15)
    return FIRST_DAY + timedelta(days=int((last - FIRST_DAY).days * (index / max(count, 1)) ** 0.6))


def _at(day, hour: int = 10):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def build_register(*, rng: random.Random, count: int) -> dict[str, int]:
    """Files dated across the years through the same services (core.clock.frozen): references, registration
    numbers and dates follow their year."""
    existing = Application.objects.count()
    if existing >= count:
        return {"applications": existing, "registrations": Registration.objects.count()}
    officers = {
        u.region_id: u for u in User.objects.filter(role=Role.CCIS_OFFICER, email__endswith="@demo.moukawil.ma")
    }
    provinces_by_region: dict[str, list] = {}
    for province in Province.objects.select_related("region"):
        provinces_by_region.setdefault(province.region.code, []).append(province)
    codes = sorted(provinces_by_region)
    weights = [REGION_WEIGHTS[c] for c in codes]
    activities = list(Activity.objects.filter(excluded=False, needs_review=False).order_by("code"))
    entrepreneur = User.objects.filter(email="entrepreneur@demo.moukawil.ma").first()
    # Generated accounts without a file yet apply online themselves (so that they can follow and contest it).
    online = iter(
        User.objects.filter(
            role=Role.ENTREPRENEUR, email__endswith="@ae.demo.moukawil.ma", person__isnull=True
        ).order_by("pk")
    )

    for index in range(existing, count):
        filed = _filed_on(index, count)
        with clock.frozen(_at(filed)):
            application = _file_one(
                rng, index, provinces_by_region, codes, weights, officers, activities, entrepreneur, online
            )
        decided = min(filed + timedelta(days=rng.randint(2, 25)), timezone.localdate())
        with clock.frozen(_at(decided, 15)):
            _decide(rng, index, application, officers[application.region_id], own=index == 0 and bool(entrepreneur))
    return {"applications": Application.objects.count(), "registrations": Registration.objects.count()}


def _file_one(rng, index, provinces_by_region, codes, weights, officers, activities, entrepreneur, online):
    province = rng.choice(provinces_by_region[rng.choices(codes, weights)[0]])
    officer = officers[province.region_id]
    own = index == 0 and entrepreneur is not None
    applicant = _applicant(rng, index, province, female=own or rng.random() < 0.31)
    if own:  # the demo entrepreneur's own, registered file
        applicant.first_name, applicant.last_name = entrepreneur.first_name, entrepreneur.last_name
        applicant.first_name_ar, applicant.last_name_ar = entrepreneur.first_name_ar, entrepreneur.last_name_ar
    if index % 40 == 39:  # a likely duplicate: the previous person again, under another CIN and spelling
        previous = Application.objects.select_related("person").order_by("-pk").first().person
        applicant.first_name = _variant(previous.first_name)
        applicant.last_name = f"El {previous.last_name}"
        applicant.first_name_ar, applicant.last_name_ar = previous.first_name_ar, previous.last_name_ar
        applicant.birth_date, applicant.gender = previous.birth_date, previous.gender
    actor, channel = officer, rng.choice([Channel.COUNTER, Channel.API])
    if own:
        actor, channel = entrepreneur, Channel.ONLINE
    elif index % 3 == 0 and index % 40 != 39:
        account = next(online, None)
        if account is not None:
            actor, channel = account, Channel.ONLINE
            applicant.first_name, applicant.last_name = account.first_name, account.last_name
            applicant.first_name_ar, applicant.last_name_ar = account.first_name_ar, account.last_name_ar
            applicant.gender = "F" if account.first_name in _female_names() else "M"
    return application_create(
        actor=actor, applicant=applicant, activity=rng.choice(activities), channel=channel,
        works_from_home=rng.random() < 0.42,
    )  # fmt: skip


def _decide(rng, index, application, officer, *, own: bool) -> None:
    outcome = "approve" if own else _outcome(rng)
    if index % 40 == 39:
        outcome = "submitted"  # left for an officer to merge or dismiss
    if outcome in ("approve", "strike_off"):
        application = application_transition(actor=officer, application=application, name="approve")
        if outcome == "strike_off":
            registration_strike_off(
                actor=officer,
                registration=application.registration,
                reason=StrikeOffReason.VOLUNTARY,
                effective_date=application.registration.registered_on,
            )
    elif outcome == "start_review":
        application_transition(actor=officer, application=application, name="start_review")
    elif outcome == "request_info":
        application_transition(
            actor=officer,
            application=application,
            name="request_info",
            reason="Merci de préciser l'adresse où vous exercez votre activité.",
        )
    elif outcome in ("reject", "contest"):
        application = application_transition(
            actor=officer,
            application=application,
            name="reject",
            rejection_reason=RejectionReason.DOCUMENTS,
            reason="La copie de la pièce d'identité est illisible.",
        )
        if outcome == "contest" and application.person.user is not None:
            application_transition(
                actor=application.person.user,
                application=application,
                name="contest",
                reason="Je joins une copie lisible de ma CIN.",
            )
