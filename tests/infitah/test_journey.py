"""The journey through the services: training → permit → order → bank → delivery → receipt, and the refusals."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from moukawil.certificates.kinds import VALID, verify
from moukawil.certificates.services import document_issue
from moukawil.core import clock
from moukawil.core.errors import BusinessError, Conflict
from moukawil.core.models import AuditEvent
from moukawil.infitah import services
from moukawil.infitah.documents import PERMIT
from moukawil.infitah.models import FinancingRequest, InfitahTransition, Permit
from moukawil.programmes.models import Call


@pytest.mark.django_db
def test_whole_journey_commits_then_spends_the_subsidy(
    infitah, permit_holder, owner, bank_officer, vendor_user, officer_fes
):
    permit = permit_holder()
    assert permit.number.startswith(f"PN-{clock.today().year}-")
    pdf = document_issue(actor=owner, kind=PERMIT, subject=permit, site_url="http://testserver")
    assert pdf.startswith(b"%PDF")
    assert verify(PERMIT, permit.number).status == VALID

    order = services.order_create(actor=owner, permit=permit, offer=infitah["offer"], bank=infitah["bank"])
    assert (order.price, order.subsidy, order.bank_share) == (Decimal("2990"), Decimal("897.00"), Decimal("2093.00"))
    assert order.rules[1]["code"] == "programmes.infitah.subsidy_cap" and "Infitah" in order.rules[1]["reference"]
    assert Call.objects.get(pk=infitah["call"].pk).committed == Decimal("897.00")
    request = order.financing
    assert request.bank == infitah["bank"] and request.amount == Decimal("2093.00")

    request = services.financing_decide(actor=bank_officer, request=request, approve=True, duration_months=24,
                                        monthly_payment="95.00")  # fmt: skip
    order.refresh_from_db()
    assert order.state == "financed"
    with pytest.raises(BusinessError) as no_serial:
        services.order_transition(actor=vendor_user, order=order, name="deliver", serial_number="  ")
    assert no_serial.value.field == "serial_number"
    order = services.order_transition(actor=vendor_user, order=order, name="deliver", serial_number="SN-5CD1234XYZ")
    order = services.order_transition(actor=owner, order=order, name="confirm")
    assert order.state == "received"
    names = list(
        InfitahTransition.objects.filter(workflow="infitah_order", file_id=order.pk).values_list("name", flat=True)
    )
    assert names == ["order", "finance", "deliver", "confirm"]
    assert AuditEvent.objects.filter(event_type__gte=340, event_type__lte=351).count() >= 8


@pytest.mark.django_db
def test_one_permit_per_enterprise_the_second_refused_with_the_first_number(permit_holder, session, officer_fes):
    permit = permit_holder()
    with pytest.raises(Conflict, match=permit.number):
        services.registration_create(actor=officer_fes, session=session, enterprise=permit.enterprise)
    with pytest.raises(Conflict, match=permit.number):
        services.permit_issue(actor=officer_fes, enterprise=permit.enterprise, registration=permit.registration)
    assert Permit.objects.count() == 1


@pytest.mark.django_db
def test_enterprise_without_rc_or_tp_is_refused_with_the_reason(make_enterprise, session, officer_fes, programmes):
    enterprise = make_enterprise(rc_court=None, rc_number="")
    with pytest.raises(BusinessError, match="non éligible") as refused:
        services.registration_create(actor=officer_fes, session=session, enterprise=enterprise)
    assert refused.value.field == "enterprise"


@pytest.mark.django_db
def test_bank_refusal_frees_the_commitment_and_the_holder_may_order_again(infitah, permit_holder, owner, bank_officer):
    permit = permit_holder()
    order = services.order_create(actor=owner, permit=permit, offer=infitah["offer"], bank=infitah["bank"])
    with pytest.raises(Conflict, match="commande en cours"):
        services.order_create(actor=owner, permit=permit, offer=infitah["offer"], bank=infitah["bank"])
    with pytest.raises(BusinessError) as no_reason:
        services.financing_decide(actor=bank_officer, request=order.financing, approve=False, reason="")
    assert no_reason.value.field == "reason"
    services.financing_decide(
        actor=bank_officer, request=order.financing, approve=False, reason="Endettement trop élevé"
    )
    order.refresh_from_db()
    assert order.state == "not_financed"
    assert Call.objects.get(pk=infitah["call"].pk).committed == 0
    again = services.order_create(actor=owner, permit=permit, offer=infitah["offer"], bank=infitah["bank"])
    assert again.state == "ordered"


@pytest.mark.django_db
def test_orders_unused_after_30_days_lapse_and_free_their_commitment(infitah, permit_holder, owner, agency_officer):
    order = services.order_create(actor=owner, permit=permit_holder(), offer=infitah["offer"], bank=infitah["bank"])
    assert services.orders_lapse(actor=agency_officer, today=clock.today() + timedelta(days=29)) == 0
    assert services.orders_lapse(actor=agency_officer, today=clock.today() + timedelta(days=30)) == 1
    order.refresh_from_db()
    assert order.state == "lapsed"
    assert FinancingRequest.objects.get(order=order).state == "closed"
    assert Call.objects.get(pk=infitah["call"].pk).committed == 0
    assert services.orders_lapse(actor=agency_officer, today=clock.today() + timedelta(days=60)) == 0  # rerun


@pytest.mark.django_db
def test_offer_shows_in_catalogue_only_once_approved_and_vendor_needs_approval(
    make_vendor, make_offer, other_vendor_user, vendor_user, agency_officer, open_call
):
    pending = make_vendor(other_vendor_user, approve=False)
    with pytest.raises(BusinessError, match="agrément"):
        make_offer(other_vendor_user)
    make_vendor(vendor_user)
    draft = make_offer(vendor_user, approve=False)
    from moukawil.infitah.models import Offer

    assert not Offer.objects.in_catalogue(clock.today()).exists()
    services.offer_transition(actor=vendor_user, offer=draft, name="submit")
    with pytest.raises(PermissionDenied):
        services.offer_transition(actor=vendor_user, offer=draft, name="approve")
    services.offer_transition(actor=agency_officer, offer=draft, name="approve")
    assert Offer.objects.in_catalogue(clock.today()).count() == 1
    assert pending.state == "applied"


@pytest.mark.django_db
def test_vendor_ice_is_checked(other_vendor_user):
    with pytest.raises(BusinessError) as refused:
        services.vendor_apply(actor=other_vendor_user, ice="123456789012345", association_number="APEBI-1")
    assert refused.value.field == "ice"
