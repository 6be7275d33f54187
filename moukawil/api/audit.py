from datetime import datetime

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from moukawil.accounts.permissions import can_view_audit
from moukawil.core.permissions import require
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
    before: dict | None
    after: dict | None
    extra: dict | None


class AuditFilters(Schema):
    event_type: int | None = Field(None, ge=0, le=32767)
    target_type: str | None = Field(None, description="ex. accounts.user", max_length=100)
    target_id: str | None = Field(None, max_length=100)


@router.get("", response=list[AuditEventOut], summary="Journal d'audit (limité à votre périmètre)")
@paginate(Pagination)
def list_audit_events(request, filters: Query[AuditFilters]):
    require(can_view_audit(request.user))
    return audit_event_list(
        user=request.user,
        event_type=filters.event_type,
        target_type=filters.target_type,
        target_id=filters.target_id,
    )
