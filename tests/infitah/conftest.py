"""Infitah's world: an open call, two partner banks, an approved vendor with an approved offer, a session, and an
enterprise of the register owned by an entrepreneur (RC in the register: eligible with nothing to upload)."""

from datetime import timedelta

import pytest

from moukawil.core import clock
from moukawil.infitah import services
from moukawil.infitah.services import OfferData
from tests.factories import OrganisationFactory, UserFactory


@pytest.fixture
def banks(territory):
    return [
        OrganisationFactory(bank=True, name_fr="Banque Atlas"),
        OrganisationFactory(bank=True, name_fr="Banque Rif"),
    ]


@pytest.fixture
def bank_officer(banks):
    return UserFactory(bank_officer=True, organisation=banks[0], email="karim.banque@atlas.ma")


@pytest.fixture
def other_bank_officer(banks):
    return UserFactory(bank_officer=True, organisation=banks[1], email="nadia.banque@rif.ma")


@pytest.fixture
def vendor_user(territory):
    return UserFactory(vendor=True, email="ventes@info-souss.ma")


@pytest.fixture
def other_vendor_user(territory):
    return UserFactory(vendor=True, email="ventes@autre.ma")


def valid_ice(n: int) -> str:
    """A 15-digit ICE divisible by 97."""
    base = 1_000_000_000_000 + n * 7919
    return f"{base * 97:015d}"


@pytest.fixture
def make_vendor(agency_officer):
    counter = iter(range(1, 1000))

    def make(user, *, approve=True):
        vendor = services.vendor_apply(actor=user, ice=valid_ice(next(counter)), association_number="APEBI-0042")
        if approve:
            vendor = services.vendor_transition(actor=agency_officer, vendor=vendor, name="approve")
        return vendor

    return make


@pytest.fixture
def make_offer(agency_officer):
    def make(user, price="2990", *, approve=True):
        today = clock.today()
        offer = services.offer_save(actor=user, data=OfferData(
            description="Portable 15 pouces, 8 Go, clé 3G", price=price, months_3g=12, valid_from=today,
            valid_until=today + timedelta(days=365)))  # fmt: skip
        if approve:
            offer = services.offer_transition(actor=user, offer=offer, name="submit")
            offer = services.offer_transition(actor=agency_officer, offer=offer, name="approve")
        return offer

    return make


@pytest.fixture
def session(officer_fes, fes):
    return services.session_create(actor=officer_fes, place="CCIS Fès, salle 2", region=fes,
                                   starts_on=clock.today() + timedelta(days=7), capacity=30)  # fmt: skip


@pytest.fixture
def owner(territory):
    return UserFactory(email="amina.tazi@exemple.ma", first_name="Amina", last_name="Tazi")


@pytest.fixture
def permit_holder(make_enterprise, session, officer_fes, owner, programmes):
    """An enterprise of Fès with its permit (trained and completed)."""

    def make(user=None):
        enterprise = make_enterprise(owner=user or owner)
        registration = services.registration_create(actor=officer_fes, session=session, enterprise=enterprise)
        services.registration_transition(actor=officer_fes, registration=registration, name="complete")
        enterprise.refresh_from_db()
        return enterprise.permit

    return make


@pytest.fixture
def infitah(open_call, make_vendor, make_offer, vendor_user, banks, programmes):
    call = open_call("infitah")
    vendor = make_vendor(vendor_user)
    offer = make_offer(vendor_user)
    return {"call": call, "vendor": vendor, "offer": offer, "bank": banks[0]}
