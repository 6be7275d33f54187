"""Infitah's writes: sessions and registrations, the permit, vendors and offers, pack orders with the subsidy
committed on the call's budget, the bank's financing decision, delivery and receipt, lapse after 30 days.

Every service checks its own permission first (``permissions.py``), runs in one transaction, logs its transition
(``InfitahTransition``) and an audit event. Budget: an order locks the Infitah call of the order's date
(``select_for_update``, as ``programmes.services.subsidy_commit`` does) and adds its subsidy to ``Call.committed``;
a refusal of financing, a cancellation or a lapse takes it back. The call's ``CheckConstraint`` (committed ≤ budget)
stands behind the check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from moukawil.accounts.enums import Role
from moukawil.certificates.kinds import number_next
from moukawil.core import clock, inputs, policy
from moukawil.core.audit import audit_log, audit_log_bulk, stored_actor
from moukawil.core.enums import AuditEventType
from moukawil.core.errors import BusinessError, Conflict
from moukawil.core.permissions import require
from moukawil.enterprises.models import Enterprise
from moukawil.programmes.criteria import Candidate, evaluate
from moukawil.programmes.models import Call, Programme
from moukawil.territory.enums import OrganisationKind
from moukawil.territory.models import Organisation

from .calculation import pack_split
from .models import (
    Channel,
    FinancingRequest,
    InfitahTransition,
    Offer,
    PackOrder,
    Permit,
    TrainingRegistration,
    TrainingSession,
    Vendor,
)
from .permissions import (
    can_agency,
    can_enrol,
    can_issue_permit,
    can_manage_training,
    can_order,
    can_vendor,
    financing_check,
    offer_check,
    order_check,
    registration_check,
    vendor_check,
)
from .workflow import (
    FINANCING,
    HOLDING,
    LAPSING,
    OFFER_WORKFLOW,
    ORDER_WORKFLOW,
    TRAINING,
    VENDOR_WORKFLOW,
    FinancingState,
    OfferState,
    OrderState,
    TrainingState,
    VendorState,
)

PROGRAMME_CODE = "infitah"
LAPSE_DAYS = 30
MAX_TEXT = 300


def _log(workflow, file, *, name: str, before: str, actor, reason: str = "") -> None:
    InfitahTransition.objects.create(
        workflow=workflow.code, file_id=file.pk, name=name, from_state=before, to_state=file.state,
        actor=stored_actor(actor), reason=reason,
    )  # fmt: skip


def _text(value, *, field: str, label: str, required: bool = True, max_length: int = MAX_TEXT) -> str:
    text = (value or "").strip()
    if "\x00" in text:
        raise BusinessError.of("infitah.text", gettext_noop("%(label)s : caractère interdit."), field=field,
                               label=label)  # fmt: skip
    if required and not text:
        raise BusinessError.of("infitah.required", gettext_noop("%(label)s : champ obligatoire."), field=field,
                               label=label)  # fmt: skip
    if len(text) > max_length:
        raise BusinessError.of(
            "infitah.too_long", gettext_noop("%(label)s : %(max)s caractères au plus."), field=field, label=label,
            max=max_length,
        )  # fmt: skip
    return text


def _tell(enterprise: Enterprise, subject: str, body: str) -> None:
    """The entrepreneur is told (by e-mail after commit; his pages show the same state and reason)."""
    address = enterprise.email or (enterprise.owner.email if enterprise.owner is not None else "")
    if address:
        transaction.on_commit(lambda: send_mail(subject, body, None, [address], fail_silently=True))


# --- Eligibility ------------------------------------------------------------------------------------------------


def programme() -> Programme:
    return Programme.objects.get(code=PROGRAMME_CODE)


def eligibility(enterprise: Enterprise, *, on: date | None = None):
    """The Infitah criteria (RC or TP in the register, TPE turnover) on the enterprise's register record: nothing to
    upload. Returns the checklist (each result with its reason)."""
    return evaluate(programme().criteria, Candidate.of_enterprise(enterprise), on or clock.today())


def _require_eligible(enterprise: Enterprise) -> None:
    failed = [r for r in eligibility(enterprise) if not r.passed]
    if failed:
        raise BusinessError(
            "infitah.ineligible", "Entreprise non éligible à Infitah : " + " ".join(r.reason for r in failed),
            field="enterprise",
        )  # fmt: skip


# --- Training sessions and registrations ------------------------------------------------------------------------


def clean_capacity(value) -> int:
    return inputs.whole_number(value, field="capacity", label=_("Capacité"), minimum=1, maximum=1000)


def session_create(
    *, actor, place: str, region, starts_on: date, capacity, trainer: Organisation | None = None, stop=None
):
    """A training session; ``stop``: the caravan stop it is held at (in the session's region, on the stop's day)."""
    require(can_manage_training(actor, region.pk))
    place = _text(place, field="place", label=_("Lieu"), max_length=200)
    capacity = clean_capacity(capacity)
    inputs.day(starts_on, field="starts_on", label=_("Date"), earliest=date(inputs.FIRST_YEAR, 1, 1))
    if stop is not None and (stop.region_id != region.pk or stop.day != starts_on):
        raise BusinessError.of(
            "infitah.session_stop",
            gettext_noop("Escale : la session se tient dans la région et le jour de l'escale (%(city)s, %(day)s)."),
            field="stop", city=stop.city, day=f"{stop.day:%d/%m/%Y}",
        )  # fmt: skip
    with transaction.atomic():
        session = TrainingSession.objects.create(
            place=place, region=region, starts_on=starts_on, capacity=capacity, trainer=trainer, stop=stop,
            created_by=stored_actor(actor),
        )  # fmt: skip
        audit_log(actor=actor, event_type=AuditEventType.INFITAH_SESSION_SAVED, target=session, region=region,
                  after={"place": place, "starts_on": starts_on, "capacity": capacity,
                         "stop": stop.pk if stop else None})  # fmt: skip
    return session


def registration_create(
    *, actor, session: TrainingSession, enterprise: Enterprise, channel: str = ""
) -> TrainingRegistration:
    """Register an eligible enterprise to a session: online (its owner), at a counter or from a list (an officer)."""
    require(can_enrol(actor, enterprise))
    if not channel:
        channel = Channel.ONLINE if getattr(actor, "role", "") == Role.ENTREPRENEUR else Channel.COUNTER
    _require_eligible(enterprise)
    existing = Permit.objects.filter(enterprise=enterprise).values_list("number", flat=True).first()
    if existing:
        raise Conflict("infitah.permit_exists", f"Cette entreprise a déjà son permis numérique n° {existing}.",
                       field="enterprise")  # fmt: skip
    try:
        with transaction.atomic():
            session = TrainingSession.objects.select_for_update().get(pk=session.pk)
            if session.starts_on < clock.today():
                raise BusinessError("infitah.session_past", "Cette session a déjà eu lieu.", field="session")
            taken = session.registrations.exclude(state=TrainingState.CANCELLED).count()
            if taken >= session.capacity:
                raise Conflict("infitah.session_full", f"Session complète ({session.capacity} places).",
                               field="session")  # fmt: skip
            registration = TrainingRegistration.objects.create(
                session=session, enterprise=enterprise, region=enterprise.region, channel=channel,
                stop_id=session.stop_id, created_by=stored_actor(actor),
            )  # fmt: skip
            _log(TRAINING, registration, name="register", before="", actor=actor)
            audit_log(actor=actor, event_type=AuditEventType.INFITAH_ENROLLED, target=registration,
                      region=enterprise.region, after={"session": session.pk, "channel": channel})  # fmt: skip
    except IntegrityError as exc:
        raise Conflict("infitah.already_registered", "Cette entreprise est déjà inscrite à cette session.",
                       field="enterprise") from exc  # fmt: skip
    return registration


@dataclass
class BulkReport:
    registered: int = 0
    errors: list[dict] | None = None

    def as_dict(self) -> dict:
        return {"registered": self.registered, "errors": self.errors or []}


def find_enterprise(identifier: str, *, user) -> Enterprise | None:
    """An enterprise of the register by ICE, RC number or taxe professionnelle number, within ``user``'s scope."""
    key = re.sub(r"[\s.\-/]", "", identifier or "")
    if not key.isdigit() or len(key) > 20:
        return None
    return Enterprise.objects.visible_to(user).filter(Q(ice=key) | Q(rc_number=key) | Q(tp_number=key)).first()


def registrations_bulk(*, actor, session: TrainingSession, identifiers: Iterable[str], progress=None) -> dict:
    """Register every enterprise of a list (ICE, RC or TP numbers, one per line) to ``session``; each refused line is
    reported with its reason. Rerunning it registers nobody twice (the unique constraint and its refusal)."""
    require(can_manage_training(actor, session.region_id))
    from moukawil.accounts.scoping import scope_of

    lines = [line.strip() for line in identifiers if line and line.strip()]
    report = BulkReport(errors=[])
    for index, line in enumerate(lines, start=1):
        enterprise = find_enterprise(line, user=scope_of(actor))
        try:
            if enterprise is None:
                raise BusinessError("infitah.unknown_enterprise", f"« {line[:40]} » : aucune entreprise du registre.")
            registration_create(actor=actor, session=session, enterprise=enterprise, channel=Channel.BULK)
            report.registered += 1
        except (BusinessError, PermissionDenied) as exc:  # every refusal is reported with its line
            message = getattr(exc, "message", None) or str(exc)
            report.errors.append({"line": index, "value": line[:40], "message": message})  # type: ignore[union-attr]
        if progress is not None:
            progress("registrations", index, len(lines))
    audit_log(actor=actor, event_type=AuditEventType.INFITAH_ENROLLED_BULK, target=session, region=session.region,
              after=report.as_dict())  # fmt: skip
    return report.as_dict()


def registration_transition(*, actor, registration: TrainingRegistration, name: str, reason: str = ""):
    """Record attendance, completion (the permit is issued in the same transaction), absence or cancellation."""
    move = TRAINING.get(name)
    with transaction.atomic():
        registration = (
            TrainingRegistration.objects.select_for_update().select_related("enterprise").get(pk=registration.pk)
        )
        require(registration_check(actor, registration, move))
        before = registration.state
        registration.state = move.target
        registration.save(update_fields=["state"])
        _log(TRAINING, registration, name=name, before=before, actor=actor, reason=reason)
        audit_log(
            actor=actor, event_type=AuditEventType.INFITAH_TRAINING_TRANSITION, target=registration,
            region=registration.region, before={"state": before}, after={"state": registration.state},
        )  # fmt: skip
        if move.target == TrainingState.COMPLETED:
            permit_issue(actor=actor, enterprise=registration.enterprise, registration=registration)
    return registration


# --- The permit -------------------------------------------------------------------------------------------------


def _stop_of(registration: TrainingRegistration | None, stop):
    """The caravan stop a permit is issued at: the one given, else the registration's, else its session's."""
    if stop is not None or registration is None:
        return stop
    if registration.stop_id is not None:
        return registration.stop
    return registration.session.stop


def permit_issue(
    *, actor, enterprise: Enterprise, registration: TrainingRegistration | None = None, stop=None
) -> Permit:
    """Issue the permis numérique, numbered gapless in the issuing transaction. One per enterprise: a second request
    is refused with the number of the first. ``stop``: the caravan stop it is issued at (by default the
    registration's or its session's)."""
    from .documents import PERMIT

    require(can_issue_permit(actor, enterprise))
    with transaction.atomic():
        Enterprise.objects.select_for_update().filter(pk=enterprise.pk).first()  # serialise two issuers
        existing = Permit.objects.filter(enterprise=enterprise).values_list("number", flat=True).first()
        if existing:
            raise Conflict("infitah.permit_exists", f"Cette entreprise a déjà son permis numérique n° {existing}.",
                           field="enterprise")  # fmt: skip
        if registration is None or registration.state != TrainingState.COMPLETED:
            raise BusinessError(
                "infitah.training_required",
                "Le permis est délivré à l'issue de la formation réussie.",
                field="registration",
            )
        today = clock.today()
        permit = Permit.objects.create(
            number=number_next(PERMIT, year=today.year), enterprise=enterprise, registration=registration,
            region=enterprise.region, issued_on=today, issued_by=stored_actor(actor), stop=_stop_of(registration, stop),
        )  # fmt: skip
        audit_log(actor=actor, event_type=AuditEventType.INFITAH_PERMIT_ISSUED, target=permit,
                  region=enterprise.region, after={"number": permit.number, "enterprise": enterprise.pk,
                                                   "stop": permit.stop_id})  # fmt: skip
    _tell(
        enterprise,
        "Permis numérique Infitah — الرخصة الرقمية",
        f"Votre permis numérique n° {permit.number} est délivré : vous pouvez commander votre pack TI.",
    )
    return permit


def permits_issue_bulk(*, actor, registrations: Iterable[TrainingRegistration], stop=None) -> list[Permit]:
    """Issue the permits of many completed trainings at once (a caravan stop's session, a list of results): the
    same checks as ``permit_issue`` for each, then the gapless numbers allocated in one block, the permits written
    set-based and one audit event per permit. All or nothing: one refusal issues none."""
    from moukawil.core.numbering import number_allocate_block, number_format

    from .documents import PERMIT

    require(can_manage_training(actor))  # an officer's or the agency's act; each permit's reach is checked below
    rows = list(registrations)
    if not rows:
        return []
    with transaction.atomic():
        ids = [r.pk for r in rows]
        rows = list(
            TrainingRegistration.objects.select_for_update(of=("self",))
            .select_related("enterprise", "session", "stop")
            .filter(pk__in=ids).order_by("pk")
        )  # fmt: skip
        for registration in rows:
            require(can_issue_permit(actor, registration.enterprise))
            if registration.state != TrainingState.COMPLETED:
                raise BusinessError(
                    "infitah.training_required", "Le permis est délivré à l'issue de la formation réussie.",
                    field="registration",
                )  # fmt: skip
        enterprise_ids = [r.enterprise_id for r in rows]
        if len(set(enterprise_ids)) != len(enterprise_ids):
            raise Conflict("infitah.permit_twice", "Une entreprise figure deux fois dans la liste.", field="enterprise")
        existing = Permit.objects.filter(enterprise_id__in=enterprise_ids).values_list("number", flat=True).first()
        if existing:
            raise Conflict(
                "infitah.permit_exists", f"Une entreprise de la liste a déjà son permis numérique n° {existing}.",
                field="enterprise",
            )  # fmt: skip
        today = clock.today()
        first = number_allocate_block(series=PERMIT.series, year=today.year, count=len(rows))
        permits = Permit.objects.bulk_create([
            Permit(
                number=number_format(series=PERMIT.series, year=today.year, value=first + i, width=PERMIT.number_width),
                enterprise_id=r.enterprise_id, registration=r, region_id=r.enterprise.region_id, issued_on=today,
                issued_by=stored_actor(actor), stop=_stop_of(r, stop),
            )
            for i, r in enumerate(rows)
        ])  # fmt: skip
        if any(p.pk is None for p in permits):  # a backend without RETURNING: read them back
            permits = list(Permit.objects.filter(registration__in=rows).order_by("number"))
        audit_log_bulk(
            actor=actor, event_type=AuditEventType.INFITAH_PERMIT_ISSUED, targets=permits,
            region_of=lambda p: SimpleNamespace(pk=p.region_id),
            after_of=lambda p: {"number": p.number, "enterprise": p.enterprise_id, "stop": p.stop_id},
        )  # fmt: skip
    return permits


def completions_record_bulk(*, actor, session: TrainingSession, enterprises: Iterable[Enterprise]) -> list[Permit]:
    """Record a held session's results in one go (a caravan stop's training, the list of who completed it): each
    eligible enterprise is registered (channel « list ») and completed on the training workflow, then the permits
    are issued with ``permits_issue_bulk`` (at the session's stop). Same checks as one by one, set-based writes, all
    or nothing."""
    from .selectors import eligible_enterprises

    require(can_manage_training(actor, session.region_id))
    enterprises = list(enterprises)
    if not enterprises:
        return []
    ids = [e.pk for e in enterprises]
    with transaction.atomic():
        session = TrainingSession.objects.select_for_update().get(pk=session.pk)
        if session.starts_on > clock.today():
            raise BusinessError("infitah.session_future", "Cette session n'a pas encore eu lieu.", field="session")
        eligible = set(eligible_enterprises(on=session.starts_on).filter(pk__in=ids).values_list("pk", flat=True))
        refused = [e for e in enterprises if e.pk not in eligible]
        if refused:
            raise BusinessError.of("infitah.ineligible", gettext_noop("Entreprise non éligible à Infitah : %(name)s."),
                                   field="enterprise", name=refused[0].name[:80])  # fmt: skip
        taken = session.registrations.exclude(state=TrainingState.CANCELLED).count()
        if taken + len(enterprises) > session.capacity:
            raise Conflict("infitah.session_full", f"Session complète ({session.capacity} places).", field="session")
        for enterprise in enterprises:
            require(can_enrol(actor, enterprise))
        try:
            with transaction.atomic():
                rows = TrainingRegistration.objects.bulk_create([
                    TrainingRegistration(session=session, enterprise=e, region_id=e.region_id, channel=Channel.BULK,
                                         state=TrainingState.COMPLETED, stop_id=session.stop_id,
                                         created_by=stored_actor(actor))
                    for e in enterprises
                ])  # fmt: skip
        except IntegrityError as exc:
            raise Conflict(
                "infitah.already_registered", "Une entreprise de la liste est déjà inscrite à cette session.",
                field="enterprise",
            ) from exc  # fmt: skip
        if any(r.pk is None for r in rows):
            rows = list(TrainingRegistration.objects.filter(session=session, enterprise_id__in=ids).order_by("pk"))
        who = stored_actor(actor)
        InfitahTransition.objects.bulk_create([
            InfitahTransition(workflow=TRAINING.code, file_id=r.pk, name=name, from_state=before, to_state=after,
                              actor=who)
            for r in rows
            for name, before, after in (("register", "", TrainingState.REGISTERED),
                                        ("complete", TrainingState.REGISTERED, TrainingState.COMPLETED))
        ])  # fmt: skip
        audit_log_bulk(actor=actor, event_type=AuditEventType.INFITAH_TRAINING_TRANSITION, targets=rows,
                       region_of=lambda r: SimpleNamespace(pk=r.region_id),
                       after_of=lambda r: {"state": r.state, "session": session.pk})  # fmt: skip
        return permits_issue_bulk(actor=actor, registrations=rows)


def permit_revoke(*, actor, permit: Permit, reason: str) -> Permit:
    require(can_agency(actor))
    reason = _text(reason, field="reason", label=_("Motif"))
    with transaction.atomic():
        permit = Permit.objects.select_for_update().get(pk=permit.pk)
        if permit.revoked_on is not None:
            raise Conflict("infitah.permit_revoked", "Ce permis est déjà révoqué.")
        permit.revoked_on, permit.revoked_reason = clock.today(), reason
        permit.save(update_fields=["revoked_on", "revoked_reason"])
        audit_log(actor=actor, event_type=AuditEventType.INFITAH_PERMIT_REVOKED, target=permit, region=permit.region,
                  after={"reason": reason})  # fmt: skip
    return permit


# --- Vendors and offers -----------------------------------------------------------------------------------------


def clean_ice(value) -> str:
    from stdnum.exceptions import ValidationError
    from stdnum.ma import ice

    text = (value or "").strip()
    try:
        return ice.validate(text)
    except ValidationError:
        raise BusinessError.of(
            "infitah.ice", gettext_noop("ICE : « %(value)s » n'est pas un ICE valide (15 chiffres, clé de contrôle)."),
            field="ice", value=text[:20],
        ) from None  # fmt: skip


def vendor_apply(*, actor, ice: str, association_number: str, organisation: Organisation | None = None) -> Vendor:
    """A vendor organisation applies to join Infitah: member of the IT association, ICE checked."""
    organisation = organisation or getattr(actor, "organisation", None)
    if organisation is None or organisation.kind != OrganisationKind.VENDOR:
        raise BusinessError("infitah.vendor_kind", "Seul un fournisseur informatique demande l'agrément.",
                            field="organisation")  # fmt: skip
    require(can_vendor(actor, organisation.pk))
    ice = clean_ice(ice)
    number = _text(association_number, field="association_number", label=_("Numéro d'adhérent"), max_length=30)
    try:
        with transaction.atomic():
            vendor = Vendor.objects.create(organisation=organisation, ice=ice, association_number=number)
            _log(VENDOR_WORKFLOW, vendor, name="apply", before="", actor=actor)
            audit_log(actor=actor, event_type=AuditEventType.INFITAH_VENDOR_TRANSITION, target=vendor,
                      after={"state": vendor.state, "ice": ice})  # fmt: skip
    except IntegrityError as exc:
        raise Conflict("infitah.vendor_exists", "Une demande d'agrément existe déjà pour ce fournisseur ou cet ICE.",
                       field="ice") from exc  # fmt: skip
    return vendor


def vendor_transition(*, actor, vendor: Vendor, name: str, reason: str = "") -> Vendor:
    move = VENDOR_WORKFLOW.get(name)
    reason = (reason or "").strip()
    with transaction.atomic():
        vendor = Vendor.objects.select_for_update().get(pk=vendor.pk)
        require(vendor_check(actor, vendor, move))
        if move.needs_reason:
            reason = _text(reason, field="reason", label=_("Motif"))
        before = vendor.state
        vendor.state, vendor.decision_reason = move.target, reason
        vendor.save(update_fields=["state", "decision_reason"])
        _log(VENDOR_WORKFLOW, vendor, name=name, before=before, actor=actor, reason=reason)
        audit_log(actor=actor, event_type=AuditEventType.INFITAH_VENDOR_TRANSITION, target=vendor,
                  before={"state": before}, after={"state": vendor.state}, extra={"reason": reason})  # fmt: skip
    return vendor


def clean_months(value) -> int:
    return inputs.whole_number(value, field="months_3g", label=_("Mois d'internet 3G"), minimum=0, maximum=60)


@dataclass
class OfferData:
    description: str
    price: object
    months_3g: object
    valid_from: date
    valid_until: date


def _clean_offer(data: OfferData) -> dict:
    from .calculation import clean_price

    description = _text(data.description, field="description", label=_("Description"))
    price = clean_price(data.price)
    months = clean_months(data.months_3g)
    first = date(inputs.FIRST_YEAR, 1, 1)
    inputs.day(data.valid_from, field="valid_from", label=_("Valable du"), earliest=first)
    inputs.day(data.valid_until, field="valid_until", label=_("Valable jusqu'au"), earliest=first)
    if data.valid_until < data.valid_from:
        raise BusinessError("infitah.offer_dates", "La fin de validité précède son début.", field="valid_until")
    return {"description": description, "price": price, "months_3g": months, "valid_from": data.valid_from,
            "valid_until": data.valid_until}  # fmt: skip


def offer_save(*, actor, data: OfferData, offer: Offer | None = None) -> Offer:
    """Create (a draft) or edit one of the vendor's own offers; an edited offer goes back to draft, to be
    submitted to the agency again before it shows in the catalogue."""
    cleaned = _clean_offer(data)
    with transaction.atomic():
        if offer is None:
            vendor = Vendor.objects.filter(organisation_id=getattr(actor, "organisation_id", None) or -1).first()
            require(can_vendor(actor, getattr(vendor, "organisation_id", None) or -1))
            if vendor is None or vendor.state != VendorState.APPROVED:
                raise BusinessError(
                    "infitah.vendor_not_approved",
                    "Votre agrément Infitah doit être accordé avant de publier une offre.",
                )
            offer = Offer.objects.create(vendor=vendor, **cleaned)
            before: dict = {}
        else:
            offer = Offer.objects.select_for_update().select_related("vendor").get(pk=offer.pk)
            require(can_vendor(actor, offer.vendor.organisation_id))
            if offer.state == OfferState.WITHDRAWN:
                raise BusinessError("infitah.offer_withdrawn", "Une offre retirée ne se modifie plus.")
            before = {"price": offer.price, "state": offer.state}
            for key, value in cleaned.items():
                setattr(offer, key, value)
            old_state, offer.state = offer.state, OfferState.DRAFT
            offer.save()
            if old_state != OfferState.DRAFT:
                _log(OFFER_WORKFLOW, offer, name="edit", before=old_state, actor=actor)
        audit_log(actor=actor, event_type=AuditEventType.INFITAH_OFFER_SAVED, target=offer, before=before,
                  after={**cleaned, "state": offer.state})  # fmt: skip
    return offer


def offer_transition(*, actor, offer: Offer, name: str, reason: str = "") -> Offer:
    move = OFFER_WORKFLOW.get(name)
    reason = (reason or "").strip()
    with transaction.atomic():
        offer = Offer.objects.select_for_update().select_related("vendor").get(pk=offer.pk)
        require(offer_check(actor, offer, move))
        if move.needs_reason:
            reason = _text(reason, field="reason", label=_("Motif"))
        before = offer.state
        offer.state, offer.decision_reason = move.target, reason
        offer.save(update_fields=["state", "decision_reason"])
        _log(OFFER_WORKFLOW, offer, name=name, before=before, actor=actor, reason=reason)
        audit_log(actor=actor, event_type=AuditEventType.INFITAH_OFFER_TRANSITION, target=offer,
                  before={"state": before}, after={"state": offer.state}, extra={"reason": reason})  # fmt: skip
    return offer


# --- Orders, budget and financing -------------------------------------------------------------------------------


def partner_banks():
    return Organisation.objects.filter(kind=OrganisationKind.BANK, is_active=True).order_by("name_fr")


def call_for(on: date) -> Call:
    call = (
        Call.objects.published().filter(programme__code=PROGRAMME_CODE, opens_on__lte=on, closes_on__gte=on)
        .order_by("-year", "pk").first()
    )  # fmt: skip
    if call is None:
        raise BusinessError("infitah.no_call", "Aucun appel Infitah n'est ouvert aujourd'hui : commande impossible.")
    return call


def _free(order: PackOrder) -> None:
    """Give the order's subsidy back to the call's budget (the call row locked, as for a commitment)."""
    Call.objects.select_for_update().filter(pk=order.call_id).first()
    Call.objects.filter(pk=order.call_id).update(committed=F("committed") - order.subsidy)


def order_create(*, actor, permit: Permit, offer: Offer, bank: Organisation) -> PackOrder:
    """The permit holder orders an approved offer: the subsidy is computed from the dated parameters at today's
    date, committed on the year's call (refused beyond its budget), and the rest becomes the bank's financing
    request."""
    require(can_order(actor, permit))
    today = clock.today()
    if not permit.is_valid:
        raise BusinessError("infitah.permit_revoked", f"Le permis n° {permit.number} est révoqué.", field="permit")
    if not Offer.objects.in_catalogue(today).filter(pk=offer.pk).exists():
        raise BusinessError("infitah.offer_unavailable", "Cette offre n'est pas (ou plus) au catalogue.",
                            field="offer")  # fmt: skip
    if bank.kind != OrganisationKind.BANK or not bank.is_active:
        raise BusinessError("infitah.bank", "Choisissez une banque partenaire.", field="bank")
    split = pack_split(offer.price, on=today)
    try:
        with transaction.atomic():
            call = Call.objects.select_for_update().get(pk=call_for(today).pk)
            if call.committed + split.subsidy > call.budget:
                raise Conflict(
                    "infitah.budget_exhausted",
                    f"Budget Infitah de l'année épuisé : reste {call.remaining} DH pour une subvention de "
                    f"{split.subsidy} DH.",
                )  # fmt: skip
            order = PackOrder.objects.create(
                permit=permit, enterprise=permit.enterprise, region=permit.region, offer=offer, call=call, bank=bank,
                price=split.price, subsidy=split.subsidy, bank_share=split.bank_share, rules=split.rules(today),
                ordered_on=today, created_by=stored_actor(actor),
            )  # fmt: skip
            Call.objects.filter(pk=call.pk).update(committed=call.committed + split.subsidy)
            FinancingRequest.objects.create(order=order, bank=bank, amount=split.bank_share)
            _log(ORDER_WORKFLOW, order, name="order", before="", actor=actor)
            audit_log(
                actor=actor, event_type=AuditEventType.INFITAH_ORDER_CREATED, target=order, region=order.region,
                after={"offer": offer.pk, "price": split.price, "subsidy": split.subsidy,
                       "bank_share": split.bank_share, "call": call.pk},
            )  # fmt: skip
    except IntegrityError as exc:
        live = PackOrder.objects.filter(permit=permit, state__in=HOLDING).first()
        raise Conflict("infitah.order_exists",
                       f"Ce permis a déjà une commande en cours (état : {live.get_state_display() if live else '—'}).",
                       field="offer") from exc  # fmt: skip
    return order


def clean_duration(value) -> int:
    return inputs.whole_number(value, field="duration_months", label=_("Durée (mois)"), minimum=1, maximum=120)


def clean_monthly(value) -> Decimal:
    amount = inputs.amount(value, field="monthly_payment", label=_("Mensualité"), maximum=Decimal(1000000))
    if amount <= 0:
        raise BusinessError.of("infitah.monthly", gettext_noop("Mensualité : un montant supérieur à 0 DH est attendu."),
                               field="monthly_payment")  # fmt: skip
    return amount


def financing_decide(
    *, actor, request: FinancingRequest, approve: bool, duration_months=None, monthly_payment=None, reason: str = ""
) -> FinancingRequest:
    """The bank officer approves with terms (duration, monthly payment) or refuses with a reason; the order follows
    (financed, or not financed with its subsidy freed) and the entrepreneur is told."""
    move = FINANCING.get("approve" if approve else "refuse")
    with transaction.atomic():
        request = FinancingRequest.objects.select_for_update().select_related("order__enterprise").get(pk=request.pk)
        require(financing_check(actor, request, move))
        if approve:
            request.duration_months = clean_duration(duration_months)
            request.monthly_payment = clean_monthly(monthly_payment)
            if request.duration_months * request.monthly_payment < request.amount:
                raise BusinessError("infitah.terms", "Durée × mensualité ne couvre pas le montant à financer.",
                                    field="monthly_payment")  # fmt: skip
        else:
            reason = _text(reason, field="reason", label=_("Motif"))
        before = request.state
        request.state, request.decision_reason = move.target, reason
        request.decided_at, request.decided_by = clock.now(), stored_actor(actor)
        request.save()
        _log(FINANCING, request, name=move.name, before=before, actor=actor, reason=reason)
        order = PackOrder.objects.select_for_update().get(pk=request.order_id)
        if order.state != OrderState.ORDERED:
            raise Conflict("infitah.order_state", f"La commande est « {order.get_state_display()} ».")
        order_before = order.state
        order.state = OrderState.FINANCED if approve else OrderState.NOT_FINANCED
        order.save(update_fields=["state"])
        if not approve:
            _free(order)
        _log(ORDER_WORKFLOW, order, name="finance" if approve else "not_finance", before=order_before, actor=actor,
             reason=reason)  # fmt: skip
        audit_log(
            actor=actor, event_type=AuditEventType.INFITAH_FINANCING_DECIDED, target=request, region=order.region,
            before={"state": before},
            after={"state": request.state, "duration_months": request.duration_months,
                   "monthly_payment": request.monthly_payment, "order_state": order.state},
            extra={"reason": reason},
        )  # fmt: skip
    verdict = (
        f"Financement accordé : {request.duration_months} mois, mensualité {request.monthly_payment} DH."
        if approve else f"Financement refusé : {reason}"
    )  # fmt: skip
    _tell(request.order.enterprise, "Pack TI Infitah — financement", verdict)
    return request


def order_transition(*, actor, order: PackOrder, name: str, serial_number: str = "", reason: str = "") -> PackOrder:
    """Deliver (the vendor, with the serial number), confirm receipt (the holder), cancel (the holder, before the
    bank's decision) or lapse (the agency, or the daily task)."""
    move = ORDER_WORKFLOW.get(name)
    with transaction.atomic():
        order = PackOrder.objects.select_for_update().select_related("offer__vendor", "enterprise").get(pk=order.pk)
        if not policy.is_system(actor):  # the platform itself (the daily lapse, the demo) acts without an account
            require(order_check(actor, order, move))
        elif order.state not in move.sources:
            raise Conflict("infitah.order_state", f"La commande est « {order.get_state_display()} ».")
        before = order.state
        if name == "deliver":
            order.serial_number = _text(serial_number, field="serial_number", label=_("Numéro de série"),
                                        max_length=60)  # fmt: skip
            order.delivered_on = clock.today()
        order.state = move.target
        order.save()
        if move.target in (OrderState.CANCELLED, OrderState.LAPSED):
            _free(order)
            FinancingRequest.objects.filter(order=order, state=FinancingState.PENDING).update(
                state=FinancingState.CLOSED
            )
        _log(ORDER_WORKFLOW, order, name=name, before=before, actor=actor, reason=reason)
        audit_log(
            actor=actor, event_type=AuditEventType.INFITAH_ORDER_TRANSITION, target=order, region=order.region,
            before={"state": before}, after={"state": order.state, "serial_number": order.serial_number},
        )  # fmt: skip
    if name == "deliver":
        _tell(order.enterprise, "Pack TI Infitah — livraison", "Votre pack est livré : confirmez sa réception.")
    return order


def orders_lapse(*, actor, today: date | None = None, progress=None) -> int:
    """Orders unused 30 days after ordering (not delivered) lapse and free their commitment. Rerun, it lapses
    nobody twice (only orders still ordered or financed are taken)."""
    if not policy.is_system(actor):
        require(can_agency(actor))
    today = today or clock.today()
    limit = today - timedelta(days=LAPSE_DAYS)
    due = list(PackOrder.objects.filter(state__in=LAPSING, ordered_on__lte=limit).values_list("pk", flat=True))
    for index, pk in enumerate(due, start=1):
        order_transition(actor=actor, order=PackOrder(pk=pk), name="lapse",
                         reason=f"Sans suite {LAPSE_DAYS} jours après la commande.")  # fmt: skip
        if progress is not None:
            progress("lapse", index, len(due))
    return len(due)
