"""Who may do what with personal data: the kernel's policy, plus what is particular to a rectification request."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from moukawil.core import policy
from moukawil.core.permissions import Decision, deny

from .workflow import WORKFLOW

_NO_RECORD = _("Aucun dossier du registre n'est lié à votre compte : il n'y a pas de données à ce titre.")


def can_export_my_data(user) -> Decision:
    decision = policy.decide(user, policy.MY_DATA)
    if decision and getattr(user, "person", None) is None:
        return deny(policy.reason(_NO_RECORD))
    return decision


def can_request_rectification(user) -> Decision:
    decision = policy.decide(user, policy.RECTIFICATION_REQUEST)
    if decision and getattr(user, "person", None) is None:
        return deny(policy.reason(_NO_RECORD))
    return decision


def can_decide_rectifications(user) -> Decision:
    return policy.decide(user, policy.RECTIFICATION_DECIDE)


def can_act(user, request, name: str) -> Decision:
    return WORKFLOW.check(
        user, WORKFLOW.get(name), state=request.state,
        subject=policy.Subject(region_id=request.region_id, owner_id=request.requested_by_id),
    )  # fmt: skip


def can_run_retention(user) -> Decision:
    return policy.decide(user, policy.RETENTION_RUN)
