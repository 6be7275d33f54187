"""Demo enterprises and programmes: a register of TPE across the regions (some run by registered
auto-entrepreneurs), the seed convention's calls for Fès-Meknès (2019 and 2020, closed, with beneficiaries and the
services they received), this year's calls (Infitah with subsidies committed against its budget, the Fès-Meknès
programmes with applications at every step) and next year's Infitah call in preparation, for the what-if.
Written through the services, at their own dates (core.clock.frozen)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from moukawil.accounts.models import User
from moukawil.core import clock
from moukawil.enterprises.models import Court, Enterprise, Sector
from moukawil.enterprises.services import EnterpriseData, enterprise_create
from moukawil.programmes.models import Call, Programme, ProgrammeApplication
from moukawil.programmes.reference import load_catalogue
from moukawil.programmes.services import (
    HolderData,
    application_create,
    application_transition,
    assessment_save,
    call_create,
    call_publish,
    service_record,
    subsidy_commit,
)
from moukawil.registry.models import Registration
from moukawil.territory.models import Province, Region

from .names import names_by_kind

WORDS = ["Atlas", "Saïss", "Nour", "Zitoun", "Argane", "Oasis", "Medina", "Rif", "Sahara", "Tafilalet", "Andalous",
         "Majorelle", "Ifrane", "Volubilis", "Toubkal", "Dadès"]  # fmt: skip
TRADES = {
    "C": "Ateliers", "F": "Bâtiment", "G": "Commerce", "H": "Transports", "I": "Restauration", "J": "Digital",
    "M": "Conseil", "N": "Services", "S": "Services à la personne", "A": "Coopérative",
}  # fmt: skip
SERVICES = [
    ("Diagnostic de l'entreprise", "CCIS"), ("Coaching en gestion", "Cabinet Saïss Conseil"),
    ("Formation au marketing digital", "Atlas Formation"), ("Montage du dossier de financement", "CCIS"),
]  # fmt: skip
REFUSAL = "Projet insuffisamment décrit ; vous pouvez candidater à la prochaine édition."


def _at(day: date, hour: int = 11) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _build_enterprises(rng: random.Random, count: int) -> None:
    agency = User.objects.get(email="agence@demo.moukawil.ma")
    sectors = {s.code: s for s in Sector.objects.all()}
    courts = {c.region_id: c for c in Court.objects.filter(kind="commercial")}
    any_court = Court.objects.filter(kind="commercial").first()
    provinces = list(Province.objects.select_related("region"))
    fes = [p for p in provinces if p.region.code == "03"]
    family = names_by_kind()["family"]
    for index in range(count):
        province = rng.choice(fes if index % 3 == 0 else provinces)  # Fès-Meknès over-represented (the convention)
        code = rng.choice(list(TRADES))
        turnover = Decimal(int(rng.lognormvariate(13.2, 1.1)))
        legal = rng.random() < 0.55
        created = date(2026, 6, 1) - timedelta(days=rng.randint(60, 20 * 365))
        has_rc = legal or rng.random() < 0.3
        data = EnterpriseData(
            legal_kind="legal" if legal else "natural",
            name=f"{TRADES[code]} {rng.choice(WORDS)} {rng.choice(family).latin}" + (" SARL" if legal else ""),
            created_on=created, sector=sectors[code], province=province, last_turnover=str(turnover),
            turnover_year=max(2025, created.year), owner_gender="F" if rng.random() < 0.3 else "M",
            rc_court=courts.get(province.region_id, any_court) if has_rc else None,
            rc_number=str(20000 + index) if has_rc else "",
            tp_number="" if has_rc or rng.random() < 0.4 else str(40000000 + index),
            tax_id=str(1000000 + index * 7), employees=rng.randint(0, 12), is_rural=rng.random() < 0.22,
            is_innovative=code in ("J", "M") and rng.random() < 0.4,
        )  # fmt: skip
        enterprise_create(actor=agency, data=data)
    # Auto-entrepreneurs with an enterprise file: the demo entrepreneur and a few others (no RC, no TP: the status
    # exempts them), which the Infitah checklist refuses with its reason, and Nawat accepts.
    for registration in Registration.objects.filter(status="active").select_related("person__user", "activity")[:12]:
        person = registration.person
        data = EnterpriseData(
            legal_kind="natural", name=f"{person.full_name} — {registration.activity.name_fr[:60]}",
            created_on=registration.registered_on, sector=sectors["S" if registration.activity.category == "services"
                                                                   else "C"],
            province=person.province, last_turnover=str(rng.randint(40_000, 180_000)),
            turnover_year=max(2025, registration.registered_on.year),
            owner_gender=person.gender,
        )  # fmt: skip
        enterprise_create(actor=agency, data=data, owner=person.user, registration=registration)


def _review(application, officer, rng, *, decision: str) -> ProgrammeApplication:
    application = application_transition(actor=officer, application=application, name="start_review")
    if decision == "review":
        return application
    assessment_save(actor=officer, application=application, score=rng.randint(9, 18),
                    comment=rng.choice(["Projet solide, besoin réel.", "Dossier complet.", "Potentiel de croissance.",
                                        "Besoin d'accompagnement en gestion."]))  # fmt: skip
    if decision == "accept":
        return application_transition(actor=officer, application=application, name="accept")
    if decision == "wait":
        return application_transition(actor=officer, application=application, name="wait_list",
                                      reason="Quota de la région atteint pour cette édition.")  # fmt: skip
    return application_transition(actor=officer, application=application, name="refuse", reason=REFUSAL)


def _edition(programme, year: int, budget, agency, *, quotas: dict[str, int]) -> Call:
    """A published call of ``programme`` for ``year``, created ten days before it opens."""
    opens, closes = date(year, 1, 15), date(year, 11, 30)
    with clock.frozen(_at(opens - timedelta(days=10))):
        call = call_create(actor=agency, programme=programme, name=f"{programme.name_fr} — {year}", year=year,
                           budget=budget, opens_on=opens, closes_on=closes, quotas=quotas)  # fmt: skip
        call = call_publish(actor=agency, call=call)
    return call


def build_programmes(*, rng: random.Random, enterprises: int) -> dict[str, int]:
    if Call.objects.exists():
        return {"enterprises": Enterprise.objects.count(), "calls": Call.objects.count()}
    if not Programme.objects.exists():
        load_catalogue(Programme)
    _build_enterprises(rng, enterprises)
    agency = User.objects.get(email="agence@demo.moukawil.ma")
    fes_officer = User.objects.get(email="ccis.fes@demo.moukawil.ma")
    officers = {u.region_id: u for u in User.objects.filter(role="ccis_officer", email__endswith="@demo.moukawil.ma")}
    programmes = {p.code: p for p in Programme.objects.all()}
    fes = Region.objects.get(code="03")
    today = timezone.localdate()
    family, given = names_by_kind()["family"], names_by_kind()["given_male"] + names_by_kind()["given_female"]

    # The seed convention (CCIS Fès-Meknès × ANPME): 2019 and 2020 editions, closed, with their beneficiaries.
    quotas = {"promotion-tpme-rurale": (20, 60), "accompagnement-porteurs": (200, 600),
              "post-creation-innovantes": (20, 40)}  # fmt: skip
    for code, (q2019, q2020) in quotas.items():
        for year, quota in ((2019, q2019), (2020, q2020)):
            call = _edition(programmes[code], year, 0, agency, quotas={"03": quota})
            _fill(call, rng, fes_officer, officers, fes, family, given, count=min(quota, 6), year=year)
            Call.objects.filter(pk=call.pk).update(status=Call.Status.CLOSED)
    # This year: the three Fès-Meknès programmes and Infitah, open.
    for code, quota in (("promotion-tpme-rurale", 60), ("accompagnement-porteurs", 600),
                        ("post-creation-innovantes", 40)):  # fmt: skip
        call = _edition(programmes[code], today.year, 0, agency, quotas={"03": quota})
        _fill(call, rng, fes_officer, officers, fes, family, given, count=8, year=today.year)
    infitah = _edition(programmes["infitah"], today.year, Decimal("15000000"), agency, quotas={})  # national
    _fill(infitah, rng, fes_officer, officers, fes, family, given, count=30, year=today.year, national=True)
    # Next year's Infitah, in preparation: the agency tries criteria, rates and caps before publishing.
    call_create(actor=agency, programme=programmes["infitah"], name=f"Infitah — {today.year + 1}", year=today.year + 1,
                budget=Decimal("15000000"), opens_on=date(today.year + 1, 1, 15),
                closes_on=date(today.year + 1, 12, 15))  # fmt: skip
    return {"enterprises": Enterprise.objects.count(), "calls": Call.objects.count(),
            "programme_applications": ProgrammeApplication.objects.count()}  # fmt: skip


def _fill(call, rng, fes_officer, officers, fes, family, given, *, count: int, year: int, national: bool = False):
    """Applications to ``call``, filed during its year and decided a few weeks later; beneficiaries get their
    services (support programmes) or their subsidy (Infitah)."""
    programme = call.programme
    day = min(call.opens_on + timedelta(days=20), timezone.localdate())
    if programme.audience == "holders":
        candidates = [None] * count
    else:
        pool = Enterprise.objects.filter(created_on__lt=call.opens_on).select_related("region", "sector",
                                                                                       "registration")  # fmt: skip
        if not national:
            pool = pool.filter(region=fes)
        if programme.code == "promotion-tpme-rurale":
            pool = pool.filter(is_rural=True)
        if programme.code == "post-creation-innovantes":
            pool = pool.filter(is_innovative=True)
        candidates = list(pool.order_by("pk")[: count * 3])
        rng.shuffle(candidates)
        candidates = candidates[:count]
    for index, enterprise in enumerate(candidates):
        officer = officers[enterprise.region_id] if enterprise is not None else fes_officer
        filed = day + timedelta(days=index)
        with clock.frozen(_at(min(filed, timezone.localdate()))):
            if enterprise is None:
                holder = HolderData(
                    name=f"{rng.choice(given).latin} {rng.choice(family).latin}",
                    cin=f"{rng.choice('ABCDEFGHJK')}{rng.choice('ABCDEFGHJK')}{rng.randint(100000, 999999)}",
                    region=fes, is_rural=rng.random() < 0.3,
                    project_summary=rng.choice(["Atelier de couture traditionnelle", "Épicerie fine de produits du "
                                                "terroir", "Agence de développement web", "Unité de séchage de "
                                                "plantes aromatiques"]),
                )  # fmt: skip
                application = application_create(actor=officer, call=call, holder=holder)
            else:
                application = application_create(actor=officer, call=call, enterprise=enterprise)
        if application.state != "submitted":
            continue  # ineligible at screening: the reasons are on the file
        decision = (
            "accept"
            if year < timezone.localdate().year
            else rng.choice(["accept", "accept", "accept", "review", "wait", "refuse", "submitted"])
        )
        if decision == "submitted":
            continue
        decided = min(filed + timedelta(days=rng.randint(7, 30)), timezone.localdate())
        with clock.frozen(_at(decided, 15)):
            application = _review(application, officer, rng, decision=decision)
            if application.state != "accepted":
                continue
            if programme.benefit_kind == "subsidy":
                subsidy_commit(actor=officer, application=application)
            else:
                for description, provider in rng.sample(SERVICES, 2):
                    service_record(actor=officer, application=application, description=description,
                                   provider=provider, sessions=rng.randint(1, 4), hours=rng.choice([2, 3, 6, 7.5]),
                                   delivered_on=decided)  # fmt: skip
