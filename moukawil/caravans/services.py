"""Caravan services: campaigns and stops, registration with capacity and an ordered waiting list, cancellation
(which promotes the first waiting), check-in at the counter, the batch sync of offline devices and walk-ins.

Capacity is decided under the stop's lock: ``select_for_update`` on PostgreSQL, the IMMEDIATE transaction of SQLite
(settings: writers queue at BEGIN). The lock also gives each registration its order number (``Stop.last_seq``), so
the waiting list is promoted in the order people registered, whatever the clocks of concurrent requests say.
"""

from __future__ import annotations

import functools
import re
import secrets
import uuid as uuidlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_noop

from moukawil.core import clock, formats, inputs
from moukawil.core.audit import audit_log, stored_actor
from moukawil.core.enums import AuditEventType
from moukawil.core.errors import BusinessError, Conflict, localise
from moukawil.core.permissions import require

from .models import (
    Campaign,
    CampaignTransition,
    Channel,
    Gender,
    Registration,
    RegistrationTransition,
    Scan,
    Service,
    Stop,
    StopTransition,
)
from .permissions import can_act, can_act_on_campaign, can_act_on_stop, can_check_in, can_manage, can_register
from .workflow import (
    CAMPAIGN_WORKFLOW,
    HOLDING_A_PLACE,
    OPEN_STOP_STATES,
    STOP_WORKFLOW,
    WORKFLOW,
    CampaignState,
    State,
    StopState,
)

CODE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY3479"  # no 0/O, 1/I, 2/Z, 5/S, 8/B: read aloud or typed at a door
CODE_LENGTH = 8
MAX_NAME = 150
MAX_BATCH = 1000  # scans per sync request: a day at a busy stop fits in a few


# --- Text inputs ------------------------------------------------------------------------------------------------


def clean_text(value, *, field: str, label: str, maximum: int, required: bool = True) -> str:
    text = "" if value is None else str(value)
    if "\x00" in text:
        raise BusinessError.of("input.nul", gettext_noop("%(label)s contient un caractère interdit."), field=field,
                               label=label)  # fmt: skip
    text = " ".join(text.split())
    if required and not text:
        raise BusinessError.of("input.required", gettext_noop("%(label)s est obligatoire."), field=field, label=label)
    if len(text) > maximum:
        raise BusinessError.of(
            "input.too_long", gettext_noop("%(label)s dépasse %(max)s caractères."), field=field, label=label,
            max=maximum,
        )  # fmt: skip
    return text


def clean_email(value) -> str:
    email = clean_text(value, field="email", label="E-mail", maximum=254, required=False).lower()
    if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise BusinessError.of("input.email", gettext_noop("L'adresse e-mail n'est pas valide."), field="email")
    return email


def clean_phone(value) -> str:
    phone = clean_text(value, field="phone", label="Téléphone", maximum=16, required=False).replace(" ", "")
    if phone and not re.fullmatch(r"\+?\d{9,15}", phone):
        raise BusinessError.of("input.phone", gettext_noop("Le numéro de téléphone n'est pas valide."), field="phone")
    return phone


def clean_gender(value) -> str:
    if not isinstance(value, str) or value not in Gender.values:
        raise BusinessError.of("input.gender", gettext_noop("Indiquez le sexe (F ou M)."), field="gender")
    return value


# --- Campaigns and stops ----------------------------------------------------------------------------------------


def campaign_create(
    *, actor, code: str, title_fr: str, starts_on: date, ends_on: date, title_ar: str = "", programme=None,
    organiser=None, summary_fr: str = "", summary_ar: str = "",
) -> Campaign:  # fmt: skip
    require(can_manage(actor))
    code = clean_text(code, field="code", label="Code", maximum=40)
    if not re.fullmatch(r"[a-z0-9-]+", code):
        raise BusinessError.of("campaign.code", gettext_noop("Le code ne contient que des minuscules, chiffres et "
                                                              "tirets."), field="code")  # fmt: skip
    title_fr = clean_text(title_fr, field="title_fr", label="Intitulé", maximum=150)
    inputs.day(starts_on, field="starts_on", label="Début", earliest=date(inputs.FIRST_YEAR, 1, 1))
    inputs.day(ends_on, field="ends_on", label="Fin", earliest=date(inputs.FIRST_YEAR, 1, 1))
    if ends_on < starts_on:
        raise BusinessError.of("campaign.dates", gettext_noop("La fin de la campagne précède son début."),
                               field="ends_on")  # fmt: skip
    try:
        with transaction.atomic():
            campaign = Campaign.objects.create(
                code=code, title_fr=title_fr, title_ar=clean_text(title_ar, field="title_ar", label="Intitulé",
                                                                  maximum=150, required=False),
                programme=programme, organiser=organiser, starts_on=starts_on, ends_on=ends_on,
                summary_fr=summary_fr, summary_ar=summary_ar,
            )  # fmt: skip
            audit_log(actor=actor, event_type=AuditEventType.CARAVAN_SAVED, target=campaign,
                      after={"code": code, "starts_on": starts_on, "ends_on": ends_on})  # fmt: skip
    except IntegrityError as exc:
        raise Conflict.of("campaign.code_taken", gettext_noop("Une campagne porte déjà ce code."),
                          field="code") from exc  # fmt: skip
    return campaign


def stop_create(
    *, actor, campaign: Campaign, city: str, province, venue: str, day: date, opens_at: time, closes_at: time,
    capacity, services: Iterable[str] = (), host=None, city_ar: str = "", venue_ar: str = "",
) -> Stop:  # fmt: skip
    require(can_manage(actor, region=province.region_id))
    state, starts_on, ends_on = (
        Campaign.objects.filter(pk=campaign.pk).values_list("state", "starts_on", "ends_on").get()
    )  # not a stale copy's
    if state in (CampaignState.CLOSED, CampaignState.CANCELLED):
        raise Conflict.of("stop.campaign_over", gettext_noop("La campagne est close ou annulée : on n'y ajoute plus "
                                                             "d'escale."), field="campaign")  # fmt: skip
    city = clean_text(city, field="city", label="Ville", maximum=80)
    venue = clean_text(venue, field="venue", label="Lieu", maximum=200)
    venue_ar = clean_text(venue_ar, field="venue_ar", label="Lieu (arabe)", maximum=200, required=False)
    capacity = inputs.whole_number(capacity, field="capacity", label="Places", minimum=1, maximum=100_000)
    inputs.day(day, field="day", label="Date", earliest=date(inputs.FIRST_YEAR, 1, 1))
    if not starts_on <= day <= ends_on:
        raise BusinessError.of(
            "stop.day_outside",
            gettext_noop("Date : l'escale doit avoir lieu pendant la campagne, du %(start)s au %(end)s."),
            field="day", start=formats.date(starts_on), end=formats.date(ends_on),
        )  # fmt: skip
    if closes_at <= opens_at:
        raise BusinessError.of("stop.hours", gettext_noop("La fermeture précède l'ouverture."), field="closes_at")
    services = list(dict.fromkeys(services))
    unknown = [s for s in services if s not in Service.values]
    if unknown:
        raise BusinessError.of("stop.service", gettext_noop("Service inconnu : %(service)s."), field="services",
                               service=unknown[0][:40])  # fmt: skip
    with transaction.atomic():
        stop = Stop.objects.create(
            campaign=campaign, city=city, city_ar=city_ar, province=province, region_id=province.region_id,
            host=host, venue=venue, venue_ar=venue_ar, day=day, opens_at=opens_at, closes_at=closes_at,
            capacity=capacity,
            services=services,
        )  # fmt: skip
        audit_log(actor=actor, event_type=AuditEventType.CARAVAN_SAVED, target=stop, region=stop.region,
                  after={"campaign": campaign.code, "city": city, "day": day, "capacity": capacity})  # fmt: skip
    return stop


# --- Registration -----------------------------------------------------------------------------------------------


@dataclass
class Registrant:
    name: str
    gender: str
    email: str = ""
    phone: str = ""
    enterprise_name: str = ""
    enterprise: Any = None  # an enterprises.Enterprise, when known

    def cleaned(self) -> Registrant:
        return Registrant(
            name=clean_text(self.name, field="name", label="Nom", maximum=MAX_NAME),
            gender=clean_gender(self.gender),
            email=clean_email(self.email),
            phone=clean_phone(self.phone),
            enterprise_name=clean_text(
                self.enterprise_name,
                field="enterprise_name",
                label="Entreprise ou activité",
                maximum=200,
                required=False,
            ),
            enterprise=self.enterprise,
        )


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _lock_stop(stop: Stop) -> Stop:
    """The stop, locked until the transaction ends (PostgreSQL; SQLite's IMMEDIATE transaction already holds the
    database), with its next order number taken."""
    return Stop.objects.select_for_update().get(pk=stop.pk)


def _places_taken(stop: Stop) -> int:
    return Registration.objects.filter(stop=stop, state__in=HOLDING_A_PLACE).exclude(channel=Channel.WALK_IN).count()


def _log(registration: Registration, *, name: str, from_state: str, actor, reason: str = "") -> None:
    RegistrationTransition.objects.create(
        registration=registration, name=name, from_state=from_state, to_state=registration.state,
        actor=stored_actor(actor), reason=reason,
    )  # fmt: skip
    audit_log(actor=actor, event_type=AuditEventType.CARAVAN_REGISTRATION_TRANSITION, target=registration,
              region=registration.stop.region, before={"state": from_state},
              after={"state": registration.state, "transition": name})  # fmt: skip


def registration_create(
    *, actor, stop: Stop, registrant: Registrant, channel: str = Channel.ONLINE, notify: bool = True
) -> Registration:
    """Register someone for a stop: confirmed while places remain, else on the waiting list (in order). An
    entrepreneur registers himself online; an officer at the counter or from a list."""
    require(can_register(actor, stop))
    if channel not in (Channel.ONLINE, Channel.COUNTER, Channel.BULK):
        raise BusinessError.of("caravan.channel", gettext_noop("Canal inconnu."), field="channel")
    data = registrant.cleaned()
    own = getattr(actor, "role", None) == "entrepreneur"
    if stop.day < clock.today():
        raise Conflict.of("caravan.past", gettext_noop("Cette escale a déjà eu lieu : les inscriptions sont closes."),
                          field="stop")  # fmt: skip
    try:
        with transaction.atomic():
            locked = _lock_stop(stop)
            refuse_registration(locked)  # read under the lock: a stop cancelled meanwhile takes no one
            locked.last_seq += 1
            locked.save(update_fields=["last_seq"])
            state = State.CONFIRMED if _places_taken(locked) < locked.capacity else State.WAITING
            registration = Registration.objects.create(
                stop=locked, seq=locked.last_seq, code=_new_code(), state=state, channel=channel, name=data.name,
                gender=data.gender, email=data.email, phone=data.phone, enterprise=data.enterprise,
                enterprise_name=data.enterprise_name or getattr(data.enterprise, "name", ""),
                user=actor if own else None, created_by=stored_actor(actor),
            )  # fmt: skip
            _log(registration, name="register", from_state="", actor=actor)
            audit_log(actor=actor, event_type=AuditEventType.CARAVAN_REGISTERED, target=registration,
                      region=locked.region, after={"stop": locked.pk, "state": state, "seq": registration.seq,
                                                   "channel": channel})  # fmt: skip
            if notify and registration.email:
                transaction.on_commit(lambda: _send_confirmation(registration.pk))
    except IntegrityError as exc:
        raise Conflict.of("caravan.already_registered", gettext_noop("Cette personne est déjà inscrite à cette "
                          "escale."), field="email") from exc  # fmt: skip
    return registration


def refuse_registration(stop: Stop) -> None:
    """Registration is open on a scheduled or held stop of a published campaign; else refused with the reason."""
    if stop.state == StopState.CANCELLED:
        raise Conflict.of("caravan.stop_cancelled", gettext_noop("Cette escale est annulée : %(reason)s"),
                          field="stop", reason=stop.cancel_reason)  # fmt: skip
    if stop.state == StopState.CLOSED:
        raise Conflict.of("caravan.stop_closed", gettext_noop("Cette escale est close : les inscriptions sont closes."),
                          field="stop")  # fmt: skip
    campaign_state = Campaign.objects.filter(pk=stop.campaign_id).values_list("state", flat=True).get()
    if campaign_state != CampaignState.PUBLISHED:
        reasons = {
            CampaignState.DRAFT: gettext_noop(
                "La campagne n'est pas encore publiée : les inscriptions ne sont pas ouvertes."
            ),
            CampaignState.CLOSED: gettext_noop("La campagne est close : les inscriptions sont closes."),
            CampaignState.CANCELLED: gettext_noop("La campagne est annulée : les inscriptions sont closes."),
        }
        raise Conflict.of("caravan.campaign_not_open", reasons[CampaignState(campaign_state)], field="stop")


def _send_confirmation(registration_id: int) -> None:
    from .tasks import confirmation_send

    confirmation_send(registration_id)


def _promote_first_waiting(stop: Stop, *, actor) -> Registration | None:
    """Inside the stop's lock: confirm the first waiting registration if a place is free."""
    if _places_taken(stop) >= stop.capacity:
        return None
    first = Registration.objects.filter(stop=stop, state=State.WAITING).order_by("seq").first()
    if first is None:
        return None
    first.state = State.CONFIRMED
    first.save(update_fields=["state"])
    _log(first, name="promote", from_state=State.WAITING, actor=actor, reason="place libérée")
    if first.email:
        transaction.on_commit(lambda: _send_confirmation(first.pk))
    return first


def registration_cancel(*, actor, registration: Registration, reason: str = "") -> Registration:
    """Cancel (the registrant himself, or an officer); a freed place goes to the first on the waiting list."""
    registration = Registration.objects.select_related("stop").get(pk=registration.pk)
    require(can_act(actor, registration, WORKFLOW["cancel"]))
    reason = clean_text(reason, field="reason", label="Motif", maximum=300, required=False)
    with transaction.atomic():
        stop = _lock_stop(registration.stop)
        registration = Registration.objects.select_related("stop__region").get(pk=registration.pk)
        require(can_act(actor, registration, WORKFLOW["cancel"]))  # the state may have moved before the lock
        before = registration.state
        registration.state = State.CANCELLED
        registration.save(update_fields=["state"])
        _log(registration, name="cancel", from_state=before, actor=actor, reason=reason)
        if before == State.CONFIRMED:
            _promote_first_waiting(stop, actor=actor)
    return registration


def stop_capacity_change(*, actor, stop: Stop, capacity) -> Stop:
    """More places: the waiting list is promoted in order into them."""
    require(can_manage(actor, region=stop.region_id))
    capacity = inputs.whole_number(capacity, field="capacity", label="Places", minimum=1, maximum=100_000)
    with transaction.atomic():
        locked = _lock_stop(stop)
        before = locked.capacity
        locked.capacity = capacity
        locked.save(update_fields=["capacity"])
        audit_log(actor=actor, event_type=AuditEventType.CARAVAN_SAVED, target=locked, region=locked.region,
                  before={"capacity": before}, after={"capacity": capacity})  # fmt: skip
        while _promote_first_waiting(locked, actor=actor):
            pass
    return locked


def _check_in(registration: Registration, *, actor, device: str, at: datetime) -> None:
    registration.state = State.PRESENT
    registration.checked_in_at = at
    registration.checked_in_device = device[:64]
    registration.save(update_fields=["state", "checked_in_at", "checked_in_device"])
    _log(registration, name="check_in", from_state=State.CONFIRMED, actor=actor)


def registration_check_in(*, actor, registration: Registration, device: str = "guichet") -> Registration:
    """Check someone in from a page with the network (the offline devices go through :func:`scans_sync`)."""
    registration = Registration.objects.select_related("stop__region").get(pk=registration.pk)
    require(can_act(actor, registration, WORKFLOW["check_in"]))
    with transaction.atomic():
        _lock_stop(registration.stop)
        registration = Registration.objects.select_related("stop__region").get(pk=registration.pk)
        require(can_act(actor, registration, WORKFLOW["check_in"]))
        if registration.stop.day > clock.today():
            raise Conflict.of("caravan.check_in_not_yet", gettext_noop("L'escale a lieu le %(day)s : aucun pointage "
                              "avant ce jour-là."), field="stop", day=formats.date(registration.stop.day))  # fmt: skip
        _check_in(registration, actor=actor, device=device, at=clock.now())
    return registration


# --- The batch sync of check-in devices -------------------------------------------------------------------------


@dataclass
class ScanResult:
    uuid: str
    outcome: str
    reason: str = ""
    registration_id: int | None = None
    code: str = ""
    name: str = ""
    replayed: bool = False  # this identifier was already synced: the stored result is returned again
    reason_localised: list | None = None  # ``[msgid, params]``: the reason again, for the reader's language

    @property
    def reason_text(self) -> str:
        """The reason in the active language (the check-in page's), where ``reason`` stays French (the API's)."""
        return localise(*self.reason_localised) if self.reason_localised else self.reason


@dataclass
class SyncReport:
    results: list[ScanResult] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.results if r.outcome == outcome and not r.replayed)


def _uuid(value, *, index: int) -> uuidlib.UUID:
    try:
        return uuidlib.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        raise BusinessError.of(
            "sync.uuid", gettext_noop("Pointage %(n)s : identifiant invalide (un UUID est attendu)."), field="uuid",
            n=index + 1,
        ) from None  # fmt: skip


def _moment(value, *, index: int) -> datetime:
    moment = parse_datetime(str(value)) if value else None
    if moment is None:
        raise BusinessError.of("sync.time", gettext_noop("Pointage %(n)s : heure de lecture invalide."),
                               field="scanned_at", n=index + 1)  # fmt: skip
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if not (datetime(inputs.FIRST_YEAR, 1, 1, tzinfo=moment.tzinfo) <= moment <= clock.now() + _SKEW):
        raise BusinessError.of("sync.time", gettext_noop("Pointage %(n)s : heure de lecture invalide."),
                               field="scanned_at", n=index + 1)  # fmt: skip
    return moment


_SKEW = timedelta(days=1)  # a phone's clock may be off; a scan dated far in the future is not believed


def _reason(template: str, **params) -> tuple[str, list]:
    """A scan's reason: the French text (the API, the device) and ``[msgid, params]`` stored with it, so that a page
    shows it again in the reader's language (``Scan.reason_text``)."""
    return (template % params if params else template), [template, params]


def _too_early(stop: Stop, at: datetime) -> bool:
    """A scan cannot count yet: its stop's day is still ahead (today, by the server's clock, or when the phone
    scanned). From the stop's day on, a scan counts whether the stop is scheduled or held (an offline phone may scan
    before an officer opens the check-in), and a closed stop still takes the late syncs of its day."""
    return stop.day > clock.today() or timezone.localdate(at) < stop.day


def _code_of(raw: str) -> str:
    """The code read from a QR code (``MKC:<stop>:<code>``) or typed (any case, with spaces)."""
    text = raw.strip().upper()
    if text.startswith("MKC:"):
        text = text.rsplit(":", 1)[-1]
    return re.sub(r"[\s-]", "", text)


def _result(scan: Scan, *, replayed: bool = False) -> ScanResult:
    registration = scan.registration
    return ScanResult(
        uuid=str(scan.uuid), outcome=scan.outcome, reason=scan.reason, reason_localised=scan.reason_localised,
        replayed=replayed,
        registration_id=scan.registration_id, code=registration.code if registration else scan.code,
        name=registration.name if registration else "",
    )  # fmt: skip


def _merge_scan(*, actor, stop: Stop, device: str, item: dict, index: int, known: dict) -> ScanResult:
    scan_uuid = _uuid(item.get("uuid"), index=index)
    if scan_uuid in known:  # replayed: the batch (or this scan) was already synced
        return _result(known[scan_uuid], replayed=True)
    at = _moment(item.get("scanned_at"), index=index)
    raw = clean_text(item.get("code"), field="code", label="Code", maximum=64)
    code = _code_of(raw)
    registration = Registration.objects.select_related("stop").filter(code=code).first()
    outcome, (reason, localised) = Scan.Outcome.ACCEPTED, ("", None)
    if registration is None:
        outcome = Scan.Outcome.REFUSED
        reason, localised = _reason(gettext_noop("Code inconnu : %(code)s."), code=code[:20])
    elif registration.stop_id != stop.pk:
        other = registration.stop
        outcome = Scan.Outcome.REFUSED
        reason, localised = _reason(gettext_noop("Inscription pour une autre escale : %(city)s, le %(day)s."),
                                    city=other.city, city_ar=other.city_ar, day=formats.date(other.day))  # fmt: skip
    elif _too_early(stop, at):
        outcome = Scan.Outcome.REFUSED
        reason, localised = _reason(gettext_noop("L'escale a lieu le %(day)s : aucun pointage avant ce jour-là."),
                                    day=formats.date(stop.day))  # fmt: skip
    elif registration.state == State.PRESENT:
        outcome = Scan.Outcome.DUPLICATE
        reason, localised = _reason(gettext_noop("Déjà pointé à %(time)s (%(device)s)."),
                                    time=f"{timezone.localtime(registration.checked_in_at):%H:%M}",
                                    device=registration.checked_in_device)  # fmt: skip
    elif registration.state == State.CANCELLED:
        outcome = Scan.Outcome.CONFLICT
        reason, localised = _reason(gettext_noop("Inscription annulée avant la venue : à régulariser à l'accueil."))
    elif registration.state == State.WAITING:
        outcome = Scan.Outcome.CONFLICT
        reason, localised = _reason(gettext_noop("Personne en liste d'attente, sans place confirmée : à "
                                                 "régulariser."))  # fmt: skip
    if outcome == Scan.Outcome.ACCEPTED and registration is not None:
        _check_in(registration, actor=actor, device=device, at=at)
    scan = Scan.objects.create(
        uuid=scan_uuid, stop=stop, registration=registration, code=code[:64], device=device, scanned_at=at,
        outcome=outcome, reason=reason[:300], reason_localised=localised,
        created_by=stored_actor(actor),
    )  # fmt: skip
    known[scan_uuid] = scan
    return _result(scan)


def _merge_walk_in(*, actor, stop: Stop, device: str, item: dict, index: int) -> ScanResult:
    walk_uuid = _uuid(item.get("uuid"), index=index)
    existing = Registration.objects.filter(client_uuid=walk_uuid).first()
    if existing is not None:
        return ScanResult(str(walk_uuid), Scan.Outcome.ACCEPTED, registration_id=existing.pk, code=existing.code,
                          name=existing.name, replayed=True)  # fmt: skip
    refused = Scan.objects.filter(uuid=walk_uuid).first()
    if refused is not None:  # a walk-in refused before (made before the stop's day), replayed
        return ScanResult(str(walk_uuid), refused.outcome, reason=refused.reason,
                          reason_localised=refused.reason_localised, replayed=True)  # fmt: skip
    at = _moment(item.get("scanned_at"), index=index)
    data = Registrant(
        name=item.get("name") or "", gender=item.get("gender") or "", phone=item.get("phone") or "",
        email=item.get("email") or "", enterprise_name=item.get("enterprise_name") or "",
    ).cleaned()  # fmt: skip
    if _too_early(stop, at):  # kept with its reason (reported, not lost); nobody counted
        reason, localised = _reason(
            gettext_noop("Inscription sur place de %(name)s : l'escale a lieu le %(day)s, aucun pointage avant ce "
                         "jour-là."), name=data.name, day=formats.date(stop.day),
        )  # fmt: skip
        Scan.objects.create(
            uuid=walk_uuid, stop=stop, code="", device=device, scanned_at=at, outcome=Scan.Outcome.REFUSED,
            reason=reason[:300], reason_localised=localised,
            created_by=stored_actor(actor),
        )  # fmt: skip
        return ScanResult(str(walk_uuid), Scan.Outcome.REFUSED, reason=reason[:300], name=data.name,
                          reason_localised=localised)  # fmt: skip
    stop.last_seq += 1
    stop.save(update_fields=["last_seq"])
    registration = Registration.objects.create(
        stop=stop, seq=stop.last_seq, code=_new_code(), state=State.PRESENT, channel=Channel.WALK_IN,
        name=data.name, gender=data.gender, phone=data.phone, email=data.email,
        enterprise_name=data.enterprise_name, client_uuid=walk_uuid, checked_in_at=at, checked_in_device=device,
        created_by=stored_actor(actor),
    )  # fmt: skip
    _log(registration, name="walk_in", from_state="", actor=actor)
    return ScanResult(str(walk_uuid), Scan.Outcome.ACCEPTED, registration_id=registration.pk, code=registration.code,
                      name=registration.name)  # fmt: skip


def scans_sync(*, actor, stop: Stop, device: str, scans: list[dict], walk_ins: list[dict] | None = None) -> SyncReport:
    """Merge a device's queue: each scan and walk-in carries the device's own UUID, so a batch sent twice, or the
    same attendee scanned on two devices, is counted once; a scan the server cannot accept (another stop, an
    unknown code, a cancelled registration) is stored with its reason and reported, never dropped."""
    require(can_check_in(actor, stop))
    device = clean_text(device, field="device", label="Appareil", maximum=64)
    walk_ins = walk_ins or []
    if len(scans) + len(walk_ins) > MAX_BATCH:
        raise BusinessError.of("sync.too_many", gettext_noop("Un envoi compte au plus %(max)s pointages."),
                               field="scans", max=MAX_BATCH)  # fmt: skip
    report = SyncReport()
    with transaction.atomic():
        locked = _lock_stop(stop)
        if locked.state == StopState.CANCELLED:  # the device keeps its queue; nobody is counted at a cancelled stop
            raise Conflict.of("sync.stop_cancelled", gettext_noop("Escale annulée : %(reason)s"), field="stop",
                              reason=locked.cancel_reason)  # fmt: skip
        uuids = [item.get("uuid") for item in scans]
        valid = []
        for i, value in enumerate(uuids):
            valid.append(_uuid(value, index=i))
        known = {s.uuid: s for s in Scan.objects.select_related("registration").filter(uuid__in=valid)}
        for index, item in enumerate(walk_ins):
            report.results.append(_merge_walk_in(actor=actor, stop=locked, device=device, item=item, index=index))
        # Scans in the order they were made, whatever device order they came in.
        ordered = sorted(enumerate(scans), key=lambda pair: str(pair[1].get("scanned_at") or ""))
        for index, item in ordered:
            report.results.append(
                _merge_scan(actor=actor, stop=locked, device=device, item=item, index=index, known=known)
            )
        fresh = [r for r in report.results if not r.replayed]
        if fresh:
            audit_log(
                actor=actor, event_type=AuditEventType.CARAVAN_SCANS_SYNCED, target=locked, region=locked.region,
                after={"device": device, **{o: report.count(o) for o in Scan.Outcome.values}},
            )  # fmt: skip
    return report


def check_in_list(*, actor, stop: Stop) -> list[dict]:
    """What a device downloads before the doors open: every registration of the stop with its state."""
    require(can_check_in(actor, stop))
    rows = Registration.objects.filter(stop=stop).exclude(state=State.CANCELLED).order_by("seq")
    return [
        {"code": r.code, "name": r.name, "enterprise": r.enterprise_name, "state": r.state, "seq": r.seq,
         "gender": r.gender}
        for r in rows.only("code", "name", "enterprise_name", "state", "seq", "gender")
    ]  # fmt: skip


def registrations_import(*, actor, stop: Stop, rows: list[dict], progress=None) -> dict:
    """A list of registrants (bulk channel): each row through :func:`registration_create`, so capacity and the
    waiting list apply; a row refused is reported with its line and reason; rerun, a row already registered (same
    e-mail) is skipped."""
    require(can_register(actor, stop))
    created, skipped, errors = 0, 0, []
    for line, row in enumerate(rows, start=2):
        email = (row.get("email") or "").strip().lower()
        if email and Registration.objects.active().filter(stop=stop, email=email).exists():
            skipped += 1
            continue
        try:
            registration_create(
                actor=actor, stop=stop, channel=Channel.BULK,
                registrant=Registrant(name=row.get("name") or "", gender=(row.get("gender") or "").strip().upper(),
                                      email=email, phone=row.get("phone") or "",
                                      enterprise_name=row.get("enterprise") or ""),
            )  # fmt: skip
            created += 1
        except BusinessError as error:
            errors.append({"line": line, "field": error.field or "", "message": error.message})
        if progress:
            progress("import", line - 1, len(rows))
    return {"created": created, "skipped": skipped, "errors": errors[:200]}


def waiting_position(registration: Registration) -> int | None:
    if registration.state != State.WAITING:
        return None
    return Registration.objects.filter(stop_id=registration.stop_id, state=State.WAITING,
                                       seq__lt=registration.seq).count() + 1  # fmt: skip


# --- The workflows of a campaign and of its stops ----------------------------------------------------------------


def _cities(stops, language: str = "fr") -> str:
    if language == "ar":
        return "، ".join(dict.fromkeys(s.city_ar or s.city for s in stops))
    return ", ".join(dict.fromkeys(s.city for s in stops))


def campaign_transition(*, actor, campaign: Campaign, name: str, reason: str = "") -> Campaign:
    """Publish a campaign (it then shows in the public calendar and takes registrations), close it once its stops
    are over, or cancel it with a reason (its scheduled stops are cancelled, their registrants told)."""
    move = CAMPAIGN_WORKFLOW.get(name)
    reason = clean_text(reason, field="reason", label="Motif", maximum=300, required=move.needs_reason)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        require(can_act_on_campaign(actor, campaign, move))
        stops = list(campaign.stops.order_by("day", "city"))
        if move.target == CampaignState.PUBLISHED and not stops:
            raise BusinessError.of("campaign.no_stop", gettext_noop("Ajoutez au moins une escale avant de publier la "
                                                                    "campagne."), field="name")  # fmt: skip
        if move.target == CampaignState.CLOSED:
            open_stops = [s for s in stops if s.state in OPEN_STOP_STATES]
            if open_stops:
                raise Conflict.of("campaign.stops_open", gettext_noop("Escales pas encore clôturées : %(cities)s. "
                                  "Clôturez-les ou annulez-les d'abord."), field="name",
                                  cities=_cities(open_stops), cities_ar=_cities(open_stops, "ar"))  # fmt: skip
        if move.target == CampaignState.CANCELLED:
            held = [s for s in stops if s.state in (StopState.HELD, StopState.CLOSED)]
            if held:
                raise Conflict.of("campaign.stops_held", gettext_noop("Escales déjà tenues : %(cities)s. Clôturez la "
                                  "campagne plutôt que de l'annuler."), field="name", cities=_cities(held),
                                  cities_ar=_cities(held, "ar"))  # fmt: skip
        before = campaign.state
        campaign.state = move.target
        campaign.save(update_fields=["state"])
        CampaignTransition.objects.create(
            campaign=campaign, name=name, from_state=before, to_state=campaign.state,
            actor=stored_actor(actor), reason=reason,
        )  # fmt: skip
        audit_log(
            actor=actor, event_type=AuditEventType.CARAVAN_CAMPAIGN_TRANSITION, target=campaign,
            before={"state": before}, after={"state": campaign.state, "transition": name, "reason": reason},
        )  # fmt: skip
        if move.target == CampaignState.CANCELLED:
            for stop in stops:
                if stop.state == StopState.SCHEDULED:
                    _stop_fire(actor=actor, stop=_lock_stop(stop), name="cancel", reason=reason, checked=True)
    return campaign


def stop_transition(*, actor, stop: Stop, name: str, reason: str = "") -> Stop:
    """Open a stop's check-in on its day (held), close it, or cancel it with a reason: its registrations are
    cancelled and each registrant with an e-mail is told why."""
    move = STOP_WORKFLOW.get(name)
    reason = clean_text(reason, field="reason", label="Motif", maximum=300, required=move.needs_reason)
    with transaction.atomic():
        locked = _lock_stop(stop)
        return _stop_fire(actor=actor, stop=locked, name=name, reason=reason)


def _stop_fire(*, actor, stop: Stop, name: str, reason: str, checked: bool = False) -> Stop:
    """Inside the stop's lock (or the campaign's, when the campaign is cancelled)."""
    move = STOP_WORKFLOW[name]
    if not checked:
        require(can_act_on_stop(actor, stop, move))
    if move.target == StopState.HELD:
        campaign_state = Campaign.objects.filter(pk=stop.campaign_id).values_list("state", flat=True).get()
        if campaign_state != CampaignState.PUBLISHED:
            raise Conflict.of("stop.campaign_not_published", gettext_noop("La campagne n'est pas publiée : l'accueil "
                              "ne s'ouvre pas."), field="name")  # fmt: skip
        if stop.day > clock.today():
            raise Conflict.of("stop.not_yet", gettext_noop("L'escale a lieu le %(day)s : l'accueil s'ouvre ce "
                              "jour-là."), field="name", day=formats.date(stop.day))  # fmt: skip
    before = stop.state
    stop.state = move.target
    if move.target == StopState.CANCELLED:
        stop.cancel_reason = reason
    stop.save(update_fields=["state", "cancel_reason"])
    StopTransition.objects.create(stop=stop, name=name, from_state=before, to_state=stop.state,
                                  actor=stored_actor(actor), reason=reason)  # fmt: skip
    told = []
    if move.target == StopState.CANCELLED:
        for registration in Registration.objects.filter(stop=stop, state__in=[State.CONFIRMED, State.WAITING]):
            from_state = registration.state
            registration.state = State.CANCELLED
            registration.save(update_fields=["state"])
            registration.stop = stop
            _log(registration, name="cancel", from_state=from_state, actor=actor, reason=f"Escale annulée : {reason}")
            if registration.email:
                told.append(registration.pk)
        for pk in told:
            transaction.on_commit(functools.partial(_send_cancellation, pk))
    audit_log(actor=actor, event_type=AuditEventType.CARAVAN_STOP_TRANSITION, target=stop, region=stop.region,
              before={"state": before}, after={"state": stop.state, "transition": name, "reason": reason,
                                               "registrants_told": len(told)})  # fmt: skip
    return stop


def _send_cancellation(registration_id: int) -> None:
    from .tasks import cancellation_send

    cancellation_send(registration_id)


# --- Register applications filed at a stop ------------------------------------------------------------------------


def stop_for_filing(value, user) -> Stop | None:
    """The stop a register application form or the API names (its id), checked by :func:`stop_check_for_filing`;
    None when none is named."""
    if value in (None, ""):
        return None
    try:
        pk = int(value)
    except (TypeError, ValueError):
        pk = None
    stop = Stop.objects.filter(pk=pk).first() if pk and 0 < pk < 2**63 else None
    if stop is None:
        raise BusinessError.of("application.stop_unknown", gettext_noop("Escale inconnue : %(stop)s."), field="stop",
                               stop=str(value)[:20])  # fmt: skip
    stop_check_for_filing(stop, user)
    return stop


def stop_check_for_filing(stop: Stop, user) -> None:
    """A register application is filed at a stop by an officer of its region (the agency anywhere), while the stop
    is scheduled or held and its campaign published: the registry's ``application_create`` calls this, so the
    counter form, the API and an import refuse the same stops with the same French message."""
    from moukawil.accounts.scoping import scope_of

    if getattr(user, "role", None) == "entrepreneur":
        raise BusinessError.of("application.stop_officer", gettext_noop("Une demande déposée à une escale est saisie "
                               "par un agent."), field="stop")  # fmt: skip
    if not Stop.objects.visible_to(scope_of(user)).filter(pk=stop.pk).exists():
        raise BusinessError.of(
            "application.stop_region",
            gettext_noop("L'escale de %(city)s relève d'une autre région : choisissez une escale de votre région."),
            field="stop", city=stop.city,
        )  # fmt: skip
    if stop.state == StopState.CANCELLED:
        raise BusinessError.of("application.stop_cancelled", gettext_noop("L'escale de %(city)s est annulée : "
                               "%(reason)s"), field="stop", city=stop.city, reason=stop.cancel_reason)  # fmt: skip
    if stop.state == StopState.CLOSED:
        raise BusinessError.of("application.stop_closed", gettext_noop("L'escale de %(city)s est close."),
                               field="stop", city=stop.city)  # fmt: skip
    if not Campaign.objects.filter(pk=stop.campaign_id, state=CampaignState.PUBLISHED).exists():
        raise BusinessError.of("application.stop_unpublished", gettext_noop("La campagne de l'escale de %(city)s "
                               "n'est pas publiée."), field="stop", city=stop.city)  # fmt: skip
