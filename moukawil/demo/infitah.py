"""Demo data of Infitah, through the services: a second partner bank and its officer, the two demo vendors approved
with their offers (one waiting for the agency), training sessions in Fès, permits, and pack orders at every step —
waiting for the bank, financed, refused by the other bank, delivered, received, cancelled, lapsed. A TPE owner
(``tpe@demo.moukawil.ma``) has his permit and a delivered pack to confirm."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from moukawil.accounts.enums import Role
from moukawil.accounts.models import User
from moukawil.accounts.services import user_create
from moukawil.core import clock
from moukawil.enterprises.models import Court, Enterprise, Sector
from moukawil.enterprises.services import EnterpriseData, enterprise_create
from moukawil.infitah import services
from moukawil.infitah.models import Offer, PackOrder, Permit, Vendor
from moukawil.infitah.selectors import eligible_enterprises
from moukawil.territory.enums import OrganisationKind
from moukawil.territory.models import Organisation, Province, Region
from moukawil.territory.services import organisation_create

DOMAIN = "demo.moukawil.ma"
VENDOR_ICES = ["001479720450097", "002166441650097"]


def _at(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def _user(email, role, first, last, *, organisation=None, password: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = user_create(actor=None, email=email, password=password, role=role, first_name=first, last_name=last,
                           organisation=organisation)  # fmt: skip
    return user


def build_infitah(*, rng: random.Random, password: str) -> dict[str, int]:
    if Permit.objects.exists():
        return {"infitah_permits": Permit.objects.count(), "infitah_orders": PackOrder.objects.count()}
    today = clock.today()
    agency = User.objects.get(email="agence@demo.moukawil.ma")
    fes_officer = User.objects.get(email="ccis.fes@demo.moukawil.ma")
    fes = Region.objects.get(code="03")
    awb = Organisation.objects.get(kind=OrganisationKind.BANK, acronym="AWB")
    bcp = Organisation.objects.filter(kind=OrganisationKind.BANK, acronym="BCP").first() or organisation_create(
        actor=None, kind=OrganisationKind.BANK, name_fr="Banque Populaire (démo)", name_ar="البنك الشعبي",
        acronym="BCP", region=None, city="Casablanca",
    )  # fmt: skip
    _user(f"banque2@{DOMAIN}", Role.BANK_OFFICER, "Leila", "Sqalli", organisation=bcp, password=password)

    # Vendors: both demo vendors approved, each with offers; one offer waits for the agency.
    vendor_orgs = list(Organisation.objects.filter(kind=OrganisationKind.VENDOR).order_by("name_fr")[:2])
    vendor_users = []
    for index, organisation in enumerate(vendor_orgs):
        user = organisation.members.filter(role=Role.VENDOR).first() or _user(
            f"fournisseur{index + 1}@{DOMAIN}", Role.VENDOR, "Hamza", "Kettani", organisation=organisation,
            password=password,
        )  # fmt: skip
        vendor_users.append(user)
        vendor = services.vendor_apply(actor=user, ice=VENDOR_ICES[index], association_number=f"APEBI-{120 + index}")
        services.vendor_transition(actor=agency, vendor=vendor, name="approve")
    offers = []
    catalogue = [("Portable 15,6\" Core i3, 8 Go, 256 Go SSD, clé 3G", "2990"),
                 ("Portable 14\" Core i5, 16 Go, 512 Go SSD, clé 3G", "4999"),
                 ("Portable 15,6\" Core i7, 16 Go, 1 To SSD, routeur 3G", "12000")]  # fmt: skip
    for index, (description, price) in enumerate(catalogue):
        user = vendor_users[index % len(vendor_users)]
        offer = services.offer_save(actor=user, data=services.OfferData(
            description=description, price=price, months_3g=12, valid_from=today - timedelta(days=90),
            valid_until=today + timedelta(days=275)))  # fmt: skip
        services.offer_transition(actor=user, offer=offer, name="submit")
        offers.append(services.offer_transition(actor=agency, offer=offer, name="approve"))
    waiting = services.offer_save(actor=vendor_users[-1], data=services.OfferData(
        description="Portable 13\" Ryzen 5, 8 Go, 512 Go SSD, clé 3G", price="3990", months_3g=12,
        valid_from=today, valid_until=today + timedelta(days=180)))  # fmt: skip
    services.offer_transition(actor=vendor_users[-1], offer=waiting, name="submit")

    # The TPE owner of the demo journey: a Fès enterprise with an RC, eligible with nothing to upload.
    owner = _user(f"tpe@{DOMAIN}", Role.ENTREPRENEUR, "Rachid", "Benjelloun", password=password)
    data = EnterpriseData(
        legal_kind="legal", name="Benjelloun Menuiserie SARL", name_ar="بنجلون للنجارة",
        created_on=today - timedelta(days=2000), sector=Sector.objects.get(code="C"),
        province=Province.objects.get(code="MA-FES"), last_turnover="640000", turnover_year=today.year - 1,
        owner_gender="M", rc_court=Court.objects.filter(kind="commercial", city="Fès").first(), rc_number="59120",
        email=f"tpe@{DOMAIN}",
    )  # fmt: skip
    own = Enterprise.objects.filter(owner=owner).first() or enterprise_create(actor=fes_officer, owner=owner, data=data)

    # Training 40 days ago in Fès: permits for the owner and a dozen eligible enterprises of the region.
    started = today - timedelta(days=40)
    others = list(eligible_enterprises().filter(region=fes, owner__isnull=True).order_by("pk")[:13])
    with clock.frozen(_at(started - timedelta(days=5))):
        past = services.session_create(actor=fes_officer, place="CCIS Fès-Meknès, salle de formation", region=fes,
                                       starts_on=started, capacity=30)  # fmt: skip
        registrations = [services.registration_create(actor=fes_officer, session=past, enterprise=e)
                         for e in [own, *others]]  # fmt: skip
    with clock.frozen(_at(started)):
        for index, registration in enumerate(registrations):
            name = "absent" if index == len(registrations) - 1 else "complete"
            services.registration_transition(actor=fes_officer, registration=registration, name=name)
    services.session_create(actor=fes_officer, place="CCIS Fès-Meknès (antenne de Meknès)", region=fes,
                            starts_on=today + timedelta(days=12), capacity=25)  # fmt: skip
    services.session_create(actor=agency, place="Caravane Infitah — CCIS Oujda", region=Region.objects.get(code="02"),
                            starts_on=today + timedelta(days=20), capacity=40)  # fmt: skip

    # Orders at every step. The lapsed one was ordered 35 days ago and left without a bank decision.
    permits = {p.enterprise_id: p for p in Permit.objects.all()}
    holders = [permits[e.pk] for e in others if e.pk in permits]
    with clock.frozen(_at(today - timedelta(days=35))):
        lapsing = services.order_create(actor=None, permit=holders[0], offer=offers[0], bank=awb)
    with clock.frozen(_at(today - timedelta(days=12))):
        mine = services.order_create(actor=owner, permit=permits[own.pk], offer=offers[1], bank=awb)
        orders = [services.order_create(actor=None, permit=p, offer=offers[i % len(offers)], bank=awb if i % 2 else bcp)
                  for i, p in enumerate(holders[1:11], start=1)]  # fmt: skip
    bank_users = {
        awb.pk: User.objects.get(email=f"banque@{DOMAIN}"),
        bcp.pk: User.objects.get(email=f"banque2@{DOMAIN}"),
    }

    def approve(order):
        services.financing_decide(
            actor=bank_users[order.bank_id],
            request=order.financing,
            approve=True,
            duration_months=24,
            monthly_payment=str((order.bank_share / 24 + 5).quantize(1)),
        )

    def vendor_of(order):
        return next(u for u in vendor_users if u.organisation_id == order.offer.vendor.organisation_id)

    approve(mine)
    services.order_transition(actor=vendor_of(mine), order=mine, name="deliver", serial_number="5CD2419XQ7")
    # orders[0..1] stay waiting for the bank; [2..3] financed; [4] refused; [5..6] delivered; [7..8] received; [9]
    # cancelled by its holder before the decision.
    for order in orders[2:4] + orders[5:9]:
        approve(order)
    services.financing_decide(actor=bank_users[orders[4].bank_id], request=orders[4].financing, approve=False,
                              reason="Capacité de remboursement insuffisante au vu des revenus déclarés.")  # fmt: skip
    for index, order in enumerate(orders[5:9]):
        services.order_transition(actor=vendor_of(order), order=order, name="deliver",
                                  serial_number=f"SN{rng.randint(10**7, 10**8 - 1)}-{index}")  # fmt: skip
    for order in orders[7:9]:
        services.order_transition(actor=None, order=order, name="confirm")
    services.order_transition(actor=None, order=orders[9], name="cancel")
    services.orders_lapse(actor=None)  # the order of 35 days ago, left without a decision
    lapsing.refresh_from_db()
    return {"infitah_permits": Permit.objects.count(), "infitah_orders": PackOrder.objects.count(),
            "infitah_offers": Offer.objects.count(), "infitah_vendors": Vendor.objects.count()}  # fmt: skip


def caravan_permits(*, campaign, total: int, agency, officer_of: dict) -> int:
    """Caravan 1's permits (seed 004: 1,500 for 1,700 present): at each stop, the training held on site, then its
    results recorded in one go (``services.completions_record_bulk``), which issues the permits through the document
    service's gapless numbering, at the stop. The people present get their enterprise in the register first
    (an eligible TPE with its taxe professionnelle number), linked to their caravan registration."""
    from types import SimpleNamespace

    from moukawil.caravans.models import Registration
    from moukawil.core.audit import audit_log_bulk
    from moukawil.core.enums import AuditEventType
    from moukawil.enterprises.models import SizeClass

    stops = list(campaign.stops.select_related("province", "region").order_by("day", "pk"))
    present = {stop.pk: [] for stop in stops}
    for row in Registration.objects.filter(stop__campaign=campaign, state="present").order_by("stop", "seq"):
        present[row.stop_id].append(row)
    everyone = sum(len(rows) for rows in present.values())
    shares = {stop.pk: len(present[stop.pk]) * total // everyone for stop in stops}
    shares[stops[0].pk] += total - sum(shares.values())
    sector = Sector.objects.get(code="G")
    issued = 0
    for index, stop in enumerate(stops):
        officer = officer_of.get(stop.region_id, agency)
        people = present[stop.pk][: shares[stop.pk]]
        with clock.frozen(_at(stop.day - timedelta(days=1))):
            enterprises = Enterprise.objects.bulk_create([
                Enterprise(
                    legal_kind="natural", name=(row.enterprise_name or row.name)[:200], created_on=stop.day
                    - timedelta(days=400 + 7 * (n % 300)), sector=sector, last_turnover=120000 + 1000 * (n % 200),
                    turnover_year=stop.day.year - 1, size_class=SizeClass.TPE, province=stop.province,
                    region_id=stop.region_id, owner_gender=row.gender, contact_name=row.name[:120],
                    tp_number=str(51000000 + index * 1000 + n),
                )
                for n, row in enumerate(people)
            ])  # fmt: skip
            if any(e.pk is None for e in enterprises):
                enterprises = list(Enterprise.objects.filter(tp_number__in=[e.tp_number for e in enterprises])
                                   .order_by("pk"))  # fmt: skip
            audit_log_bulk(actor=officer, event_type=AuditEventType.ENTERPRISE_CREATED, targets=enterprises,
                           region_of=lambda e: SimpleNamespace(pk=e.region_id),
                           after_of=lambda e: {"name": e.name, "tp_number": e.tp_number})  # fmt: skip
            for row, enterprise in zip(people, enterprises, strict=True):
                row.enterprise = enterprise
            Registration.objects.bulk_update(people, ["enterprise"])
            session = services.session_create(
                actor=officer, place=f"Caravane Infitah — {stop.venue}"[:200], region=stop.region,
                starts_on=stop.day, capacity=max(len(people), 1), stop=stop,
            )  # fmt: skip
        with clock.frozen(_at(stop.day)):
            issued += len(services.completions_record_bulk(actor=officer, session=session, enterprises=enterprises))
    return issued
