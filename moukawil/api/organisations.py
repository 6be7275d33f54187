from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from moukawil.territory import selectors
from moukawil.territory.enums import OrganisationKind
from moukawil.territory.models import Organisation
from moukawil.territory.selectors import region_by_code
from moukawil.territory.services import organisation_create, organisation_update

from .pagination import Pagination
from .schemas import RegionRef

router = Router(tags=["organisations"])


class OrganisationOut(Schema):
    id: int
    kind: OrganisationKind
    name_fr: str
    name_ar: str
    acronym: str
    region: RegionRef | None
    city: str
    email: str
    phone: str
    is_active: bool


class OrganisationIn(Schema):
    kind: OrganisationKind
    name_fr: str = Field(min_length=2, max_length=200)
    name_ar: str = Field("", max_length=200)
    acronym: str = Field("", max_length=30)
    region_code: str | None = Field(
        None, description="Code de la région (01 à 12) ; vide pour un organisme national.", max_length=100
    )
    city: str = Field("", max_length=100)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=100)


class OrganisationPatch(Schema):
    name_fr: str | None = Field(None, min_length=2, max_length=200)
    name_ar: str | None = Field(None, max_length=200)
    acronym: str | None = Field(None, max_length=30)
    city: str | None = Field(None, max_length=100)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=100)
    is_active: bool | None = None


class OrganisationFilters(Schema):
    kind: OrganisationKind | None = None
    region: str | None = Field(None, description="Code de région, ex. 03", max_length=100)
    q: str | None = Field(None, description="Recherche dans le nom et le sigle", max_length=100)


@router.get("", response=list[OrganisationOut], summary="Organisations visibles")
@paginate(Pagination)
def list_organisations(request, filters: Query[OrganisationFilters]):
    return selectors.organisation_list(user=request.user, kind=filters.kind, region_code=filters.region, q=filters.q)


@router.get("/{organisation_id}", response=OrganisationOut, summary="Une organisation")
def get_organisation(request, organisation_id: int):
    return get_object_or_404(Organisation.objects.visible_to(request.user).select_related("region"), pk=organisation_id)


@router.post("", response={201: OrganisationOut}, summary="Créer une organisation")
def create_organisation(request, payload: OrganisationIn):
    data = payload.dict()
    region = region_by_code(data.pop("region_code"), field="region_code")
    organisation = organisation_create(actor=request.user, region=region, **data)
    return Status(201, organisation)


@router.patch("/{organisation_id}", response=OrganisationOut, summary="Modifier une organisation")
def patch_organisation(request, organisation_id: int, payload: OrganisationPatch):
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), pk=organisation_id)
    return organisation_update(actor=request.user, organisation=organisation, **payload.dict(exclude_unset=True))
