"""Programme services: calls, applications with automatic screening, review, benefits and budget commitments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Avg
from django.utils.translation import gettext as _

from moukawil.core import clock, inputs
from moukawil.core.audit import audit_log
from moukawil.core.enums import AuditEventType
from moukawil.core.errors import BusinessError, Conflict
from moukawil.core.permissions import require
from moukawil.enterprises.models import Enterprise, Sector
from moukawil.territory.models import Region

from .calculation import clean_subsidy_cap, clean_subsidy_rate, subsidy_amount
from .criteria import Candidate, clean_criteria, evaluate
from .models import (
    Assessment,
    Benefit,
    BenefitKind,
    Call,
    Programme,
    ProgrammeApplication,
    ProgrammeApplicationTransition,
)
from .permissions import can_act, can_apply, can_assess, can_manage_calls
from .workflow import WORKFLOW, State

# --- Calls ------------------------------------------------------------------------------------------------------


def call_create(
    *, actor, programme: Programme, name: str, year: int, budget, opens_on: date, closes_on: date,
    quotas: dict | None = None, criteria: list | None = None,
) -> Call:  # fmt: skip
    require(can_manage_calls(actor))
    year = inputs.year(year, field="year", label=_("Année"))
    budget = inputs.amount(budget, field="budget", label=_("Budget"))
    inputs.day(opens_on, field="opens_on", label=_("Ouverture"), earliest=date(inputs.FIRST_YEAR, 1, 1))
    inputs.day(closes_on, field="closes_on", label=_("Clôture"), earliest=date(inputs.FIRST_YEAR, 1, 1))
    if closes_on < opens_on:
        raise BusinessError("call.dates", "La clôture précède l'ouverture.", field="closes_on")
    quotas = {
        str(k): inputs.whole_number(v, field="quotas", label=_("Quota de la région %(code)s") % {"code": k})
        for k, v in (quotas or {}).items()
    }
    with transaction.atomic():
        call = Call.objects.create(
            programme=programme, name=name.strip() or f"{programme.name_fr} {year}", year=year, budget=budget,
            opens_on=opens_on, closes_on=closes_on, quotas=quotas,
            criteria=clean_criteria(criteria if criteria is not None else programme.criteria),
        )  # fmt: skip
        audit_log(actor=actor, event_type=AuditEventType.CALL_SAVED, target=call,
                  after={"budget": budget, "quotas": quotas, "criteria": call.criteria})  # fmt: skip
    return call


def call_publish(*, actor, call: Call, criteria: list | None = None, subsidy_rate=None, subsidy_cap=None) -> Call:
    """Publish a call, possibly with the criteria, rate and cap tried in the what-if."""
    require(can_manage_calls(actor))
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        if call.status != Call.Status.DRAFT:
            raise Conflict("call.published", "Cet appel est déjà publié.")
        before = {"criteria": call.criteria, "subsidy_rate": call.subsidy_rate, "subsidy_cap": call.subsidy_cap}
        if criteria is not None:
            call.criteria = clean_criteria(criteria)
        if subsidy_rate is not None:
            call.subsidy_rate = clean_subsidy_rate(subsidy_rate)
        if subsidy_cap is not None:
            call.subsidy_cap = clean_subsidy_cap(subsidy_cap)
        call.status = Call.Status.PUBLISHED
        call.save()
        audit_log(actor=actor, event_type=AuditEventType.CALL_SAVED, target=call, before=before,
                  after={"criteria": call.criteria, "subsidy_rate": call.subsidy_rate,
                         "subsidy_cap": call.subsidy_cap, "status": call.status})  # fmt: skip
    return call


# --- Applications -----------------------------------------------------------------------------------------------


@dataclass
class HolderData:
    name: str
    cin: str
    region: Region
    is_rural: bool = False
    sector: Sector | None = None
    project_summary: str = ""

    @classmethod
    def from_mapping(cls, data, *, region, sector) -> HolderData:
        """From a form's cleaned data or an API payload (same field names) and the resolved region and sector."""
        return cls(
            name=data["holder_name"], cin=data["holder_cin"], region=region, sector=sector,
            is_rural=data["is_rural"], project_summary=data["project_summary"],
        )  # fmt: skip


def candidate_for(*, enterprise: Enterprise | None = None, holder: HolderData | None = None) -> Candidate:
    if enterprise is not None:
        return Candidate.of_enterprise(enterprise)
    assert holder is not None
    return Candidate(
        region_code=holder.region.code, is_rural=holder.is_rural,
        sector_code=holder.sector.code if holder.sector else None, is_project_holder=True,
    )  # fmt: skip


def application_create(
    *, actor, call: Call, enterprise: Enterprise | None = None, holder: HolderData | None = None
) -> ProgrammeApplication:
    """Apply to an open call, for an enterprise or as a project holder. Screening runs at once: an ineligible
    candidate is refused with each failed criterion's reason (and may see them before applying, on the catalogue)."""
    from moukawil.registry.identity import normalise_identity

    from .models import Audience

    candidate = enterprise or holder  # the one applying: both have a region, is_rural and a sector
    if candidate is None or (enterprise is not None and holder is not None):
        raise BusinessError("programme.candidate", "Candidature pour une entreprise ou un porteur de projet.")
    audience = call.programme.audience
    if enterprise is not None and audience == Audience.PROJECT_HOLDERS:
        raise BusinessError("programme.audience", "Ce programme s'adresse aux porteurs de projet.", field="enterprise")
    if holder is not None and audience == Audience.ENTERPRISES:
        raise BusinessError("programme.audience", "Ce programme s'adresse aux entreprises.", field="holder_cin")
    region = candidate.region
    require(can_apply(actor, enterprise=enterprise, region=region))
    today = clock.today()
    if call.status != Call.Status.PUBLISHED or not call.opens_on <= today <= call.closes_on:
        raise BusinessError(
            "programme.call_closed",
            f"L'appel « {call.name} » n'est pas ouvert (du {call.opens_on:%d/%m/%Y} au {call.closes_on:%d/%m/%Y}).",
        )
    if holder is not None:
        holder.cin = normalise_identity(holder.cin)
        if not holder.name.strip():
            raise BusinessError("programme.holder_name", "Nom du porteur de projet obligatoire.", field="holder_name")
    results = evaluate(call.criteria, candidate_for(enterprise=enterprise, holder=holder), today)
    eligible = all(r.passed for r in results)
    try:
        with transaction.atomic():
            application = ProgrammeApplication.objects.create(
                call=call, enterprise=enterprise, region=region,
                holder_name=holder.name.strip() if holder else "", holder_cin=holder.cin if holder else "",
                project_summary=holder.project_summary.strip() if holder else "",
                is_rural=candidate.is_rural, sector=candidate.sector,
                applicant=actor if actor.role == "entrepreneur" else (enterprise.owner if enterprise else None),
                state=State.SUBMITTED if eligible else State.INELIGIBLE,
                eligibility=[r.as_dict() for r in results], eligible=eligible, created_by=actor,
                decision_reason="" if eligible else " ".join(r.reason for r in results if not r.passed),
                created_at=clock.now(),
            )  # fmt: skip
            ProgrammeApplicationTransition.objects.create(
                application=application,
                name="submit",
                from_state="",
                to_state=application.state,
                actor=actor,
                reason=application.decision_reason,
            )
            audit_log(
                actor=actor, event_type=AuditEventType.PROGRAMME_APPLICATION_CREATED, target=application,
                region=region, after={"call": call.pk, "eligible": eligible, "state": application.state},
            )  # fmt: skip
    except IntegrityError as exc:
        raise Conflict(
            "programme.already_applied", "Une candidature existe déjà pour cet appel.", field="enterprise"
        ) from exc
    return application


def application_transition(*, actor, application: ProgrammeApplication, name: str, reason: str = ""):
    transition = WORKFLOW.get(name)
    reason = (reason or "").strip()
    with transaction.atomic():
        application = ProgrammeApplication.objects.select_for_update().get(pk=application.pk)
        require(can_act(actor, application, transition))
        if transition.needs_reason and not reason:
            raise BusinessError(
                "programme.reason", "Indiquez le motif (il sera communiqué au candidat).", field="reason"
            )
        if transition.needs_assessment and not application.assessments.exists():
            raise BusinessError("programme.assessment", "Au moins une évaluation (note et appréciation) est requise.")
        if name == "accept":
            _check_quota(application)
        before = application.state
        application.state = transition.target
        if transition.target in (State.ACCEPTED, State.REFUSED, State.WAITING_LIST):
            application.decided_at, application.decided_by = clock.now(), actor
            application.decision_reason = reason
        application.save()
        ProgrammeApplicationTransition.objects.create(
            application=application,
            name=name,
            from_state=before,
            to_state=application.state,
            actor=actor,
            reason=reason,
        )
        audit_log(
            actor=actor, event_type=AuditEventType.PROGRAMME_APPLICATION_TRANSITION, target=application,
            region=application.region, before={"state": before}, after={"state": application.state},
            extra={"transition": name, "reason": reason},
        )  # fmt: skip
    return application


def _check_quota(application: ProgrammeApplication) -> None:
    """Accepting beyond the region's quota of the call is refused (the call row is locked: two officers accepting at
    once are serialised)."""
    call = Call.objects.select_for_update().get(pk=application.call_id)
    quota = call.quotas.get(application.region.code)
    if quota is None:
        return
    accepted = ProgrammeApplication.objects.filter(call=call, region=application.region, state=State.ACCEPTED).count()
    if accepted >= quota:
        raise Conflict(
            "programme.quota_reached",
            f"Quota de la région atteint ({quota}) : mettez la candidature en liste d'attente.",
        )


def clean_score(value) -> int:
    """A reviewer's mark, as the page and the API give it: a whole number from 0 to 20."""
    return inputs.whole_number(value, field="score", label=_("Note sur 20"), maximum=20)


def clean_sessions(value) -> int:
    return inputs.whole_number(value, field="sessions", label=_("Séances"), maximum=1000)


def clean_hours(value) -> Decimal:
    return inputs.amount(value, field="hours", label=_("Heures"), maximum=Decimal(10000), places=1)


def assessment_save(*, actor, application: ProgrammeApplication, score: int, comment: str) -> Assessment:
    application = ProgrammeApplication.objects.select_related("region").get(pk=application.pk)  # its current state
    require(can_assess(actor, application))
    if application.state not in (State.UNDER_REVIEW, State.WAITING_LIST):
        raise BusinessError("programme.assessment_state", "La candidature n'est pas en évaluation.")
    score = clean_score(score)
    if not (comment or "").strip():
        raise BusinessError("programme.comment", "L'appréciation est obligatoire.", field="comment")
    with transaction.atomic():
        assessment, _created = Assessment.objects.update_or_create(
            application=application, reviewer=actor, defaults={"score": int(score), "comment": comment.strip()}
        )
        average = application.assessments.aggregate(avg=Avg("score"))["avg"]
        ProgrammeApplication.objects.filter(pk=application.pk).update(score=Decimal(str(round(average, 2))))
        audit_log(actor=actor, event_type=AuditEventType.ASSESSMENT_SAVED, target=application,
                  region=application.region, after={"score": int(score)})  # fmt: skip
    return assessment


# --- Benefits and budget ----------------------------------------------------------------------------------------


def _beneficiary(application: ProgrammeApplication) -> None:
    application.refresh_from_db(fields=["state"])
    if application.state != State.ACCEPTED:
        raise BusinessError("programme.not_beneficiary", "Seule une candidature retenue reçoit des prestations.")


def service_record(
    *, actor, application: ProgrammeApplication, description: str, provider: str, sessions: int, hours,
    delivered_on: date,
) -> Benefit:  # fmt: skip
    require(can_assess(actor, application))
    _beneficiary(application)
    if not (description or "").strip():
        raise BusinessError("benefit.description", "Décrivez la prestation.", field="description")
    inputs.day(delivered_on, field="delivered_on", label=_("Date"), earliest=date(inputs.FIRST_YEAR, 1, 1))
    if delivered_on > clock.today():
        raise BusinessError("benefit.date", "La date de la prestation ne peut pas être future.", field="delivered_on")
    sessions = clean_sessions(sessions or 0)
    hours = clean_hours(hours or 0)
    with transaction.atomic():
        benefit = Benefit.objects.create(
            application=application, kind=Benefit.Kind.SERVICE, description=description.strip(),
            provider=(provider or "").strip(), sessions=sessions, hours=hours, delivered_on=delivered_on,
            recorded_by=actor,
        )  # fmt: skip
        audit_log(actor=actor, event_type=AuditEventType.BENEFIT_RECORDED, target=application,
                  region=application.region, after={"service": description, "hours": hours})  # fmt: skip
    return benefit


def subsidy_commit(*, actor, application: ProgrammeApplication) -> Benefit:
    """Commit the subsidy of a beneficiary against the call's budget. The call row is locked: concurrent
    commitments are serialised, and one that would exceed the remaining budget is refused."""
    require(can_assess(actor, application))
    _beneficiary(application)
    call = application.call
    if call.programme.benefit_kind != BenefitKind.SUBSIDY:
        raise BusinessError("benefit.not_subsidy", "Ce programme n'accorde pas de subvention.")
    try:
        with transaction.atomic():
            call = Call.objects.select_for_update().select_related("programme").get(pk=call.pk)
            amount = subsidy_amount(call, on=clock.today())
            if call.committed + amount > call.budget:
                raise Conflict(
                    "benefit.budget_exhausted",
                    f"Budget de l'appel insuffisant : reste {call.remaining} DH pour une subvention de {amount} DH.",
                )
            benefit = Benefit.objects.create(
                application=application, kind=Benefit.Kind.SUBSIDY, amount=amount, recorded_by=actor,
                delivered_on=clock.today(), description="Subvention",
            )  # fmt: skip
            Call.objects.filter(pk=call.pk).update(committed=call.committed + amount)
            audit_log(actor=actor, event_type=AuditEventType.SUBSIDY_COMMITTED, target=application,
                      region=application.region, after={"amount": amount, "call": call.pk})  # fmt: skip
    except IntegrityError as exc:
        raise Conflict("benefit.already_committed", "La subvention de ce bénéficiaire est déjà engagée.") from exc
    return benefit


def programme_criteria_update(*, actor, programme: Programme, criteria: list) -> Programme:
    """Change a programme's eligibility criteria (data, no code): later calls start from them; audited."""
    require(can_manage_calls(actor))
    cleaned = clean_criteria(criteria)
    with transaction.atomic():
        before = programme.criteria
        programme.criteria = cleaned
        programme.save(update_fields=["criteria"])
        audit_log(actor=actor, event_type=AuditEventType.PROGRAMME_SAVED, target=programme,
                  before={"criteria": before}, after={"criteria": cleaned})  # fmt: skip
    return programme
