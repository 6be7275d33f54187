"""Who may declare, correct and record payments. Each check returns a Decision with a French reason."""

from __future__ import annotations

from moukawil.accounts.enums import Role
from moukawil.core.permissions import Decision, allow, deny
from moukawil.registry.permissions import NOT_LOGGED_IN, OUT_OF_REGION, _active, _in_scope


def can_declare(user, registration) -> Decision:
    """The auto-entrepreneur himself; at a counter, an officer of his region (or the agency) for him."""
    if not _active(user):
        return deny(NOT_LOGGED_IN)
    if registration.person.user_id == user.pk:
        return allow()
    if user.role in (Role.CCIS_OFFICER, Role.AGENCY_OFFICER, Role.ADMIN) or user.is_superuser:
        return allow() if _in_scope(user, registration.region_id) else deny(OUT_OF_REGION)
    return deny("Seul l'auto-entrepreneur (ou un agent de sa région, au guichet) déclare son chiffre d'affaires.")


def can_record_payment(user, registration) -> Decision:
    if not _active(user):
        return deny(NOT_LOGGED_IN)
    if user.role in (Role.AGENCY_OFFICER, Role.ADMIN) or user.is_superuser:
        return allow()
    return deny("Les paiements sont enregistrés par l'agence (ou reçus du prestataire de paiement).")


def can_download_receipt(user, declaration) -> Decision:
    if not _active(user):
        return deny("Connectez-vous pour télécharger l'accusé de réception.")
    if declaration.registration.person.user_id == user.pk or _in_scope(user, declaration.region_id):
        return allow()
    return deny("Seuls l'auto-entrepreneur et les agents de sa région délivrent cet accusé de réception.")
