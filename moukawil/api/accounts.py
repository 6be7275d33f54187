from datetime import datetime

from django.db import transaction
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from moukawil.accounts import selectors
from moukawil.accounts.models import ApiToken, User
from moukawil.accounts.permissions import can_manage_users
from moukawil.accounts.services import (
    api_token_create,
    api_token_revoke,
    user_create,
    user_set_active,
    user_set_role,
)
from moukawil.core.errors import BusinessError
from moukawil.core.permissions import require
from moukawil.territory.models import Organisation
from moukawil.territory.selectors import region_by_code

from .pagination import Pagination
from .schemas import Id, OrganisationRef, RegionRef

router = Router(tags=["comptes"])


class MeOut(Schema):
    id: int
    email: str
    first_name: str
    last_name: str
    role: str
    role_label: str = Field(..., alias="get_role_display")
    region: RegionRef | None
    organisation: OrganisationRef | None
    preferred_language: str


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    valid_days: int | None = Field(365, ge=1, le=730, description="1 à 730 jours ; null pour un jeton sans échéance.")


class TokenCreatedOut(TokenOut):
    token: str = Field(description="Le jeton complet, affiché cette seule fois.")


@router.get("/me", response=MeOut, summary="Le compte connecté")
def me(request):
    return request.user


@router.get("/tokens", response=list[TokenOut], summary="Mes jetons d'API")
def list_tokens(request):
    return request.user.api_tokens.all()


@router.post("/tokens", response={201: TokenCreatedOut}, summary="Créer un jeton d'API")
def create_token(request, payload: TokenIn):
    token, raw = api_token_create(
        actor=request.user, user=request.user, name=payload.name, valid_days=payload.valid_days
    )
    data = TokenOut.from_orm(token).dict()
    return Status(201, {**data, "token": raw})


@router.delete("/tokens/{token_id}", response=TokenOut, summary="Révoquer un de mes jetons")
def revoke_token(request, token_id: int):
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    return api_token_revoke(actor=request.user, token=token)


# --- Accounts, for administrators: the same services (and so the same checks and messages) as /comptes/ ---------


class UserOut(Schema):
    id: int
    email: str
    first_name: str
    last_name: str
    first_name_ar: str
    last_name_ar: str
    role: str
    role_label: str = Field(..., alias="get_role_display")
    region: RegionRef | None
    organisation: OrganisationRef | None
    is_active: bool
    date_joined: datetime
    last_login: datetime | None


class UserFilters(Schema):
    role: str | None = Field(None, max_length=100)
    region: str | None = Field(None, description="Code de région, ex. 03", max_length=100)
    active: bool | None = None
    q: str | None = Field(None, description="Recherche dans l'e-mail et les noms", max_length=100)


class UserIn(Schema):
    email: str = Field(max_length=254)
    first_name: str = Field("", max_length=100)
    last_name: str = Field("", max_length=100)
    first_name_ar: str = Field("", max_length=100)
    last_name_ar: str = Field("", max_length=100)
    role: str = Field(max_length=100)
    region: str | None = Field(
        None, description="Code de la région (01 à 12), obligatoire pour un agent de chambre.", max_length=100
    )
    organisation: Id | None = Field(
        None, description="Id de l'organisation, obligatoire pour une banque ou un fournisseur."
    )


class UserPatch(Schema):
    role: str | None = Field(None, max_length=100)
    region: str | None = Field(None, description="Code de la région ; null pour aucune.", max_length=100)
    organisation: Id | None = Field(None, description="Id de l'organisation ; null pour aucune.")
    is_active: bool | None = None


def _organisation(pk: int | None) -> Organisation | None:
    if pk is None:
        return None
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None:
        raise BusinessError("organisation.unknown", f"Organisation inconnue : {pk}.", field="organisation")
    return organisation


@router.get("/users", response=list[UserOut], summary="Comptes (administrateurs)")
@paginate(Pagination)
def list_users(request, filters: Query[UserFilters]):
    require(can_manage_users(request.user))
    return selectors.user_list(
        user=request.user, role=filters.role, region_code=filters.region, active=filters.active, q=filters.q
    )


@router.post("/users", response={201: UserOut}, summary="Créer un compte (administrateurs)")
def create_user(request, payload: UserIn):
    require(can_manage_users(request.user))
    data = payload.dict()
    region, organisation = region_by_code(data.pop("region"), field="region"), _organisation(data.pop("organisation"))
    user = user_create(actor=request.user, password=None, region=region, organisation=organisation, **data)
    return Status(201, user)


@router.patch("/users/{user_id}", response=UserOut, summary="Changer le rôle, la région, l'organisation ou l'état")
def patch_user(request, user_id: int, payload: UserPatch):
    require(can_manage_users(request.user))
    user = get_object_or_404(User.objects.visible_to(request.user).select_related("region", "organisation"), pk=user_id)
    changes = payload.dict(exclude_unset=True)
    with transaction.atomic():
        if changes.keys() & {"role", "region", "organisation"}:
            user_set_role(
                actor=request.user,
                user=user,
                role=changes.get("role") or user.role,
                region=region_by_code(changes["region"], field="region") if "region" in changes else user.region,
                organisation=(
                    _organisation(changes["organisation"]) if "organisation" in changes else user.organisation
                ),
            )
        if changes.get("is_active") is not None:
            user_set_active(actor=request.user, user=user, active=changes["is_active"])
    return user
