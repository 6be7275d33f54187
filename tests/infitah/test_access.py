"""Who reads and writes what: the bank its own financing requests, the vendor its own offers and orders, neither
an auto-entrepreneur application nor a CIN; the viewer writes nothing."""

import pytest
from django.core.exceptions import PermissionDenied

from moukawil.infitah import selectors, services
from moukawil.infitah.models import FinancingRequest, Offer, PackOrder, Permit
from tests.factories import UserFactory


@pytest.fixture
def two_orders(infitah, permit_holder, owner, banks, make_offer, make_vendor, other_vendor_user):
    make_vendor(other_vendor_user)
    other_offer = make_offer(other_vendor_user, price="4999")
    first = services.order_create(actor=owner, permit=permit_holder(), offer=infitah["offer"], bank=banks[0])
    someone = UserFactory(email="youssef@exemple.ma")
    second = services.order_create(actor=someone, permit=permit_holder(someone), offer=other_offer, bank=banks[1])
    return first, second


@pytest.mark.django_db
def test_bank_officer_reads_only_his_banks_requests_and_decides_only_them(two_orders, bank_officer):
    first, second = two_orders
    assert list(selectors.financing_requests(user=bank_officer)) == [first.financing]
    assert not PackOrder.objects.visible_to(bank_officer).exists()
    assert not Permit.objects.visible_to(bank_officer).exists()
    with pytest.raises(PermissionDenied, match="autre organisation"):
        services.financing_decide(actor=bank_officer, request=second.financing, approve=True, duration_months=12,
                                  monthly_payment="300")  # fmt: skip


@pytest.mark.django_db
def test_vendor_sees_and_edits_only_its_own_offers_and_orders(two_orders, vendor_user, other_vendor_user):
    first, second = two_orders
    assert set(Offer.objects.visible_to(vendor_user)) == {first.offer}
    assert list(PackOrder.objects.visible_to(vendor_user)) == [first]
    assert not FinancingRequest.objects.visible_to(vendor_user).exists()
    with pytest.raises(PermissionDenied):
        services.offer_transition(actor=vendor_user, offer=second.offer, name="withdraw")
    with pytest.raises(PermissionDenied):
        services.offer_save(actor=vendor_user, offer=second.offer, data=services.OfferData(
            "X", "100", 12, second.offer.valid_from, second.offer.valid_until))  # fmt: skip


@pytest.mark.django_db
def test_partners_read_no_register_application_nor_cin(two_orders, bank_officer, vendor_user, registration):
    from moukawil.registry.models import Application, Person, Registration

    for partner in (bank_officer, vendor_user):
        assert not Application.objects.visible_to(partner).exists()
        assert not Registration.objects.visible_to(partner).exists()
        assert not Person.objects.visible_to(partner).exists() if hasattr(Person.objects, "visible_to") else True


@pytest.mark.django_db
def test_viewer_writes_nothing(two_orders, session, make_enterprise, territory):
    viewer = UserFactory(viewer=True)
    first, _second = two_orders
    attempts = [
        lambda: services.session_create(actor=viewer, place="X", region=territory["03"], starts_on=session.starts_on,
                                        capacity=3),
        lambda: services.registration_create(actor=viewer, session=session, enterprise=make_enterprise()),
        lambda: services.financing_decide(actor=viewer, request=first.financing, approve=False, reason="non"),
        lambda: services.order_transition(actor=viewer, order=first, name="lapse"),
        lambda: services.offer_transition(actor=viewer, offer=first.offer, name="withdraw"),
        lambda: services.permit_revoke(actor=viewer, permit=first.permit, reason="x"),
        lambda: services.orders_lapse(actor=viewer),
    ]  # fmt: skip
    for attempt in attempts:
        with pytest.raises(PermissionDenied, match="lecture seule"):
            attempt()
