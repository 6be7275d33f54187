"""Dated rules, the tax simulator, turnover declarations and payments."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from moukawil.core import inputs
from moukawil.core.errors import BusinessError
from moukawil.core.permissions import require
from moukawil.declarations.models import Declaration, StrikeOffProposal
from moukawil.declarations.periods import Period, Periodicity
from moukawil.declarations.permissions import can_list_declarations
from moukawil.declarations.selectors import declaration_statistics, missing_declarations
from moukawil.declarations.services import (
    balance,
    declaration_amend,
    declaration_submit,
    payment_record,
    periodicity_choose,
    periodicity_for,
    strike_off_proposal_decide,
)
from moukawil.declarations.simulation import simulate as simulate_period
from moukawil.registry.models import Registration
from moukawil.registry.permissions import can_view_register
from moukawil.rules.parameters import all_parameters

from .pagination import Pagination
from .schemas import CheckedYear, YearInt

router = Router(tags=["déclarations et règles datées"])


class ParameterValueOut(Schema):
    start: date
    value: str | list[dict] | None


class ParameterOut(Schema):
    code: str
    description: str
    description_ar: str
    unit: str
    reference: str
    note: str
    history: list[ParameterValueOut]


def _jsonable(value):
    if value is None:
        return None
    if isinstance(value, list):
        return [{k: str(v) for k, v in row.items()} for row in value]
    return str(value)


@router.get("/rules/parameters", response=list[ParameterOut], auth=None, summary="Règles datées et leur historique")
def list_parameters(request):
    return [
        {**p.__dict__, "history": [{"start": start, "value": _jsonable(value)} for start, value in p.history]}
        for p in all_parameters().values()
    ]


class SimulationIn(Schema):
    """The page's fields (``/simulateur/``), validated by the same function: a query string of the page works here."""

    goods: str = Field("0", description="Chiffre d'affaires commerce/industrie/artisanat (DH)", max_length=40)
    services: str = Field("0", description="Chiffre d'affaires services (DH) ; 0 : le total des clients", max_length=40)
    periodicity: Periodicity = Periodicity.QUARTERLY
    on: date | None = Field(None, description="Une date de la période (aujourd'hui par défaut)")
    client_kind: list[str] = Field([], description="Par client (paramètre répété) : ice ou cin")
    client_amount: list[str] = Field([], description="Par client : montant encaissé dans la période (DH)")
    client_earlier: list[str] = Field([], description="Par client : déjà encaissé plus tôt dans l'année (DH)")


class RuleOut(Schema):
    code: str
    value: str
    reference: str
    description: str
    description_ar: str


class ClientSimulationOut(Schema):
    number: int
    kind: str
    amount: Decimal
    earlier: Decimal
    above_threshold: Decimal
    withholding: Decimal


class SimulationOut(Schema):
    period: str
    tax_goods: Decimal
    tax_services: Decimal
    withholding_base: Decimal
    withholding: Decimal
    contribution: Decimal
    total_due: Decimal
    same_client_threshold: Decimal | None
    same_client_rate: Decimal | None
    clients: list[ClientSimulationOut]
    rules: list[RuleOut]


@router.get("/rules/simulate", response=SimulationOut, auth=None, summary="Simuler l'impôt et la cotisation")
def simulate(request, query: Query[SimulationIn]):
    """Tax, AMO contribution and the same-client withholding of one period, with the rules applied and their
    legal source. Refused (400, the field named) exactly as the simulator page refuses."""
    from django.utils import timezone

    simulation = simulate_period(
        on=query.on or timezone.localdate(), periodicity=query.periodicity, goods=query.goods,
        services=query.services, client_kinds=query.client_kind, client_amounts=query.client_amount,
        client_earlier=query.client_earlier,
    )  # fmt: skip
    result = simulation.computation
    parameters = all_parameters()
    return {
        **result.__dict__, "period": simulation.period.label, "total_due": result.total_due,
        "same_client_threshold": simulation.threshold, "same_client_rate": simulation.withholding_rate,
        "clients": [client.__dict__ for client in simulation.clients],
        "rules": [{**rule.__dict__, "description": parameters[rule.code].description,
                   "description_ar": parameters[rule.code].description_ar} for rule in result.rules],
    }  # fmt: skip


class ClientIn(Schema):
    kind: str = Field(description="ice ou cin", max_length=100)
    identifier: str = Field(max_length=100)
    amount: str = Field(max_length=40)


class DeclarationIn(Schema):
    year: CheckedYear
    period: int = Field(ge=1, le=12, description="1 à 12 (mensuelle) ou 1 à 4 (trimestrielle)")
    periodicity: Periodicity
    turnover_goods: str = Field("0", max_length=40)
    turnover_services: str = Field("0", max_length=40)
    clients: list[ClientIn] = []


class AmendmentIn(Schema):
    turnover_goods: str = Field("0", max_length=40)
    turnover_services: str = Field("0", max_length=40)
    clients: list[ClientIn] = []
    reason: str = Field(max_length=2000)


class DeclarationOut(Schema):
    id: int
    registration_number: str = Field(alias="registration.number")
    year: int
    periodicity: str
    period: int
    version: int
    is_current: bool
    receipt_number: str | None = Field(description="Numéro de l'accusé de réception, vérifiable sur /verifier/recu/…")
    turnover_goods: Decimal
    turnover_services: Decimal
    tax_goods: Decimal
    tax_services: Decimal
    withholding: Decimal
    contribution: Decimal
    total_due: Decimal
    due_date: date
    submitted_at: datetime
    is_late: bool


class PaymentIn(Schema):
    amount: str = Field(max_length=40)
    channel: str = Field(max_length=100)
    reference: str = Field(max_length=40)
    paid_on: date


class BalanceOut(Schema):
    due: Decimal
    paid: Decimal
    outstanding: Decimal
    periodicity_this_year: str


class PeriodicityIn(Schema):
    periodicity: Periodicity


def _registration(request, number: str) -> Registration:
    return get_object_or_404(
        Registration.objects.visible_to(request.user).select_related("person", "region"), number=number
    )


def _period(year: int, periodicity: str, number: int) -> Period:
    inputs.year(year, field="year", label="Année")
    try:
        return Period(year, periodicity, number)
    except ValueError as exc:
        raise BusinessError("declaration.period", str(exc), field="period") from exc


@router.get("/declarations", response=list[DeclarationOut], summary="Déclarations (votre périmètre)")
@paginate(Pagination)
def list_declarations(request, year: YearInt | None = None, current_only: bool = True):
    require(can_list_declarations(request.user))
    if year is not None:
        inputs.year(year, field="year", label="Année")
    declarations = Declaration.objects.visible_to(request.user).select_related("registration")
    if year:
        declarations = declarations.filter(year=year)
    return declarations.current() if current_only else declarations


@router.post("/registrations/{number}/declarations", response={201: DeclarationOut}, summary="Déclarer une période")
def submit_declaration(request, number: str, payload: DeclarationIn):
    declaration = declaration_submit(
        actor=request.user, registration=_registration(request, number),
        period=_period(payload.year, payload.periodicity, payload.period), goods=payload.turnover_goods,
        services=payload.turnover_services, clients=[c.dict() for c in payload.clients],
    )  # fmt: skip
    return Status(201, declaration)


@router.post("/declarations/{declaration_id}/amendments", response={201: DeclarationOut}, summary="Rectifier")
def amend_declaration(request, declaration_id: int, payload: AmendmentIn):
    declaration = get_object_or_404(
        Declaration.objects.visible_to(request.user).select_related("registration__person"), pk=declaration_id
    )
    new = declaration_amend(
        actor=request.user, declaration=declaration, goods=payload.turnover_goods,
        services=payload.turnover_services, clients=[c.dict() for c in payload.clients], reason=payload.reason,
    )  # fmt: skip
    return Status(201, new)


@router.post("/registrations/{number}/payments", response={201: BalanceOut}, summary="Enregistrer un paiement")
def record_payment(request, number: str, payload: PaymentIn):
    registration = _registration(request, number)
    payment_record(
        actor=request.user, registration=registration, amount_paid=payload.amount, channel=payload.channel,
        reference=payload.reference, paid_on=payload.paid_on,
    )  # fmt: skip
    return Status(201, _balance(registration))


@router.get("/registrations/{number}/balance", response=BalanceOut, summary="Solde : dû, payé, reste à payer")
def get_balance(request, number: str):
    return _balance(_registration(request, number))


@router.post("/registrations/{number}/periodicity", response=BalanceOut, summary="Choisir la périodicité")
def choose_periodicity(request, number: str, payload: PeriodicityIn):
    registration = _registration(request, number)
    periodicity_choose(actor=request.user, registration=registration, periodicity=payload.periodicity)
    return _balance(registration)


def _balance(registration: Registration) -> dict:
    from django.utils import timezone

    current = balance(registration)
    return {"due": current.due, "paid": current.paid, "outstanding": current.outstanding,
            "periodicity_this_year": periodicity_for(registration, timezone.localdate().year)}  # fmt: skip


# --- Officers' follow-up ----------------------------------------------------------------------------------------


class MissingOut(Schema):
    number: str
    name: str = Field(alias="person.full_name")
    region: str = Field(alias="region.code")
    email: str = Field(alias="person.email")


class StatisticsRow(Schema):
    key: str | None
    declarants: int
    declarations: int
    turnover: Decimal
    tax: Decimal
    contribution: Decimal


class StatisticsTotal(Schema):
    declarants: int
    declarations: int
    turnover: Decimal
    tax: Decimal
    contribution: Decimal


class StatisticsOut(Schema):
    year: int
    total: StatisticsTotal
    by_region: list[StatisticsRow]
    by_category: list[StatisticsRow]
    by_gender: list[StatisticsRow]


class ProposalOut(Schema):
    id: int
    registration_number: str = Field(alias="registration.number")
    first_year: int
    totals: dict
    effective_date: date
    status: str
    note: str


class ProposalDecisionIn(Schema):
    confirm: bool
    note: str = Field("", max_length=2000)


@router.get("/declarations/missing", response=list[MissingOut], summary="Périodes échues non déclarées")
@paginate(Pagination)
def missing(
    request, year: YearInt, period: Annotated[int, Field(ge=1, le=12)], periodicity: Periodicity = Periodicity.QUARTERLY
):
    require(can_view_register(request.user))
    from django.utils import timezone

    return missing_declarations(
        user=request.user, period=_period(year, periodicity, period), today=timezone.localdate()
    )


@router.get("/declarations/statistics", response=StatisticsOut, summary="Statistiques annuelles des déclarations")
def statistics(request, year: YearInt):
    require(can_view_register(request.user))
    inputs.year(year, field="year", label="Année")
    return declaration_statistics(user=request.user, year=year)


@router.get("/strike-off-proposals", response=list[ProposalOut], summary="Propositions de radiation (plafond)")
def list_proposals(request, status: str | None = None):
    require(can_view_register(request.user))
    proposals = StrikeOffProposal.objects.visible_to(request.user).select_related("registration")
    return proposals.filter(status=status) if status else proposals


@router.post("/strike-off-proposals/{proposal_id}/decision", response=ProposalOut, summary="Confirmer ou écarter")
def decide_proposal(request, proposal_id: int, payload: ProposalDecisionIn):
    proposal = get_object_or_404(StrikeOffProposal.objects.visible_to(request.user), pk=proposal_id)
    return strike_off_proposal_decide(actor=request.user, proposal=proposal, confirm=payload.confirm, note=payload.note)
