"""Who may register and edit enterprises."""

from __future__ import annotations

from moukawil.accounts.enums import Role
from moukawil.core.permissions import Decision, allow, deny
from moukawil.registry.permissions import NOT_LOGGED_IN, OUT_OF_REGION, _active, _in_scope


def can_register_enterprise(user, *, region) -> Decision:
    """Chamber officers (their region), agency officers, administrators; an entrepreneur registers his own."""
    if not _active(user):
        return deny(NOT_LOGGED_IN)
    if user.role == Role.ENTREPRENEUR:
        return allow()
    if user.role in (Role.CCIS_OFFICER, Role.AGENCY_OFFICER, Role.ADMIN) or user.is_superuser:
        return allow() if _in_scope(user, getattr(region, "pk", region)) else deny(OUT_OF_REGION)
    return deny("Votre rôle ne permet pas d'enregistrer une entreprise.")


def can_edit_enterprise(user, enterprise) -> Decision:
    if not _active(user):
        return deny(NOT_LOGGED_IN)
    if enterprise.owner_id and enterprise.owner_id == user.pk:
        return allow()
    if user.role in (Role.CCIS_OFFICER, Role.AGENCY_OFFICER, Role.ADMIN) or user.is_superuser:
        return allow() if _in_scope(user, enterprise.region_id) else deny(OUT_OF_REGION)
    return deny("Seuls le dirigeant et les agents de sa région modifient cette fiche.")
