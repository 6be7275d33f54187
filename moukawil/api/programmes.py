"""The support programmes: catalogue, eligibility, calls, applications, benefits (enterprises: ``enterprises``)."""

from datetime import date, datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from moukawil.core import clock
from moukawil.core.errors import BusinessError
from moukawil.core.permissions import require
from moukawil.enterprises.models import Enterprise, Sector
from moukawil.programmes.criteria import Candidate, describe, evaluate
from moukawil.programmes.models import Call, Programme, ProgrammeApplication
from moukawil.programmes.permissions import can_list_applications, can_manage_calls, can_view_programme_files
from moukawil.programmes.selectors import application_list, eligible_enterprises, what_if
from moukawil.programmes.services import (
    HolderData,
    application_create,
    application_transition,
    assessment_save,
    call_create,
    call_publish,
    programme_criteria_update,
    service_record,
    subsidy_commit,
)
from moukawil.territory.models import Region

from .pagination import Pagination
from .schemas import Amount, Count, Id, Rate, Score, Year

router = Router(tags=["programmes d'appui"])


# --- Programmes and eligibility -----------------------------------------------------------------------------


class CriterionOut(Schema):
    kind: str
    params: dict
    description: str


class ProgrammeOut(Schema):
    code: str
    name_fr: str
    name_ar: str
    agency: str
    benefit_kind: str
    audience: str
    summary_fr: str
    published_rules: str
    criteria: list[CriterionOut]


def _programme_out(programme: Programme) -> dict:
    descriptions = describe(programme.criteria)
    return {
        **{f: getattr(programme, f) for f in ("code", "name_fr", "name_ar", "agency", "benefit_kind", "audience",
                                               "summary_fr", "published_rules")},
        "criteria": [{**c, "params": c.get("params") or {}, "description": d}
                     for c, d in zip(programme.criteria, descriptions, strict=True)],
    }  # fmt: skip


@router.get("/programmes", response=list[ProgrammeOut], auth=None, summary="Catalogue des programmes (public)")
def list_programmes(request):
    return [_programme_out(p) for p in Programme.objects.filter(is_active=True)]


class EligibilityIn(Schema):
    enterprise_id: Id | None = Field(None, description="Une entreprise de votre périmètre ; sinon les champs suivants")
    region_code: str = Field("", max_length=100)
    has_rc: bool = False
    has_tp: bool = False
    turnover: Amount | None = Field(None, description="Dernier chiffre d'affaires annuel (DH)")
    created_on: date | None = None
    is_rural: bool = False
    is_innovative: bool = False
    is_auto_entrepreneur: bool = False
    sector_code: str | None = Field(None, max_length=100)
    employees: Count | None = None


class ResultOut(Schema):
    kind: str
    passed: bool
    reason: str


class EligibilityOut(Schema):
    programme: str
    eligible: bool
    criteria: list[ResultOut]


@router.post("/programmes/{code}/eligibility", response=EligibilityOut, auth=None, summary="Suis-je éligible ?")
def check_eligibility(request, code: str, payload: EligibilityIn):
    """Each criterion's answer with its reason, for an enterprise of the caller's scope or for the facts given."""
    programme = get_object_or_404(Programme, code=code, is_active=True)
    if payload.enterprise_id is not None:
        enterprise = get_object_or_404(
            Enterprise.objects.visible_to(request.user).select_related("region", "sector", "registration"),
            pk=payload.enterprise_id,
        )
        candidate = Candidate.of_enterprise(enterprise)
    else:
        if not Region.objects.filter(code=payload.region_code).exists():
            raise BusinessError("eligibility.region", "Indiquez votre région (code 01 à 12).", field="region_code")
        candidate = Candidate.of_facts(**payload.dict(exclude={"enterprise_id"}))
    results = evaluate(programme.criteria, candidate, clock.today())
    return {"programme": programme.code, "eligible": all(r.passed for r in results),
            "criteria": [r.as_dict() for r in results]}  # fmt: skip


class CriteriaIn(Schema):
    criteria: list[dict] = Field(description='[{"kind": "max_turnover", "params": {"amount": "3000000"}}, …]')


@router.put("/programmes/{code}/criteria", response=ProgrammeOut, summary="Modifier les critères (agence)")
def update_criteria(request, code: str, payload: CriteriaIn):
    programme = get_object_or_404(Programme, code=code)
    return _programme_out(programme_criteria_update(actor=request.user, programme=programme,
                                                    criteria=payload.criteria))  # fmt: skip


class PopulationOut(Schema):
    programme: str
    eligible_enterprises: int


@router.get("/programmes/{code}/eligible-count", response=PopulationOut, summary="Population éligible (registre)")
def eligible_count(request, code: str):
    require(can_view_programme_files(request.user))
    programme = get_object_or_404(Programme, code=code)
    count = eligible_enterprises(programme.criteria, on=clock.today(), user=request.user).count()
    return {"programme": programme.code, "eligible_enterprises": count}


# --- Calls ------------------------------------------------------------------------------------------------------


class CallIn(Schema):
    programme: str = Field(max_length=100)
    name: str = Field("", max_length=200)
    year: Year
    budget: Amount
    opens_on: date
    closes_on: date
    quotas: dict[str, Count] = {}
    criteria: list[dict] | None = None


class CallOut(Schema):
    id: int
    programme: str = Field(alias="programme.code")
    name: str
    year: int
    budget: Decimal
    committed: Decimal
    opens_on: date
    closes_on: date
    status: str
    quotas: dict
    criteria: list[dict]


class WhatIfIn(Schema):
    criteria: list[dict] | None = None
    subsidy_rate: Rate | None = Field(None, description="Taux de subvention, de 0 à 1 (0.30 pour 30 %)")
    subsidy_cap: Amount | None = Field(None, description="Plafond par bénéficiaire (DH)")


class WhatIfRowOut(Schema):
    region_code: str
    region_name: str
    eligible: int
    quota: int | None
    beneficiaries: int
    budget: Decimal


class WhatIfOut(Schema):
    rows: list[WhatIfRowOut]
    eligible: int
    beneficiaries: int
    budget: Decimal
    call_budget: Decimal
    over_budget: Decimal
    amount_per_beneficiary: Decimal | None


@router.get("/calls", response=list[CallOut], auth=None, summary="Appels (éditions) des programmes")
def list_calls(request, status: str | None = None):
    calls = Call.objects.select_related("programme")
    if not can_manage_calls(request.user):
        calls = calls.published()
    return calls.filter(status=status) if status else calls


@router.post("/calls", response={201: CallOut}, summary="Créer un appel (agence)")
def create_call(request, payload: CallIn):
    programme = get_object_or_404(Programme, code=payload.programme)
    call = call_create(actor=request.user, programme=programme, **payload.dict(exclude={"programme"}))
    return Status(201, call)


@router.post("/calls/{call_id}/what-if", response=WhatIfOut, summary="Simuler critères, taux et plafond")
def call_what_if(request, call_id: int, payload: WhatIfIn):
    require(can_manage_calls(request.user))
    call = get_object_or_404(Call.objects.select_related("programme"), pk=call_id)
    result = what_if(call, on=clock.today(), criteria=payload.criteria, rate=payload.subsidy_rate,
                     cap=payload.subsidy_cap)  # fmt: skip
    return {"rows": [r.__dict__ for r in result.rows], "eligible": result.eligible,
            "beneficiaries": result.beneficiaries, "budget": result.budget, "call_budget": result.call_budget,
            "over_budget": result.over_budget, "amount_per_beneficiary": result.amount_per_beneficiary}  # fmt: skip


@router.post("/calls/{call_id}/publish", response=CallOut, summary="Publier un appel")
def publish_call(request, call_id: int, payload: WhatIfIn):
    call = get_object_or_404(Call, pk=call_id)
    return call_publish(actor=request.user, call=call, criteria=payload.criteria, subsidy_rate=payload.subsidy_rate,
                        subsidy_cap=payload.subsidy_cap)  # fmt: skip


# --- Applications -------------------------------------------------------------------------------------------------


class ProgrammeApplicationIn(Schema):
    call_id: Id
    enterprise_id: Id | None = None
    holder_name: str = Field("", max_length=150)
    holder_cin: str = Field("", max_length=100)
    region_code: str = Field("", max_length=100)
    is_rural: bool = False
    sector_code: str | None = Field(None, max_length=100)
    project_summary: str = Field("", max_length=2000)


class ProgrammeApplicationOut(Schema):
    id: int
    call_id: int
    candidate: str = Field(alias="candidate_name")
    region: str = Field(alias="region.code")
    state: str
    eligible: bool
    eligibility: list[dict]
    score: Decimal | None
    decision_reason: str
    created_at: datetime


class ProgrammeTransitionIn(Schema):
    name: str = Field(max_length=200)
    reason: str = Field("", max_length=2000)


class AssessmentIn(Schema):
    score: Score
    comment: str = Field(max_length=2000)


class ServiceIn(Schema):
    description: str = Field(max_length=200)
    provider: str = Field("", max_length=150)
    sessions: Count = 0
    hours: Amount = Decimal(0)
    delivered_on: date


class BenefitOut(Schema):
    id: int
    kind: str
    description: str
    amount: Decimal
    hours: Decimal
    delivered_on: date | None


def _application(request, application_id: int) -> ProgrammeApplication:
    return get_object_or_404(
        ProgrammeApplication.objects.visible_to(request.user).select_related("call__programme", "region",
                                                                              "enterprise"),
        pk=application_id,
    )  # fmt: skip


@router.get("/programme-applications", response=list[ProgrammeApplicationOut], summary="Candidatures")
@paginate(Pagination)
def list_programme_applications(request, call_id: Id | None = None, state: str | None = None):
    require(can_list_applications(request.user))
    call = get_object_or_404(Call, pk=call_id) if call_id else None
    return application_list(user=request.user, call=call, state=state)


@router.post("/programme-applications", response={201: ProgrammeApplicationOut}, summary="Candidater")
def create_programme_application(request, payload: ProgrammeApplicationIn):
    call = get_object_or_404(Call.objects.select_related("programme"), pk=payload.call_id)
    enterprise, holder = None, None
    if payload.enterprise_id is not None:
        enterprise = get_object_or_404(
            Enterprise.objects.visible_to(request.user).select_related("region", "sector", "registration"),
            pk=payload.enterprise_id,
        )
    else:
        region = Region.objects.filter(code=payload.region_code).first()
        if region is None:
            raise BusinessError("programme.region", "Indiquez la région du projet.", field="region_code")
        sector = Sector.objects.filter(code=(payload.sector_code or "").upper()).first()
        holder = HolderData.from_mapping(payload.dict(), region=region, sector=sector)
    application = application_create(actor=request.user, call=call, enterprise=enterprise, holder=holder)
    return Status(201, _application(request, application.pk))


@router.post("/programme-applications/{application_id}/transitions", response=ProgrammeApplicationOut,
             summary="Faire avancer une candidature")  # fmt: skip
def transition_programme_application(request, application_id: int, payload: ProgrammeTransitionIn):
    application = application_transition(
        actor=request.user, application=_application(request, application_id), name=payload.name,
        reason=payload.reason,
    )  # fmt: skip
    return _application(request, application.pk)


@router.post("/programme-applications/{application_id}/assessments", response=ProgrammeApplicationOut,
             summary="Évaluer (note sur 20 et appréciation)")  # fmt: skip
def assess(request, application_id: int, payload: AssessmentIn):
    assessment_save(actor=request.user, application=_application(request, application_id), score=payload.score,
                    comment=payload.comment)  # fmt: skip
    return _application(request, application_id)


@router.post("/programme-applications/{application_id}/services", response={201: BenefitOut},
             summary="Enregistrer une prestation délivrée")  # fmt: skip
def record_service(request, application_id: int, payload: ServiceIn):
    benefit = service_record(actor=request.user, application=_application(request, application_id), **payload.dict())
    return Status(201, benefit)


@router.post("/programme-applications/{application_id}/subsidy", response={201: BenefitOut},
             summary="Engager la subvention sur le budget de l'appel")  # fmt: skip
def commit_subsidy(request, application_id: int):
    return Status(201, subsidy_commit(actor=request.user, application=_application(request, application_id)))
