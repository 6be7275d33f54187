"""Infitah: training sessions and registrations, permits, vendors and offers, pack orders, the bank's financing
requests and the agency's counters. Numbers go through the services' own checks (as the pages' forms do). The bank
officer's and the vendor's answers carry no CIN and no person's identifier."""

from datetime import date
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from moukawil.core.permissions import require
from moukawil.enterprises.models import Enterprise
from moukawil.infitah import selectors, services
from moukawil.infitah.models import (
    FinancingRequest,
    Offer,
    PackOrder,
    Permit,
    TrainingRegistration,
    TrainingSession,
    Vendor,
)
from moukawil.infitah.permissions import can_finance, can_follow
from moukawil.territory.models import Organisation, Region

from .pagination import Pagination
from .schemas import Number

router = Router(tags=["Infitah (permis numérique, pack TI)"])


class CountersOut(Schema):
    eligible: int
    permits: int
    target: int
    ordered: int
    financed: int
    delivered: int
    budget: Decimal
    committed: Decimal
    spent: Decimal


@router.get("/infitah/counters", response=CountersOut, summary="Compteurs d'Infitah (agence, ministère, chambres)")
def counters(request):
    require(can_follow(request.user))
    return selectors.agency_counters()


class SessionIn(Schema):
    place: str = Field(max_length=200)
    region_code: str = Field(max_length=2)
    starts_on: date
    capacity: Number
    trainer_id: int | None = None


class SessionOut(Schema):
    id: int
    place: str
    region_code: str = Field(alias="region.code")
    starts_on: date
    capacity: int


@router.get("/infitah/sessions", response=list[SessionOut], summary="Sessions de formation")
@paginate(Pagination)
def list_sessions(request):
    return TrainingSession.objects.visible_to(request.user).select_related("region").order_by("starts_on", "pk")


@router.post("/infitah/sessions", response={201: SessionOut}, summary="Programmer une session de formation")
def create_session(request, payload: SessionIn):
    region = get_object_or_404(Region, code=payload.region_code)
    trainer = get_object_or_404(Organisation, pk=payload.trainer_id) if payload.trainer_id else None
    session = services.session_create(
        actor=request.user, place=payload.place, region=region, starts_on=payload.starts_on,
        capacity=payload.capacity, trainer=trainer,
    )  # fmt: skip
    return Status(201, session)


class TrainingRegistrationIn(Schema):
    enterprise_id: int


class TrainingRegistrationOut(Schema):
    id: int
    session_id: int
    enterprise_id: int
    enterprise_name: str = Field(alias="enterprise.name")
    channel: str
    state: str
    permit_number: str | None = None

    @staticmethod
    def resolve_permit_number(obj) -> str | None:
        permit = getattr(obj, "permit", None) if hasattr(obj, "permit") else None
        return permit.number if permit else None


class InfitahTransitionIn(Schema):
    name: str = Field(max_length=20)
    reason: str = Field("", max_length=2000)
    serial_number: str = Field("", max_length=60)


def _registration(request, pk: int) -> TrainingRegistration:
    return get_object_or_404(TrainingRegistration.objects.visible_to(request.user).select_related("enterprise"), pk=pk)


@router.post("/infitah/sessions/{session_id}/registrations", response={201: TrainingRegistrationOut},
             summary="Inscrire une entreprise éligible (en ligne ou au guichet)")  # fmt: skip
def enrol(request, session_id: int, payload: TrainingRegistrationIn):
    session = get_object_or_404(TrainingSession.objects.visible_to(request.user), pk=session_id)
    enterprise = get_object_or_404(Enterprise.objects.visible_to(request.user), pk=payload.enterprise_id)
    registration = services.registration_create(actor=request.user, session=session, enterprise=enterprise)
    return Status(201, _registration(request, registration.pk))


@router.post("/infitah/registrations/{registration_id}/transitions", response=TrainingRegistrationOut,
             summary="Présence, réussite (délivre le permis), absence, annulation")  # fmt: skip
def registration_transition(request, registration_id: int, payload: InfitahTransitionIn):
    services.registration_transition(actor=request.user, registration=_registration(request, registration_id),
                                     name=payload.name, reason=payload.reason)  # fmt: skip
    return _registration(request, registration_id)


class PermitOut(Schema):
    number: str
    enterprise_name: str = Field(alias="enterprise.name")
    region_code: str = Field(alias="region.code")
    issued_on: date
    revoked_on: date | None


@router.get("/infitah/permits", response=list[PermitOut], summary="Permis numériques (les siens, ou ceux du périmètre)")
@paginate(Pagination)
def list_permits(request):
    return Permit.objects.visible_to(request.user).select_related("enterprise", "region").order_by("-issued_on", "-pk")


class VendorIn(Schema):
    ice: str = Field(max_length=20)
    association_number: str = Field(max_length=30)


class VendorOut(Schema):
    id: int
    organisation: str = Field(alias="organisation.name_fr")
    ice: str
    association_number: str
    state: str
    decision_reason: str


@router.post("/infitah/vendors", response={201: VendorOut}, summary="Demander l'agrément (fournisseur)")
def vendor_apply(request, payload: VendorIn):
    return Status(201, services.vendor_apply(actor=request.user, ice=payload.ice,
                                             association_number=payload.association_number))  # fmt: skip


@router.post("/infitah/vendors/{vendor_id}/transitions", response=VendorOut, summary="Agréer ou refuser (agence)")
def vendor_transition(request, vendor_id: int, payload: InfitahTransitionIn):
    vendor = get_object_or_404(Vendor.objects.visible_to(request.user), pk=vendor_id)
    return services.vendor_transition(actor=request.user, vendor=vendor, name=payload.name, reason=payload.reason)


class OfferIn(Schema):
    description: str = Field(max_length=300)
    price: Number
    months_3g: Number = "12"
    valid_from: date
    valid_until: date


class OfferOut(Schema):
    id: int
    vendor: str = Field(alias="vendor.organisation.name_fr")
    description: str
    price: Decimal
    months_3g: int
    valid_from: date
    valid_until: date
    state: str


@router.get("/infitah/offers", response=list[OfferOut], summary="Offres (catalogue ; un fournisseur : les siennes)")
@paginate(Pagination)
def list_offers(request):
    return Offer.objects.visible_to(request.user).select_related("vendor__organisation").order_by("price", "pk")


@router.post("/infitah/offers", response={201: OfferOut}, summary="Créer une offre (fournisseur agréé)")
def create_offer(request, payload: OfferIn):
    return Status(201, services.offer_save(actor=request.user, data=services.OfferData(**payload.dict())))


@router.put(
    "/infitah/offers/{offer_id}", response=OfferOut, summary="Modifier une de ses offres (revient en brouillon)"
)
def update_offer(request, offer_id: int, payload: OfferIn):
    offer = get_object_or_404(Offer.objects.visible_to(request.user), pk=offer_id)
    return services.offer_save(actor=request.user, data=services.OfferData(**payload.dict()), offer=offer)


@router.post("/infitah/offers/{offer_id}/transitions", response=OfferOut,
             summary="Soumettre, retirer (fournisseur) ; approuver, refuser (agence)")  # fmt: skip
def offer_transition(request, offer_id: int, payload: InfitahTransitionIn):
    offer = get_object_or_404(Offer.objects.visible_to(request.user), pk=offer_id)
    return services.offer_transition(actor=request.user, offer=offer, name=payload.name, reason=payload.reason)


class OrderIn(Schema):
    permit_number: str = Field(max_length=20)
    offer_id: int
    bank_id: int


class OrderOut(Schema):
    id: int
    enterprise_name: str = Field(alias="enterprise.name")
    offer_id: int
    price: Decimal
    subsidy: Decimal
    bank_share: Decimal
    bank: str = Field(alias="bank.name_fr")
    state: str
    serial_number: str
    ordered_on: date
    rules: list[dict]


def _order(request, pk: int) -> PackOrder:
    return get_object_or_404(PackOrder.objects.visible_to(request.user).select_related("enterprise", "bank"), pk=pk)


@router.get("/infitah/orders", response=list[OrderOut], summary="Commandes de packs (dans son périmètre)")
@paginate(Pagination)
def list_orders(request, state: str | None = None):
    rows = PackOrder.objects.visible_to(request.user).select_related("enterprise", "bank")
    return rows.filter(state=state) if state else rows


@router.post("/infitah/orders", response={201: OrderOut}, summary="Commander un pack (titulaire du permis)")
def create_order(request, payload: OrderIn):
    permit = get_object_or_404(Permit.objects.visible_to(request.user).select_related("enterprise"),
                               number=payload.permit_number)  # fmt: skip
    offer = get_object_or_404(Offer.objects.visible_to(request.user), pk=payload.offer_id)
    bank = get_object_or_404(services.partner_banks(), pk=payload.bank_id)
    order = services.order_create(actor=request.user, permit=permit, offer=offer, bank=bank)
    return Status(201, _order(request, order.pk))


@router.post(
    "/infitah/orders/{order_id}/transitions", response=OrderOut,
    summary="Livrer (fournisseur), confirmer la réception, annuler (titulaire), faire échoir (agence)",
)  # fmt: skip
def order_transition(request, order_id: int, payload: InfitahTransitionIn):
    services.order_transition(actor=request.user, order=_order(request, order_id), name=payload.name,
                              serial_number=payload.serial_number, reason=payload.reason)  # fmt: skip
    return _order(request, order_id)


class FinancingOut(Schema):
    """What the bank officer needs, and no more: no CIN, no person's identifier, no other programme."""

    id: int
    enterprise_name: str = Field(alias="order.enterprise.name")
    region_code: str = Field(alias="order.region.code")
    pack: str = Field(alias="order.offer.description")
    vendor: str = Field(alias="order.offer.vendor.organisation.name_fr")
    price: Decimal = Field(alias="order.price")
    subsidy: Decimal = Field(alias="order.subsidy")
    amount: Decimal
    state: str
    duration_months: int | None
    monthly_payment: Decimal | None
    decision_reason: str


class DecisionIn(Schema):
    approve: bool
    duration_months: Number | None = None
    monthly_payment: Number | None = None
    reason: str = Field("", max_length=2000)


@router.get("/infitah/financing-requests", response=list[FinancingOut],
            summary="Demandes de financement (chargé de financement : celles de sa banque)")  # fmt: skip
@paginate(Pagination)
def list_financing(request, state: str | None = None):
    require(can_finance(request.user))
    return selectors.financing_requests(user=request.user, state=state).order_by("-created_at", "-pk")


@router.post("/infitah/financing-requests/{request_id}/decision", response=FinancingOut,
             summary="Accorder (durée, mensualité) ou refuser (motif)")  # fmt: skip
def decide_financing(request, request_id: int, payload: DecisionIn):
    financing = get_object_or_404(FinancingRequest.objects.visible_to(request.user), pk=request_id)
    services.financing_decide(actor=request.user, request=financing, approve=payload.approve,
                              duration_months=payload.duration_months, monthly_payment=payload.monthly_payment,
                              reason=payload.reason)  # fmt: skip
    return selectors.financing_requests(user=request.user).get(pk=request_id)
