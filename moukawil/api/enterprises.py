"""The enterprise register: list (the same filters as the page and its export), record, registration, edit."""

from datetime import date
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from moukawil.core.errors import BusinessError
from moukawil.core.inputs import MAX_COUNT
from moukawil.core.permissions import require
from moukawil.enterprises.models import Court, Enterprise, Sector
from moukawil.enterprises.permissions import can_list_enterprises
from moukawil.enterprises.selectors import enterprise_list
from moukawil.enterprises.services import EnterpriseData, enterprise_create, enterprise_update
from moukawil.territory.models import Province

from .pagination import Pagination
from .schemas import YearInt

router = Router(tags=["entreprises"])


class EnterpriseIn(Schema):
    legal_kind: str = Field(description="natural ou legal", max_length=100)
    name: str = Field(max_length=200)
    name_ar: str = Field("", max_length=200)
    ice: str = Field("", max_length=100)
    rc_court: str = Field("", description="Ville du tribunal du registre de commerce (ex. Fès)", max_length=100)
    rc_number: str = Field("", max_length=100)
    tax_id: str = Field("", max_length=100)
    tp_number: str = Field("", max_length=100)
    cnss_number: str = Field("", max_length=100)
    created_on: date
    sector_code: str = Field(max_length=100)
    province_code: str = Field(max_length=100)
    last_turnover: str = Field(max_length=40)
    turnover_year: YearInt
    employees: int = Field(0, ge=0, le=MAX_COUNT)
    is_rural: bool = False
    is_innovative: bool = False
    owner_gender: str = Field(description="F ou M", max_length=100)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=100)


class EnterpriseOut(Schema):
    id: int
    legal_kind: str
    name: str
    name_ar: str
    ice: str
    rc: str
    tax_id: str
    tp_number: str
    cnss_number: str
    created_on: date
    sector: str = Field(alias="sector.code")
    region: str = Field(alias="region.code")
    province: str = Field(alias="province.code")
    last_turnover: Decimal
    turnover_year: int
    size_class: str
    employees: int
    is_rural: bool
    is_innovative: bool
    owner_gender: str


def _enterprise_data(payload: EnterpriseIn) -> EnterpriseData:
    sector = Sector.objects.filter(code=payload.sector_code.strip().upper()).first()
    if sector is None:
        raise BusinessError("enterprise.sector", f"Secteur inconnu : « {payload.sector_code} ».", field="sector_code")
    province = Province.objects.select_related("region").filter(code=payload.province_code.strip().upper()).first()
    if province is None:
        raise BusinessError(
            "province.unknown", f"Préfecture ou province inconnue : « {payload.province_code} ».", field="province_code"
        )
    court = None
    if payload.rc_court.strip():
        court = Court.objects.filter(city__iexact=payload.rc_court.strip()).order_by("kind").first()
        if court is None:
            raise BusinessError("enterprise.rc_court", f"Tribunal inconnu : « {payload.rc_court} ».", field="rc_court")
    data = payload.dict()
    return EnterpriseData.from_mapping(
        {k: v for k, v in data.items() if k not in ("rc_court",)}, sector=sector, province=province, rc_court=court
    )


def _enterprises(request):
    return Enterprise.objects.visible_to(request.user).select_related("sector", "region", "province", "rc_court")


@router.get("/enterprises", response=list[EnterpriseOut], summary="Registre des entreprises (votre périmètre)")
@paginate(Pagination)
def list_enterprises(request, q: str | None = None, size_class: str | None = None, region: str | None = None):
    """``q``: a name, or an ICE, RC, IF or taxe professionnelle number; the same filters as the page and its export."""
    require(can_list_enterprises(request.user))
    return enterprise_list(user=request.user, q=q, size_class=size_class, region_code=region)


@router.post("/enterprises", response={201: EnterpriseOut}, summary="Enregistrer une entreprise")
def create_enterprise(request, payload: EnterpriseIn):
    owner = request.user if request.user.role == "entrepreneur" else None
    enterprise = enterprise_create(actor=request.user, data=_enterprise_data(payload), owner=owner)
    return Status(201, _enterprises(request).get(pk=enterprise.pk))


@router.get("/enterprises/{enterprise_id}", response=EnterpriseOut, summary="Une entreprise")
def get_enterprise(request, enterprise_id: int):
    return get_object_or_404(_enterprises(request), pk=enterprise_id)


@router.put("/enterprises/{enterprise_id}", response=EnterpriseOut, summary="Modifier une entreprise")
def update_enterprise(request, enterprise_id: int, payload: EnterpriseIn):
    enterprise = get_object_or_404(_enterprises(request), pk=enterprise_id)
    enterprise_update(actor=request.user, enterprise=enterprise, data=_enterprise_data(payload))
    return _enterprises(request).get(pk=enterprise_id)
