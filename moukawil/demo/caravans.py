"""The two Infitah caravans of the seed (shared/seeds/004): caravan 1 went through 18 cities in 7 weeks in May with
1,700 enterprises present; caravan 2, from 28 September over 4 weeks, held 10 regional forums at the chambers of
Tétouan, Oujda, Nador, Al Hoceïma, Errachidia, Khouribga, El Kelâa des Sraghna, Safi, Essaouira and Dakhla.

Written through the services at their own dates (core.clock.frozen): each campaign published once its stops are
set, registrations before each stop (some on the waiting list, some cancelled), then on the day the stop's check-in
opened (held), register applications filed there by the chamber's officer (the report's "applications filed"), the
check-in synced as a device would send it, walk-ins included, and the stop closed in the evening — so that the
campaign report counts 1,700 present for caravan 1, which is closed. 1,500 of them leave with their permis
numérique, issued by the Infitah services at the stop (``demo.infitah.caravan_permits``) and counted by Infitah's
outcome provider. Caravan 2 is published while it runs, its stops closed, held or scheduled according to today's
date, and closed once its last forum is past."""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from moukawil.accounts.models import User
from moukawil.caravans.models import Campaign, Registration, Service
from moukawil.caravans.services import (
    Registrant,
    campaign_create,
    campaign_transition,
    registration_cancel,
    registration_create,
    scans_sync,
    stop_create,
    stop_transition,
)
from moukawil.core import clock
from moukawil.programmes.models import Programme
from moukawil.territory.enums import OrganisationKind
from moukawil.territory.models import Organisation, Province

from .infitah import caravan_permits
from .names import names_by_kind

# (city, city in Arabic, province code)
CARAVAN_1 = [
    ("Casablanca", "الدار البيضاء", "MA-CAS"), ("Rabat", "الرباط", "MA-RAB"), ("Kénitra", "القنيطرة", "MA-KEN"),
    ("Tanger", "طنجة", "MA-TNG"), ("Larache", "العرائش", "MA-LAR"), ("Fès", "فاس", "MA-FES"),
    ("Meknès", "مكناس", "MA-MEK"), ("Taza", "تازة", "MA-TAZ"), ("Oujda", "وجدة", "MA-OUJ"),
    ("Béni Mellal", "بني ملال", "MA-BEM"), ("Settat", "سطات", "MA-SET"), ("El Jadida", "الجديدة", "MA-JDI"),
    ("Marrakech", "مراكش", "MA-MAR"), ("Ouarzazate", "ورزازات", "MA-OUA"), ("Agadir", "أكادير", "MA-AGD"),
    ("Guelmim", "كلميم", "MA-GUE"), ("Laâyoune", "العيون", "MA-LAA"), ("Safi", "آسفي", "MA-SAF"),
]  # fmt: skip
CARAVAN_2 = [
    ("Tétouan", "تطوان", "MA-TET"), ("Oujda", "وجدة", "MA-OUJ"), ("Nador", "الناظور", "MA-NAD"),
    ("Al Hoceïma", "الحسيمة", "MA-HOC"), ("Errachidia", "الرشيدية", "MA-ERR"), ("Khouribga", "خريبكة", "MA-KHO"),
    ("El Kelâa des Sraghna", "قلعة السراغنة", "MA-KES"), ("Safi", "آسفي", "MA-SAF"), ("Essaouira", "الصويرة", "MA-ESI"),
    ("Dakhla", "الداخلة", "MA-OUD"),
]  # fmt: skip
CARAVAN_1_PRESENT = 1700
CARAVAN_1_PERMITS = 1500
CARAVAN_2_FILINGS = 6  # register applications filed at each of caravan 2's forums held (register sign-up on site)


def _first_monday(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7)


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    weights = [rng.uniform(0.7, 1.3) for _ in range(parts)]
    shares = [int(total * w / sum(weights)) for w in weights]
    shares[0] += total - sum(shares)
    return shares


def _people(rng: random.Random, count: int) -> list[tuple[str, str]]:
    names = names_by_kind()
    people = []
    for _ in range(count):
        woman = rng.random() < 0.31  # the register's share of women (REFERENCE.md, 2019)
        first = rng.choice(names["given_female"] if woman else names["given_male"]).latin
        people.append((f"{first} {rng.choice(names['family']).latin}", "F" if woman else "M"))
    return people


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _file_applications(*, officer, stop, count: int, rng: random.Random) -> int:
    """Register applications filed at the stop's counter by its chamber's officer, through the registry's service
    (``stop=``): counted by the campaign report as "applications filed"."""
    from moukawil.core.errors import BusinessError
    from moukawil.registry.enums import Channel
    from moukawil.registry.models import Activity
    from moukawil.registry.services import application_create

    from .register import _applicant

    activities = list(Activity.objects.filter(excluded=False, needs_review=False).order_by("code")[:200])
    filed = 0
    for n in range(count):
        applicant = _applicant(rng, 500_000 + stop.pk * 100 + n, stop.province, female=rng.random() < 0.31)
        with clock.frozen(_at(stop.day, 11, n)):
            try:
                application_create(actor=officer, applicant=applicant, activity=rng.choice(activities),
                                   channel=Channel.COUNTER, stop=stop)  # fmt: skip
            except BusinessError:  # an identity the register already holds: not filed twice
                continue
        filed += 1
    return filed


def _stop_people(
    *, agency, officer_of, stop, present: int, rng: random.Random, held: bool, closed: bool, filings: int = 0
) -> None:
    """Registrations before the stop (a few cancelled); if the stop has taken place (``held``): its check-in opened
    on the day, register applications filed there, the check-in synced with its walk-ins, and the stop closed in
    the evening (``closed``) unless it is today's."""
    walk_ins = max(1, present // 12)
    arrive = present - walk_ins
    absent = max(2, arrive // 9)
    registered = arrive + absent
    people = _people(rng, registered + walk_ins)
    officer = officer_of.get(stop.region_id, agency)
    with clock.frozen(timezone.make_aware(datetime.combine(stop.day - timedelta(days=10), time(10)))):
        rows = [
            registration_create(
                actor=officer, stop=stop, channel="counter" if i % 3 else "bulk", notify=False,
                registrant=Registrant(name=name, gender=gender, enterprise_name=f"TPE {name.split()[-1]}"),
            )
            for i, (name, gender) in enumerate(people[:registered])
        ]  # fmt: skip
        for row in rows[arrive : arrive + 2]:
            registration_cancel(actor=officer, registration=row, reason="Empêché")
    if not held:
        return
    with clock.frozen(_at(stop.day, 8, 30)):
        stop_transition(actor=officer, stop=stop, name="hold")
    if filings and Service.REGISTER in stop.services:
        _file_applications(officer=officer, stop=stop, count=filings, rng=rng)
    holders = list(Registration.objects.filter(stop=stop, state="confirmed").order_by("seq"))[:arrive]
    moment = timezone.make_aware(datetime.combine(stop.day, time(16)))
    with clock.frozen(moment):
        start = moment - timedelta(hours=6)
        scans = [
            {"uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "code": r.code,
             "scanned_at": (start + timedelta(seconds=20 * i)).isoformat()}
            for i, r in enumerate(holders)
        ]  # fmt: skip
        walks = [
            {"uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "name": name, "gender": gender,
             "scanned_at": (start + timedelta(minutes=i)).isoformat()}
            for i, (name, gender) in enumerate(people[registered:])
        ]  # fmt: skip
        scans_sync(actor=officer, stop=stop, device="demo-accueil-1", scans=scans, walk_ins=walks)
    if closed:
        with clock.frozen(_at(stop.day, 17, 30)):
            stop_transition(actor=officer, stop=stop, name="close")


def _campaign(*, code, title_fr, title_ar, start: date, weeks: int, cities, present_total: int, rng, agency,
              officer_of, hosts, organiser, programme, close: bool = False, filings: int = 0) -> Campaign:  # fmt: skip
    """``close``: the campaign is over (every stop held and closed, then the campaign); else its stops are held
    up to today and the campaign stays published."""
    with clock.frozen(timezone.make_aware(datetime.combine(start - timedelta(days=30), time(9)))):
        campaign = campaign_create(
            actor=agency, code=code, title_fr=title_fr, title_ar=title_ar, starts_on=start,
            ends_on=start + timedelta(days=7 * weeks - 3), programme=programme, organiser=organiser,
            summary_fr="Initiation gratuite des TPE aux technologies de l'information, délivrance du permis "
            "numérique et présentation du pack TI subventionné.",
            summary_ar="تعريف المقاولات الصغيرة جدا مجانا بتكنولوجيا المعلومات وتسليم الرخصة الرقمية.",
        )  # fmt: skip
        provinces = {p.code: p for p in Province.objects.filter(code__in=[c[2] for c in cities])}
        span = 7 * weeks - 3
        stops = []
        for i, (city, city_ar, code_p) in enumerate(cities):
            day = start + timedelta(days=round(i * span / max(len(cities) - 1, 1)))
            if day.weekday() >= 5:
                day -= timedelta(days=day.weekday() - 4)
            province = provinces[code_p]
            stops.append(stop_create(
                actor=agency, campaign=campaign, city=city, city_ar=city_ar, province=province,
                host=hosts.get(province.region_id), venue=f"Siège de la CCIS, {city}",
                venue_ar=f"مقر الغرفة، {city_ar}", day=day, opens_at=time(9),
                closes_at=time(17), capacity=140,
                services=[Service.TRAINING, Service.PERMIT, Service.REGISTER],
            ))  # fmt: skip
        campaign_transition(actor=agency, campaign=campaign, name="publish")
    today = clock.today()
    for stop, present in zip(stops, _split(present_total, len(stops), rng), strict=True):
        _stop_people(agency=agency, officer_of=officer_of, stop=stop, present=present, rng=rng,
                     held=close or stop.day <= today, closed=close or stop.day < today, filings=filings)  # fmt: skip
    if close:
        with clock.frozen(_at(campaign.ends_on + timedelta(days=1), 10)):
            campaign_transition(actor=agency, campaign=campaign, name="close")
    return campaign


def build_caravans(*, rng: random.Random) -> dict[str, int]:
    if Campaign.objects.filter(code="infitah-caravane-1").exists():
        return {"caravan_stops": Campaign.objects.get(code="infitah-caravane-1").stops.count()}
    agency = User.objects.get(email="agence@demo.moukawil.ma")
    officer_of = {u.region_id: u for u in User.objects.filter(role="ccis_officer", is_active=True).order_by("pk")}
    hosts = {o.region_id: o for o in Organisation.objects.filter(kind=OrganisationKind.CCIS).order_by("pk")}
    organiser = Organisation.objects.filter(acronym="Maroc PME").first()
    programme = Programme.objects.filter(code="infitah").first()
    year = clock.today().year
    common = {"rng": rng, "agency": agency, "officer_of": officer_of, "hosts": hosts, "organiser": organiser,
              "programme": programme}  # fmt: skip
    first = _campaign(code="infitah-caravane-1", title_fr="Caravane Infitah 1", title_ar="قافلة انفتاح 1",
                      start=_first_monday(date(year, 5, 1)), weeks=7, cities=CARAVAN_1,
                      present_total=CARAVAN_1_PRESENT, close=True, **common)  # fmt: skip
    # The Infitah step ran before: its services issue caravan 1's permits at the stops (counted by the report).
    permits = caravan_permits(campaign=first, total=CARAVAN_1_PERMITS, agency=agency, officer_of=officer_of)
    # Closed once its last forum is past (a demo made in November showed it "registration open" with every stop
    # closed); published while it runs.
    second_start = date(year, 9, 28)
    _campaign(code="infitah-caravane-2", title_fr="Caravane Infitah 2 — forums régionaux",
              title_ar="قافلة انفتاح 2 — المنتديات الجهوية", start=second_start, weeks=4, cities=CARAVAN_2,
              present_total=640, filings=CARAVAN_2_FILINGS,
              close=second_start + timedelta(days=7 * 4 - 3) < clock.today(), **common)  # fmt: skip
    _information_days(rng=rng, agency=agency, officer_of=officer_of, hosts=hosts, organiser=organiser)
    return {
        "caravan_stops": 32,
        "caravan_present": Registration.objects.filter(state="present").count(),
        "caravan_permits": permits,
    }


UPCOMING = [("Fès", "فاس", "MA-FES", 7, 25, 30), ("Casablanca", "الدار البيضاء", "MA-CAS", 12, 40, 22),
            ("Marrakech", "مراكش", "MA-MAR", 19, 35, 18), ("Oujda", "وجدة", "MA-OUJ", 26, 30, 12)]  # fmt: skip


def _information_days(*, rng, agency, officer_of, hosts, organiser) -> None:
    """The chambers' information days on the auto-entrepreneur register, in the coming weeks: places to register
    for, Fès already full (a waiting list), the demo entrepreneur registered there."""
    today = clock.today()
    campaign = campaign_create(
        actor=agency, code="journees-auto-entrepreneur", title_fr="Journées d'information — auto-entrepreneur",
        title_ar="أيام إخبارية — المقاول الذاتي", starts_on=today + timedelta(days=7),
        ends_on=today + timedelta(days=26), organiser=organiser,
        summary_fr="Le statut, l'inscription au registre sur place, la déclaration du chiffre d'affaires.",
        summary_ar="نظام المقاول الذاتي، التسجيل في السجل في عين المكان، التصريح برقم المعاملات.",
    )  # fmt: skip
    provinces = {p.code: p for p in Province.objects.filter(code__in=[u[2] for u in UPCOMING])}
    entrepreneur = User.objects.filter(email="entrepreneur@demo.moukawil.ma").first()
    stops = [
        stop_create(
            actor=agency, campaign=campaign, city=city, city_ar=city_ar, province=provinces[code],
            host=hosts.get(provinces[code].region_id), venue=f"Siège de la CCIS, {city}",
            venue_ar=f"مقر الغرفة، {city_ar}",
            day=today + timedelta(days=days), opens_at=time(9, 30), closes_at=time(13), capacity=capacity,
            services=[Service.REGISTER, Service.ADVICE],
        )
        for city, city_ar, code, days, capacity, _registered in UPCOMING
    ]  # fmt: skip
    campaign_transition(actor=agency, campaign=campaign, name="publish")
    for stop, (_city, _city_ar, code, _days, _capacity, registered) in zip(stops, UPCOMING, strict=True):
        province = provinces[code]
        officer = officer_of.get(province.region_id, agency)
        if entrepreneur is not None and code == "MA-FES":
            registration_create(actor=entrepreneur, stop=stop, notify=False, registrant=Registrant(
                name=entrepreneur.display_name, gender="F", email=entrepreneur.email))  # fmt: skip
        for name, gender in _people(rng, registered):
            registration_create(actor=officer, stop=stop, channel="counter", notify=False,
                                registrant=Registrant(name=name, gender=gender))  # fmt: skip
