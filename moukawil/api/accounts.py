from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from moukawil.accounts.models import ApiToken
from moukawil.accounts.services import api_token_create, api_token_revoke

from .schemas import OrganisationRef, RegionRef

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
    valid_days: int | None = Field(365, description="1 à 730 jours ; null pour un jeton sans échéance.")


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
