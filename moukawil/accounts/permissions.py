"""What each role may do with accounts, organisations and the audit log: the policy's rules (``core.policy``)."""

from __future__ import annotations

from moukawil.core import policy
from moukawil.core.permissions import Decision
from moukawil.core.policy import Subject

NOT_LOGGED_IN = policy.NOT_LOGGED_IN


def is_admin(user) -> bool:
    return policy.is_active(user) and policy.role_of(user) == "admin"


def can_view_staff_pages(user) -> Decision:
    return policy.decide(user, policy.STAFF_PAGES)


def can_view_audit(user) -> Decision:
    return policy.decide(user, policy.AUDIT_VIEW)


def can_manage_organisations(user) -> Decision:
    return policy.decide(user, policy.ORGANISATIONS_MANAGE)


def can_manage_users(user) -> Decision:
    return policy.decide(user, policy.USERS_MANAGE)


def can_manage_own_tokens(user, owner=None) -> Decision:
    return policy.decide(user, policy.TOKENS_MANAGE, None if owner is None else Subject(owner_id=owner.pk))


def can_load_territory(user) -> Decision:
    return policy.decide(user, policy.TERRITORY_LOAD)
