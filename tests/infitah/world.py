"""Infitah's files for the policy tests' world (tests/conftest.py ``world``): one of each, made by those who may."""

from datetime import timedelta

from moukawil.core import clock
from moukawil.infitah import services
from tests.factories import OrganisationFactory, UserFactory


def infitah_files(*, officer_fes, agency_officer, make_enterprise) -> dict:
    bank = OrganisationFactory(bank=True)
    vendor_user = UserFactory(vendor=True)
    vendor = services.vendor_apply(actor=vendor_user, ice="001479720450097", association_number="APEBI-1")
    services.vendor_transition(actor=agency_officer, vendor=vendor, name="approve")
    today = clock.today()
    offer = services.offer_save(actor=vendor_user, data=services.OfferData(
        "Portable", "2990", 12, today, today + timedelta(days=30)))  # fmt: skip
    services.offer_transition(actor=vendor_user, offer=offer, name="submit")
    offer = services.offer_transition(actor=agency_officer, offer=offer, name="approve")
    session = services.session_create(actor=officer_fes, place="CCIS Fès", region=officer_fes.region,
                                      starts_on=today + timedelta(days=3), capacity=10)  # fmt: skip
    holder = make_enterprise()
    registration = services.registration_create(actor=officer_fes, session=session, enterprise=holder)
    services.registration_transition(actor=officer_fes, registration=registration, name="complete")
    holder.refresh_from_db()
    permit = holder.permit
    order = services.order_create(actor=None, permit=permit, offer=offer, bank=bank)
    waiting = services.registration_create(actor=officer_fes, session=session, enterprise=make_enterprise())
    return {
        "bank": bank, "vendor": vendor, "offer": offer, "infitah_session": session, "permit": permit, "order": order,
        "financing": order.financing, "infitah_registration": waiting, "eligible": make_enterprise(),
    }  # fmt: skip
