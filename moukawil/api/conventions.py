"""Indicators (catalogue and figures) and conventions (list, progress, commitments) under ``/api/v1/``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.http import Http404
from ninja import Field, Query, Router, Schema, Status

from moukawil.conventions import selectors
from moukawil.conventions.models import Commitment, Convention
from moukawil.conventions.permissions import can_view as can_view_conventions
from moukawil.conventions.services import commitment_add, commitment_delete, commitment_update, convention_update
from moukawil.core.errors import BusinessError
from moukawil.core.permissions import require
from moukawil.indicators import catalogue
from moukawil.indicators.compute import SUMMARY, Filters, values
from moukawil.indicators.permissions import can_view, region_ids_for
from moukawil.territory.selectors import region_by_code

router = Router(tags=["indicateurs et conventions"])


class IndicatorOut(Schema):
    code: str
    label: str
    definition: str
    unit: str
    source: str
    dimensions: list[str]


@router.get("/indicators", response=list[IndicatorOut], summary="Catalogue des indicateurs")
def list_indicators(request):
    require(can_view(request.user))
    return [i.as_dict() for i in catalogue.CATALOGUE.values()]


class FigureOut(Schema):
    group: dict[str, str | int | None]
    value: Decimal | None


class IndicatorFiguresOut(Schema):
    indicator: IndicatorOut
    figures: list[FigureOut]


GROUPS = ("region", "province", "year", "month", "gender", "category", "programme")


@router.get("/indicators/{code}", response=IndicatorFiguresOut, summary="Chiffres d'un indicateur (agrégés)")
def indicator_figures(
    request, code: str, year: int | None = Query(None, ge=2015, le=2100), region: str = Query("", max_length=100),
    category: str = Query("", max_length=100),
    province: str = Query("", max_length=6, description="Code ISO 3166-2 (MA-MEK)"),
    group_by: str = Query("", description="Dimensions séparées par des virgules : region, province, year, month, "
                          "gender… (chiffres agrégés au dernier recalcul)", max_length=200),
):  # fmt: skip
    require(can_view(request.user))
    indicator = catalogue.get(code)
    if indicator is None:
        raise Http404
    dims = [d for d in group_by.split(",") if d][:4]
    unknown = [d for d in dims if d not in GROUPS or not indicator.supports(d)]
    if unknown:
        raise BusinessError("indicators.group_by", f"Regroupement impossible : {', '.join(unknown)}.",
                            field="group_by")  # fmt: skip
    scope = region_ids_for(request.user)
    region_ids = scope
    if region:
        found = region_by_code(region[:2], field="region")
        region_ids = (found.pk,) if found and (scope is None or found.pk in scope) else ()
    found_province = _province(province)
    if found_province is not None and region_ids is not None and found_province.region_id not in region_ids:
        region_ids = ()  # outside the reader's scope (or the region asked): nothing
    filters = Filters(region_ids=region_ids, year=year, category=category[:12],
                      province_id=found_province.pk if found_province else None)  # fmt: skip
    found_values = values(code, filters, dims, source=SUMMARY)  # as of the last refresh of the summaries
    return {
        "indicator": indicator.as_dict(),
        "figures": [{"group": dict(zip(dims, key, strict=True)), "value": v} for key, v in sorted(found_values.items(),
                    key=lambda kv: tuple(str(k) for k in kv[0]))],
    }  # fmt: skip


class ConventionOut(Schema):
    id: int
    title: str
    kind: str
    state: str
    region: str | None
    starts_on: date
    ends_on: date


def _convention_out(c: Convention) -> dict:
    return {"id": c.pk, "title": c.title, "kind": c.kind, "state": c.state,
            "region": c.region.code if c.region else None, "starts_on": c.starts_on, "ends_on": c.ends_on}  # fmt: skip


@router.get("/conventions", response=list[ConventionOut], summary="Conventions de votre périmètre")
def list_conventions(request):
    require(can_view_conventions(request.user))
    return [_convention_out(c) for c in selectors.convention_list(user=request.user)]


class ProgressOut(Schema):
    commitment_id: int
    label: str
    indicator: str
    programme: str
    scope: str
    starts_on: date
    ends_on: date
    target: Decimal
    value: Decimal | None
    percent: Decimal | None
    projected: Decimal | None
    status: str


class ConventionProgressOut(ConventionOut):
    progress: list[ProgressOut]


def _get(request, pk: int) -> Convention:
    require(can_view_conventions(request.user))
    try:
        return selectors.convention_detail(user=request.user, pk=pk)
    except Convention.DoesNotExist:
        raise Http404 from None


@router.get("/conventions/{pk}", response=ConventionProgressOut, summary="Avancement d'une convention (calculé)")
def convention_progress(request, pk: int):
    convention = _get(request, pk)
    progress = [
        {"commitment_id": p.commitment.pk, "label": p.commitment.label, "indicator": p.commitment.indicator,
         "programme": p.commitment.programme, "scope": p.commitment.scope, "starts_on": p.window_start,
         "ends_on": p.window_end, "target": p.commitment.target, "value": p.value, "percent": p.percent,
         "projected": p.projected, "status": p.status}
        for p in selectors.convention_progress(convention)
    ]  # fmt: skip
    return {**_convention_out(convention), "progress": progress}


class CommitmentIn(Schema):
    indicator: str = Field(..., max_length=40)
    scope: str = Field(..., max_length=10)
    region: str = Field("", max_length=2, description="Code de la région (échelle « region »)")
    province: str = Field("", max_length=6, description="Code ISO 3166-2 de la province (échelle « province »)")
    commune_code: str = Field("", max_length=12, description="Code HCP de la commune (échelle « commune »)")
    programme: str = Field("", max_length=40)
    label: str = Field("", max_length=200)
    starts_on: date
    ends_on: date
    target: str = Field(..., max_length=20, description="Cible (vérifiée comme dans le formulaire)")
    cumulative: bool = True


class CommitmentPatch(Schema):
    """The fields to change; the others keep their value. Checked as a new commitment."""

    indicator: str | None = Field(None, max_length=40)
    scope: str | None = Field(None, max_length=10)
    region: str | None = Field(None, max_length=2)
    province: str | None = Field(None, max_length=6)
    commune_code: str | None = Field(None, max_length=12)
    programme: str | None = Field(None, max_length=40)
    label: str | None = Field(None, max_length=200)
    starts_on: date | None = None
    ends_on: date | None = None
    target: str | None = Field(None, max_length=20)
    cumulative: bool | None = None


def _no_nulls(payload: Schema) -> dict:
    """The fields a PATCH sets; ``null`` for one of them is refused naming it (leave a field out to keep it)."""
    changes = payload.dict(exclude_unset=True)
    for name, value in changes.items():
        if value is None:
            raise BusinessError.of("convention.field_null", "Ce champ ne peut pas être vide.", field=name)
    return changes


def _province(code: str | None):
    from moukawil.territory.models import Province

    if not code:
        return None
    province = Province.objects.select_related("region").filter(code=code).first()
    if province is None:
        raise BusinessError.of("province.unknown", "Province inconnue : « %(code)s ».", field="province", code=code)
    return province


def _progress_out(convention: Convention, commitment_id: int) -> dict:
    found = next(p for p in selectors.convention_progress(convention) if p.commitment.pk == commitment_id)
    return {
        "commitment_id": found.commitment.pk, "label": found.commitment.label, "indicator": found.commitment.indicator,
        "programme": found.commitment.programme, "scope": found.commitment.scope, "starts_on": found.window_start,
        "ends_on": found.window_end, "target": found.commitment.target, "value": found.value,
        "percent": found.percent, "projected": found.projected, "status": found.status,
    }  # fmt: skip


@router.post("/conventions/{pk}/commitments", response={201: ProgressOut}, summary="Ajouter un engagement chiffré")
def add_commitment(request, pk: int, payload: CommitmentIn):
    convention = _get(request, pk)
    commitment = commitment_add(
        actor=request.user, convention=convention, indicator=payload.indicator, scope=payload.scope,
        region=region_by_code(payload.region, field="region"), province=_province(payload.province),
        commune_code=payload.commune_code, programme=payload.programme, label=payload.label,
        starts_on=payload.starts_on, ends_on=payload.ends_on, target=payload.target, cumulative=payload.cumulative,
    )  # fmt: skip
    return Status(201, _progress_out(_get(request, pk), commitment.pk))


def _get_commitment(request, pk: int, commitment_id: int) -> tuple[Convention, Commitment]:
    convention = _get(request, pk)
    commitment = convention.commitments.filter(pk=commitment_id).first()
    if commitment is None:
        raise Http404
    commitment.convention = convention
    return convention, commitment


@router.patch("/conventions/{pk}/commitments/{commitment_id}", response=ProgressOut,
              summary="Modifier un engagement chiffré (convention en projet)")  # fmt: skip
def patch_commitment(request, pk: int, commitment_id: int, payload: CommitmentPatch):
    convention, commitment = _get_commitment(request, pk, commitment_id)
    changes = _no_nulls(payload)
    fields = {
        "indicator": commitment.indicator, "scope": commitment.scope, "region": commitment.region,
        "province": commitment.province, "commune_code": commitment.commune_code, "programme": commitment.programme,
        "label": commitment.label, "starts_on": commitment.starts_on, "ends_on": commitment.ends_on,
        "target": commitment.target, "cumulative": commitment.cumulative,
    }  # fmt: skip
    if "region" in changes:
        changes["region"] = region_by_code(changes["region"], field="region")
    if "province" in changes:
        changes["province"] = _province(changes["province"])
    commitment_update(actor=request.user, commitment=commitment, **{**fields, **changes})
    convention = _get(request, pk)  # read again: the progress of the changed commitment
    return _progress_out(convention, commitment_id)


@router.delete("/conventions/{pk}/commitments/{commitment_id}", response={204: None},
               summary="Supprimer un engagement chiffré (convention en projet)")  # fmt: skip
def delete_commitment(request, pk: int, commitment_id: int):
    _convention, commitment = _get_commitment(request, pk, commitment_id)
    commitment_delete(actor=request.user, commitment=commitment)
    return Status(204, None)


class ConventionPatch(Schema):
    """The fields to change: in a draft, every one; once adopted, only the dates of the steps (docs/conventions.md).
    ``parties``: identifiers of organisations."""

    title: str | None = Field(None, max_length=200)
    object: str | None = Field(None, max_length=5000)
    kind: str | None = Field(None, max_length=12)
    parties: list[int] | None = Field(None, max_length=20)
    starts_on: date | None = None
    ends_on: date | None = None
    adopted_on: date | None = None
    signed_on: date | None = None


@router.patch("/conventions/{pk}", response=ConventionOut, summary="Modifier une convention")
def patch_convention(request, pk: int, payload: ConventionPatch):
    from moukawil.territory.models import Organisation

    convention = _get(request, pk)
    changes = _no_nulls(payload)
    if "parties" in changes:
        wanted = set(changes["parties"])
        parties = list(Organisation.objects.active().filter(pk__in=wanted))
        if len(parties) != len(wanted):
            raise BusinessError.of("convention.parties", "Organisation inconnue parmi les parties.", field="parties")
        changes["parties"] = parties
    return _convention_out(convention_update(actor=request.user, convention=convention, **changes))
