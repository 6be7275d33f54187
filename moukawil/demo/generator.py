"""A deterministic demo data set, written through the services (so it is audited like real work).

``small`` is what ``make demo`` loads: every role has a login, every region an officer, a few dozen
entrepreneur accounts. ``national`` has the same people plus enough accounts to measure pages and queries at the
scale of the real register (benchmarks). Later capabilities add their own steps to ``STEPS``.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from moukawil.accounts.enums import Role
from moukawil.accounts.models import User
from moukawil.accounts.services import user_create, users_bulk_create
from moukawil.territory.enums import OrganisationKind
from moukawil.territory.models import Organisation, Region
from moukawil.territory.services import organisation_create, territory_load

from .names import names_by_kind

DEMO_PASSWORD = "Moukawil-demo-2026"  # noqa: S105 (published on purpose: demo logins only)
DEMO_DOMAIN = "demo.moukawil.ma"

SCALES = {
    "small": {"entrepreneurs": 60, "applications": 120, "declaring": 120, "enterprises": 150},
    "national": {"entrepreneurs": 100_000, "applications": 5_000, "declaring": 400, "enterprises": 3_000},
}

# Share of the country's self-employed by region (01…12), roughly following population; used to spread demo rows.
REGION_WEIGHTS = {
    "01": 10.6,
    "02": 6.8,
    "03": 12.5,
    "04": 13.6,
    "05": 7.2,
    "06": 20.3,
    "07": 13.4,
    "08": 4.8,
    "09": 8.0,
    "10": 1.2,
    "11": 1.1,
    "12": 0.5,
}

ORGANISATIONS = [
    # kind, name_fr, name_ar, acronym, region code, city
    (
        OrganisationKind.AGENCY,
        "Agence nationale pour la promotion de la PME (Maroc PME)",
        "الوكالة الوطنية للنهوض بالمقاولة الصغرى والمتوسطة",
        "Maroc PME",
        None,
        "Rabat",
    ),
    (
        OrganisationKind.FEDERATION,
        "Fédération des chambres marocaines de commerce, d'industrie et de services",
        "جامعة غرف التجارة والصناعة والخدمات",
        "FCMCIS",
        None,
        "Rabat",
    ),
    (
        OrganisationKind.ASSOCIATION,
        "Fédération marocaine des technologies de l'information (APEBI)",
        "الفيدرالية المغربية لتكنولوجيا المعلومات",
        "APEBI",
        None,
        "Casablanca",
    ),
    (
        OrganisationKind.MINISTRY,
        "Ministère de l'Industrie et du Commerce",
        "وزارة الصناعة والتجارة",
        "MIC",
        None,
        "Rabat",
    ),
    (OrganisationKind.BANK, "Attijariwafa bank", "التجاري وفا بنك", "AWB", None, "Casablanca"),
    (OrganisationKind.VENDOR, "Atlas Numérique SARL (démo)", "أطلس الرقمية", "", "06", "Casablanca"),
    (OrganisationKind.VENDOR, "Saïss Informatique SARL (démo)", "سايس للمعلوميات", "", "03", "Fès"),
    (
        OrganisationKind.MUNICIPAL_COUNCIL,
        "Conseil communal de Taoujdat",
        "المجلس الجماعي لتاوجدات",
        "",
        "03",
        "Taoujdat",
    ),
]


@dataclass
class DemoReport:
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (email, role label, scope)
    counts: dict[str, int] = field(default_factory=dict)


def _ascii(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in _ascii(text)).strip("-").replace("--", "-")


def _organisations(report: DemoReport) -> dict[str, Organisation]:
    regions = {r.code: r for r in Region.objects.all()}
    made = {}
    for kind, name_fr, name_ar, acronym, region_code, city in ORGANISATIONS:
        organisation = Organisation.objects.filter(kind=kind, name_fr=name_fr).first()
        if organisation is None:
            organisation = organisation_create(
                actor=None,
                kind=kind,
                name_fr=name_fr,
                name_ar=name_ar,
                acronym=acronym,
                region=regions.get(region_code) if region_code else None,
                city=city,
            )
        made[acronym or name_fr] = organisation
    report.counts["organisations"] = Organisation.objects.count()
    return made


def _staff(report: DemoReport, organisations: dict[str, Organisation]) -> None:
    regions = {r.code: r for r in Region.objects.all()}
    vendor = Organisation.objects.filter(kind=OrganisationKind.VENDOR).order_by("name_fr").first()
    people = [
        ("admin", Role.ADMIN, "Salma", "Bennani", "سلمى", "بناني", None, None),
        (
            "agence",
            Role.AGENCY_OFFICER,
            "Youssef",
            "El Idrissi",
            "يوسف",
            "الإدريسي",
            None,
            organisations["Maroc PME"],
        ),
        ("ministere", Role.VIEWER, "Nadia", "Tazi", "نادية", "التازي", None, organisations["MIC"]),
        ("banque", Role.BANK_OFFICER, "Karim", "Berrada", "كريم", "برادة", None, organisations["AWB"]),
        ("fournisseur", Role.VENDOR, "Hicham", "Alaoui", "هشام", "العلوي", None, vendor),
        (
            "entrepreneur",
            Role.ENTREPRENEUR,
            "Fatima Zahra",
            "Amrani",
            "فاطمة الزهراء",
            "العمراني",
            None,
            None,
        ),
    ]
    chamber_officers = [
        (f"ccis{code}", Role.CCIS_OFFICER, "Agent", f"CCIS {code}", "موظف", f"الغرفة {code}", code, None)
        for code in sorted(regions)
    ]
    # Named officers for the two regions the demo walks through.
    chamber_officers[2] = ("ccis.fes", Role.CCIS_OFFICER, "Omar", "Fassi", "عمر", "الفاسي", "03", None)
    chamber_officers[5] = (
        "ccis.casa",
        Role.CCIS_OFFICER,
        "Imane",
        "Chraibi",
        "إيمان",
        "الشرايبي",
        "06",
        None,
    )
    for local, role, first, last, first_ar, last_ar, region_code, organisation in people + chamber_officers:
        email = f"{local}@{DEMO_DOMAIN}"
        region = regions.get(region_code) if region_code else None
        if not User.objects.filter(email=email).exists():
            user_create(
                actor=None,
                email=email,
                password=DEMO_PASSWORD,
                role=role,
                first_name=first,
                last_name=last,
                first_name_ar=first_ar,
                last_name_ar=last_ar,
                region=region,
                organisation=organisation,
            )
        if role == Role.ENTREPRENEUR:
            scope = "ses propres dossiers"
        else:
            scope = (
                region.name_fr
                if region
                else (str(organisation) if role in (Role.BANK_OFFICER, Role.VENDOR) else "national")
            )
        report.logins.append((email, str(Role(role).label), scope))


def _entrepreneurs(report: DemoReport, rng: random.Random, count: int) -> None:
    existing = User.objects.filter(role=Role.ENTREPRENEUR, email__endswith=f"@ae.{DEMO_DOMAIN}").count()
    names = names_by_kind()
    regions = list(Region.objects.order_by("code"))
    weights = [REGION_WEIGHTS[r.code] for r in regions]
    batch: list[User] = []
    for index in range(existing, count):
        female = rng.random() < 0.31  # share of women in the register per the 2019 seed article
        given = rng.choice(names["given_female" if female else "given_male"])
        family = rng.choice(names["family"])
        region = rng.choices(regions, weights)[0]
        batch.append(
            User(
                email=f"{_slug(given.latin)}.{_slug(family.latin)}.{index:06d}@ae.{DEMO_DOMAIN}",
                first_name=given.latin,
                last_name=family.latin,
                first_name_ar=given.arabic,
                last_name_ar=family.arabic,
                role=Role.ENTREPRENEUR,
                region=region,
            )
        )
        if len(batch) >= 5000:
            users_bulk_create(actor=None, users=batch)
            batch = []
    if batch:
        users_bulk_create(actor=None, users=batch)
    report.counts["entrepreneurs"] = User.objects.filter(role=Role.ENTREPRENEUR).count()


Step = Callable[[DemoReport, random.Random, dict], None]


def _step_territory(report, rng, sizes):
    report.counts.update(territory_load(actor=None))


def _step_people(report, rng, sizes):
    organisations = _organisations(report)
    _staff(report, organisations)
    _entrepreneurs(report, rng, sizes["entrepreneurs"])


def _step_register(report, rng, sizes):
    from .register import build_register

    report.counts.update(build_register(rng=rng, count=sizes["applications"]))


def _step_declarations(report, rng, sizes):
    from .declarations import build_declarations

    report.counts.update(build_declarations(rng=rng, limit=sizes["declaring"]))


def _step_programmes(report, rng, sizes):
    from .programmes import build_programmes

    report.counts.update(build_programmes(rng=rng, enterprises=sizes["enterprises"]))


def _step_infitah(report, rng, sizes):
    from .infitah import build_infitah

    report.counts.update(build_infitah(rng=rng, password=DEMO_PASSWORD))
    for email, role, scope in (
        (f"tpe@{DEMO_DOMAIN}", "Entrepreneur (TPE, Infitah)", "ses propres dossiers"),
        (f"banque2@{DEMO_DOMAIN}", "Chargé de financement (banque)", "Banque Populaire (démo)"),
    ):
        if (email, role, scope) not in report.logins:
            report.logins.append((email, role, scope))


def _step_caravans(report, rng, sizes):
    from .caravans import build_caravans

    report.counts.update(build_caravans(rng=rng))


def _step_conventions(report, rng, sizes):
    from .conventions import build_conventions

    report.counts.update(build_conventions())


# Later capabilities append their own steps (events, targets…) in dependency order.
STEPS: list[Step] = [_step_territory, _step_people, _step_register, _step_declarations, _step_programmes,
                     _step_infitah, _step_caravans, _step_conventions]  # fmt: skip


def demo_data_build(*, scale: str = "small", seed: int = 2019) -> DemoReport:
    """Build (or complete) the demo data set. Running it twice adds nothing: each step tops up to its size."""
    if scale not in SCALES:
        raise ValueError(f"Échelle inconnue : {scale} (small ou national).")
    rng = random.Random(seed)
    report = DemoReport()
    for step in STEPS:
        with transaction.atomic():
            step(report, rng, SCALES[scale])
    return report


def _step_privacy(report, rng, sizes):
    """A few rectification requests (loi 09-08) in the Fès queue, the demo entrepreneur's first, one accepted."""
    from moukawil.privacy.models import RectificationRequest
    from moukawil.privacy.services import rectification_request, rectification_transition
    from moukawil.registry.models import Person

    if RectificationRequest.objects.exists():
        report.counts["rectification_requests"] = RectificationRequest.objects.count()
        return
    people = list(
        Person.objects.filter(user__isnull=False, province__region__code="03", pseudonymised_at__isnull=True)
        .select_related("user")
        .order_by("user__email")[:4]
    )
    demo = Person.objects.filter(user__email=f"entrepreneur@{DEMO_DOMAIN}").select_related("user").first()
    if demo and demo not in people:
        people = [demo, *people[:3]]
    officer = User.objects.filter(email=f"ccis.fes@{DEMO_DOMAIN}").first()
    wishes = [
        ("phone", "0661234567", "J'ai changé de numéro de téléphone."),
        ("last_name", "El Fassi", "Mon nom est mal orthographié : voir ma CIN."),
        ("address", "12 rue Talaa Kebira, Fès", "J'ai déménagé."),
        ("first_name_ar", "محمد", "Prénom en arabe manquant."),
    ]
    for index, (person, (name, value, reason)) in enumerate(zip(people, wishes, strict=False)):
        if str(getattr(person, name)) == value:
            continue
        request = rectification_request(actor=person.user, field=name, new_value=value, reason=reason)
        if index == 2 and officer is not None and person.province.region.code == "03":
            rectification_transition(actor=officer, request=request, name="accept")
    report.counts["rectification_requests"] = RectificationRequest.objects.count()


STEPS.append(_step_privacy)
