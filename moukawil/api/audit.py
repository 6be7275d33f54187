from datetime import date, datetime

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from moukawil.accounts.permissions import can_view_audit
from moukawil.core.permissions import require
from moukawil.core.privacy import masked_payload
from moukawil.core.selectors import audit_event_list

from .pagination import Pagination

router = Router(tags=["journal d'audit"])


class AuditEventOut(Schema):
    id: int
    created_at: datetime
    actor_label: str
    event_type: int
    event_label: str = Field(..., alias="event_label")
    target_type: str
    target_id: str
    target_label: str
    region_code: str | None = Field(None, alias="region.code")
    before: dict | None = Field(
        description="CIN, date de naissance et téléphone masqués pour les rôles qui n'en ont pas besoin"
    )
    after: dict | None
    extra: dict | None
    seq: int | None = Field(None, description="Rang dans la chaîne des hachages (vide tant que non scellé)")
    prev_hash: str
    hash: str

    @staticmethod
    def resolve_before(obj, context):
        return masked_payload(context["request"].user, obj.before)

    @staticmethod
    def resolve_after(obj, context):
        return masked_payload(context["request"].user, obj.after)


class AuditFilters(Schema):
    event_type: int | None = Field(None, ge=1, le=32767)
    target_type: str | None = Field(None, description="ex. accounts.user", max_length=100)
    target_id: str | None = Field(None, max_length=100)
    actor: str | None = Field(None, description="Partie de l'e-mail de l'auteur", max_length=100)
    target: str | None = Field(None, description="Partie du libellé de la cible, ou son identifiant", max_length=100)
    region: str | None = Field(None, description="Code de la région (01 à 12)", max_length=2)
    date_from: date | None = Field(None, description="Depuis ce jour (inclus)")
    date_to: date | None = Field(None, description="Jusqu'à ce jour (inclus)")


@router.get("", response=list[AuditEventOut], summary="Journal d'audit (limité à votre périmètre)")
@paginate(Pagination)
def list_audit_events(request, filters: Query[AuditFilters]):
    require(can_view_audit(request.user))
    return audit_event_list(
        user=request.user,
        event_type=filters.event_type,
        target_type=filters.target_type,
        target_id=filters.target_id,
        actor=filters.actor,
        target=filters.target,
        region_code=filters.region,
        date_from=filters.date_from,
        date_to=filters.date_to,
    )
