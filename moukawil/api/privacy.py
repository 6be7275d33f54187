"""Personal data (loi 09-08): the holder's export, rectification requests and their decision."""

from datetime import datetime
from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from moukawil.privacy import permissions
from moukawil.privacy.models import FIELD_LABELS, RectificationRequest
from moukawil.privacy.services import my_data_export, rectification_request, rectification_transition
from moukawil.privacy.workflow import WORKFLOW, State

from .pagination import Pagination

router = Router(tags=["Données personnelles"])


@router.get(
    "/me/data", response=dict[str, Any], summary="Mes données : tout ce que la plateforme détient sur moi (journalisé)"
)
def my_data(request):
    """Person, account, register applications and their history, registrations, declarations, payments, enterprises,
    programme applications, rectification requests and the audit events about the holder. The download is
    recorded in the audit log."""
    return my_data_export(actor=request.user, fmt="api")


class RectificationIn(Schema):
    field: str = Field(description=f"Donnée à rectifier : {', '.join(FIELD_LABELS)}", max_length=20)
    new_value: str = Field(description="Valeur correcte (255 caractères au plus)", max_length=255)
    reason: str = Field(description="Motif (2 000 caractères au plus)", max_length=2000)


class RectificationOut(Schema):
    id: int
    field: str
    field_label: str
    current_value: str
    new_value: str
    reason: str
    state: State
    public_state_label: str
    decision_reason: str
    created_at: datetime
    decided_at: datetime | None
    has_evidence: bool

    @staticmethod
    def resolve_public_state_label(obj) -> str:
        return WORKFLOW.public_label(obj.state)

    @staticmethod
    def resolve_has_evidence(obj) -> bool:
        return bool(obj.evidence)


class RectificationTransitionIn(Schema):
    name: str = Field(description="accept, refuse ou withdraw", max_length=20)
    reason: str = Field("", description="Motif (obligatoire pour refuser)", max_length=2000)


def _visible(request):
    """An officer's requests to decide (his scope), or the holder's own."""
    user = request.user
    if permissions.can_decide_rectifications(user):
        return RectificationRequest.objects.visible_to(user)
    return (
        RectificationRequest.objects.filter(requested_by_id=user.pk) if user.pk else RectificationRequest.objects.none()
    )


@router.get("/rectifications", response=list[RectificationOut], summary="Demandes de rectification (votre périmètre)")
@paginate(Pagination)
def list_rectifications(request, state: State | None = None):
    requests = _visible(request)
    return requests.filter(state=state) if state else requests


@router.post("/rectifications", response={201: RectificationOut}, summary="Demander la rectification d'une donnée")
def create_rectification(request, payload: RectificationIn):
    return Status(
        201,
        rectification_request(
            actor=request.user, field=payload.field, new_value=payload.new_value, reason=payload.reason
        ),
    )


@router.post(
    "/rectifications/{request_id}/transitions", response=RectificationOut,
    summary="Accepter (la donnée est rectifiée), refuser (motif) ou retirer une demande",
)  # fmt: skip
def transition_rectification(request, request_id: int, payload: RectificationTransitionIn):
    target = get_object_or_404(_visible(request), pk=request_id)
    return rectification_transition(actor=request.user, request=target, name=payload.name, reason=payload.reason)
