"""Who may register, edit and import enterprises: the policy's rules (``core.policy``)."""

from __future__ import annotations

from moukawil.core import policy
from moukawil.core.permissions import Decision
from moukawil.core.policy import Subject


def can_register_enterprise(user, *, region) -> Decision:
    """Chamber officers (their region), agency officers, administrators; an entrepreneur registers his own."""
    subject = Subject(region_id=getattr(region, "pk", region), owner_id=getattr(user, "pk", None))
    return policy.decide(user, policy.ENTERPRISE_REGISTER, subject)


def can_list_enterprises(user) -> Decision:
    """Staff read their scope, a director his own enterprises; a partner's account is refused, not answered empty."""
    return policy.decide(user, policy.ENTERPRISES_VIEW)


def can_edit_enterprise(user, enterprise) -> Decision:
    subject = Subject(region_id=enterprise.region_id, owner_id=enterprise.owner_id)
    return policy.decide(user, policy.ENTERPRISE_REGISTER, subject)


def can_import_enterprises(user) -> Decision:
    return policy.decide(user, policy.ENTERPRISE_IMPORT)
