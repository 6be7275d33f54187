"""Caravans and forums: the public calendar, registration and cancellation, the check-in list a device downloads,
the batch sync of its scans, and the results of a campaign."""

from datetime import date, datetime, time

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_noop
from ninja import Field, Router, Schema, Status

from moukawil.caravans import selectors
from moukawil.caravans.models import Campaign, Registration, Stop
from moukawil.caravans.permissions import can_view_results
from moukawil.caravans.services import (
    MAX_BATCH,
    Registrant,
    campaign_create,
    campaign_transition,
    check_in_list,
    registration_cancel,
    registration_create,
    scans_sync,
    stop_create,
    stop_transition,
    waiting_position,
)
from moukawil.caravans.workflow import CAMPAIGN_WORKFLOW, STOP_WORKFLOW
from moukawil.core.errors import BusinessError
from moukawil.core.permissions import require

from .schemas import Number

router = Router(tags=["caravanes et forums"])


class StopOut(Schema):
    id: int
    campaign: str
    city: str
    city_ar: str
    region_code: str
    host: str
    venue: str
    venue_ar: str
    day: date
    opens_at: str
    closes_at: str
    capacity: int
    services: list[str]
    state: str = Field(..., description="scheduled, held (accueil ouvert), closed ou cancelled")
    state_label: str
    cancel_reason: str


class CampaignOut(Schema):
    code: str
    title_fr: str
    title_ar: str
    starts_on: date
    ends_on: date
    state: str = Field(..., description="draft, published, closed ou cancelled")
    state_label: str
    stops: list[StopOut]


def _campaign_out(campaign: Campaign, stops: list) -> dict:
    return {"code": campaign.code, "title_fr": campaign.title_fr, "title_ar": campaign.title_ar,
            "starts_on": campaign.starts_on, "ends_on": campaign.ends_on, "state": campaign.state,
            "state_label": CAMPAIGN_WORKFLOW.public_label(campaign.state), "stops": stops}  # fmt: skip


def _stop_out(stop: Stop) -> dict:
    return {
        "id": stop.pk, "campaign": stop.campaign.code, "city": stop.city, "city_ar": stop.city_ar,
        "region_code": stop.region.code, "host": stop.host.name_fr if stop.host else "", "venue": stop.venue,
        "venue_ar": stop.venue_ar, "day": stop.day, "opens_at": stop.opens_at.strftime("%H:%M"),
        "closes_at": stop.closes_at.strftime("%H:%M"),
        "capacity": stop.capacity, "services": stop.services, "state": stop.state,
        "state_label": STOP_WORKFLOW.public_label(stop.state), "cancel_reason": stop.cancel_reason,
    }  # fmt: skip


@router.get("/caravans/campaigns", response=list[CampaignOut], auth=None, summary="Calendrier public des campagnes")
def list_campaigns(request, region: str = ""):
    stops = selectors.calendar()
    if region:
        stops = stops.filter(region__code=region[:2])
    by_campaign: dict[int, list] = {}
    for stop in stops:
        by_campaign.setdefault(stop.campaign_id, []).append(_stop_out(stop))
    campaigns = Campaign.objects.published().filter(pk__in=by_campaign)
    return [_campaign_out(c, by_campaign[c.pk]) for c in campaigns]


class CampaignIn(Schema):
    code: str = Field(..., description="Minuscules, chiffres et tirets (40 caractères au plus)")
    title_fr: str
    title_ar: str = ""
    starts_on: date
    ends_on: date
    programme: str = Field("", description="Code du programme (ex. infitah), facultatif")


@router.post("/caravans/campaigns", response={201: CampaignOut}, summary="Créer une campagne (agents)")
def create_campaign(request, payload: CampaignIn):
    from moukawil.programmes.models import Programme

    programme = Programme.objects.filter(code=payload.programme).first() if payload.programme else None
    campaign = campaign_create(
        actor=request.user, code=payload.code, title_fr=payload.title_fr, title_ar=payload.title_ar,
        starts_on=payload.starts_on, ends_on=payload.ends_on, programme=programme,
    )  # fmt: skip
    return Status(201, _campaign_out(campaign, []))


class CaravanTransitionIn(Schema):
    name: str = Field(
        ..., max_length=20, description="Campagne : publish, close, cancel ; escale : hold, close, cancel"
    )
    reason: str = Field("", max_length=300, description="Motif (obligatoire pour cancel)")


@router.post(
    "/caravans/campaigns/{code}/transitions", response=CampaignOut,
    summary="Publier, clôturer ou annuler une campagne (agents ; l'annulation annule ses escales prévues)",
)  # fmt: skip
def transition_campaign(request, code: str, payload: CaravanTransitionIn):
    campaign = get_object_or_404(Campaign, code=code)
    campaign = campaign_transition(actor=request.user, campaign=campaign, name=payload.name, reason=payload.reason)
    stops = campaign.stops.select_related("campaign", "region", "host").order_by("day", "opens_at", "city")
    return _campaign_out(campaign, [_stop_out(s) for s in stops])


@router.post(
    "/caravans/stops/{stop_id}/transitions", response=StopOut,
    summary="Ouvrir l'accueil d'une escale (le jour même), la clôturer ou l'annuler (inscrits prévenus)",
)  # fmt: skip
def transition_stop(request, stop_id: int, payload: CaravanTransitionIn):
    stop = get_object_or_404(Stop, pk=stop_id)
    stop_transition(actor=request.user, stop=stop, name=payload.name, reason=payload.reason)
    return _stop_out(Stop.objects.select_related("campaign", "region", "host").get(pk=stop.pk))


class StopIn(Schema):
    city: str
    city_ar: str = ""
    province_code: str = Field(..., description="Code ISO de la province (ex. MA-FES)")
    venue: str
    venue_ar: str = Field("", description="Lieu en arabe (facultatif : les pages arabes montrent sinon le lieu)")
    day: date
    opens_at: time
    closes_at: time
    capacity: Number
    services: list[str] = Field(default_factory=list, description="training, permit, register, advice")


@router.post("/caravans/campaigns/{code}/stops", response={201: StopOut}, summary="Ajouter une escale (agents)")
def create_stop(request, code: str, payload: StopIn):
    from moukawil.territory.models import Organisation, Province

    campaign = get_object_or_404(Campaign, code=code)
    province = Province.objects.filter(code=payload.province_code[:6]).select_related("region").first()
    if province is None:
        raise BusinessError.of("stop.province", gettext_noop("Province inconnue : %(province)s."),
                               field="province_code", province=payload.province_code[:10])  # fmt: skip
    host = Organisation.objects.filter(kind="ccis", region=province.region).first()
    stop = stop_create(
        actor=request.user, campaign=campaign, city=payload.city, city_ar=payload.city_ar, province=province,
        venue=payload.venue, venue_ar=payload.venue_ar, day=payload.day, opens_at=payload.opens_at,
        closes_at=payload.closes_at,
        capacity=payload.capacity, services=payload.services, host=host,
    )  # fmt: skip
    return Status(201, _stop_out(Stop.objects.select_related("campaign", "region", "host").get(pk=stop.pk)))


class StopRegistrationIn(Schema):
    name: str = Field(..., description="Nom et prénom (150 caractères au plus)")
    gender: str = Field(..., description="F ou M")
    email: str = ""
    phone: str = ""
    enterprise_name: str = ""
    channel: str = Field("online", description="online (l'entrepreneur lui-même), counter ou bulk (un agent)")


class StopRegistrationOut(Schema):
    id: int
    stop_id: int
    code: str
    state: str
    state_label: str
    seq: int
    waiting_position: int | None
    name: str


def _registration_out(registration: Registration) -> dict:
    return {
        "id": registration.pk, "stop_id": registration.stop_id, "code": registration.code,
        "state": registration.state, "state_label": registration.public_state_label, "seq": registration.seq,
        "waiting_position": waiting_position(registration), "name": registration.name,
    }  # fmt: skip


@router.post("/caravans/stops/{stop_id}/registrations", response={201: StopRegistrationOut},
             summary="S'inscrire ou inscrire quelqu'un à une escale (confirmé ou en liste d'attente)")  # fmt: skip
def register(request, stop_id: int, payload: StopRegistrationIn):
    stop = get_object_or_404(Stop.objects.select_related("region"), pk=stop_id)
    registration = registration_create(
        actor=request.user, stop=stop, channel=payload.channel,
        registrant=Registrant(name=payload.name, gender=payload.gender, email=payload.email, phone=payload.phone,
                              enterprise_name=payload.enterprise_name),
    )  # fmt: skip
    return Status(201, _registration_out(registration))


@router.post("/caravans/registrations/{registration_id}/cancel", response=StopRegistrationOut,
             summary="Annuler une inscription (l'inscrit ou un agent) ; la place va au premier en attente")  # fmt: skip
def cancel(request, registration_id: int):
    registration = get_object_or_404(Registration.objects.visible_to(request.user), pk=registration_id)
    return _registration_out(registration_cancel(actor=request.user, registration=registration))


class ListEntry(Schema):
    code: str
    name: str
    enterprise: str
    state: str
    seq: int
    gender: str


class CheckInList(Schema):
    stop: StopOut
    generated_at: datetime
    registrations: list[ListEntry]


@router.get("/caravans/stops/{stop_id}/check-in-list", response=CheckInList,
            summary="Liste de l'escale à télécharger sur l'appareil de pointage avant l'ouverture",
            url_name="caravan_check_in_list")  # fmt: skip
def download_list(request, stop_id: int):
    from moukawil.core import clock

    stop = get_object_or_404(Stop.objects.select_related("campaign", "region", "host"), pk=stop_id)
    rows = check_in_list(actor=request.user, stop=stop)
    return {"stop": _stop_out(stop), "generated_at": clock.now(), "registrations": rows}


class ScanIn(Schema):
    uuid: str = Field(..., description="Identifiant fait par l'appareil (UUID) : un envoi rejoué ne compte qu'une fois")
    code: str = Field(..., description="Code lu (QR « MKC:<escale>:<code> ») ou saisi")
    scanned_at: str = Field(..., description="Heure de lecture (ISO 8601)")


class WalkInIn(Schema):
    uuid: str
    name: str
    gender: str
    phone: str = ""
    email: str = ""
    enterprise_name: str = ""
    scanned_at: str


class SyncIn(Schema):
    device: str = Field(..., description="Nom de l'appareil (64 caractères au plus)")
    scans: list[ScanIn] = Field(default_factory=list, max_length=MAX_BATCH)
    walk_ins: list[WalkInIn] = Field(default_factory=list, max_length=MAX_BATCH)


class ScanResultOut(Schema):
    uuid: str
    outcome: str = Field(..., description="accepted, duplicate, conflict ou refused")
    reason: str = Field(..., description="Motif, en français")
    reason_text: str = Field(
        ..., description="Le même motif dans la langue de la requête (cookie de langue, Accept-Language) : en arabe "
        "pour une page de pointage en arabe ; en français sinon"
    )  # fmt: skip
    registration_id: int | None
    code: str
    name: str
    replayed: bool


class SyncOut(Schema):
    results: list[ScanResultOut]
    present: int


@router.post("/caravans/stops/{stop_id}/sync", response=SyncOut,
             summary="Synchroniser les pointages d'un appareil (idempotent ; conflits signalés)",
             url_name="caravan_sync")  # fmt: skip
def sync(request, stop_id: int, payload: SyncIn):
    stop = get_object_or_404(Stop.objects.select_related("region"), pk=stop_id)
    report = scans_sync(
        actor=request.user, stop=stop, device=payload.device, scans=[s.dict() for s in payload.scans],
        walk_ins=[w.dict() for w in payload.walk_ins],
    )  # fmt: skip
    return {"results": [{**r.__dict__, "reason_text": r.reason_text} for r in report.results],
            "present": selectors.present_total(stops=Stop.objects.filter(pk=stop.pk))}  # fmt: skip


class StopResultOut(Schema):
    stop_id: int
    city: str
    region_code: str
    day: date
    registered: int
    present: int
    walk_ins: int
    waiting: int
    women: int
    men: int
    outcomes: dict[str, int]


class ResultsOut(Schema):
    campaign: str
    cities: int
    stops: list[StopResultOut]
    totals: dict[str, int]
    outcomes: dict[str, int]
    outcome_labels: dict[str, str]


@router.get("/caravans/campaigns/{code}/results", response=ResultsOut, summary="Bilan d'une campagne")
def campaign_results(request, code: str):
    require(can_view_results(request.user))
    campaign = get_object_or_404(Campaign, code=code)
    stops = Stop.objects.visible_to(request.user).filter(campaign=campaign)
    found = selectors.results(stops, campaign=campaign)
    return {
        "campaign": campaign.code, "cities": found.cities,
        "stops": [{"stop_id": r.stop.pk, "city": r.stop.city, "region_code": r.stop.region.code, "day": r.stop.day,
                   **{k: r.counts[k] for k in ("registered", "present", "walk_ins", "waiting", "women", "men")},
                   "outcomes": r.outcomes} for r in found.rows],
        "totals": found.totals, "outcomes": found.outcome_totals, "outcome_labels": found.outcome_labels,
    }  # fmt: skip
