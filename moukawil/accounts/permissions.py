"""What each role may do, as checks returning a Decision with the reason for a refusal (French)."""

from __future__ import annotations

from moukawil.core.permissions import Decision, allow, deny

from .enums import Role

NOT_LOGGED_IN = "Connectez-vous pour accéder à cette page."


def _authenticated(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def is_admin(user) -> bool:
    return _authenticated(user) and (user.is_superuser or user.role == Role.ADMIN)


def can_view_staff_pages(user) -> Decision:
    if not _authenticated(user):
        return deny(NOT_LOGGED_IN)
    if user.is_staff_role:
        return allow()
    return deny("Cette page est réservée aux agents des chambres, de l'agence et du ministère.")


def can_view_audit(user) -> Decision:
    return can_view_staff_pages(user)


def can_manage_organisations(user) -> Decision:
    if not _authenticated(user):
        return deny(NOT_LOGGED_IN)
    if is_admin(user) or user.role == Role.AGENCY_OFFICER:
        return allow()
    return deny("Seuls l'agence nationale et les administrateurs gèrent les organisations.")


def can_manage_users(user) -> Decision:
    if not _authenticated(user):
        return deny(NOT_LOGGED_IN)
    if is_admin(user):
        return allow()
    return deny("Seuls les administrateurs gèrent les comptes et les rôles.")


def can_manage_own_tokens(user) -> Decision:
    if not _authenticated(user):
        return deny(NOT_LOGGED_IN)
    return allow()
