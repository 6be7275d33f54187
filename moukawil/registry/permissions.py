"""Who may do what on the register. Each check returns a Decision whose reason the pages and the API show."""

from __future__ import annotations

from moukawil.accounts.enums import Role
from moukawil.core.permissions import Decision, allow, deny

from .enums import Channel, StrikeOffReason
from .workflow import OWNER, Transition, actor_kinds

NOT_LOGGED_IN = "Connectez-vous pour accéder au registre."
OUT_OF_REGION = "Ce dossier relève d'une autre région que la vôtre."


def _active(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def _acts_nationally(user) -> bool:
    return user.is_superuser or user.role in (Role.AGENCY_OFFICER, Role.ADMIN)


def _in_scope(user, region_id) -> bool:
    return _acts_nationally(user) or (user.role == Role.CCIS_OFFICER and user.region_id == region_id)


def can_view_register(user) -> Decision:
    if not _active(user):
        return deny(NOT_LOGGED_IN)
    if user.is_staff_role:
        return allow()
    return deny("Le registre est consulté par les agents des chambres, de l'agence et du ministère.")


def can_create_application(user, *, channel: str, region) -> Decision:
    """``user`` None is the system (imports run by an operator on the command line)."""
    if user is None:
        return allow() if channel == Channel.IMPORT else deny("Canal réservé aux agents.")
    if not _active(user):
        return deny(NOT_LOGGED_IN)
    if user.role == Role.ENTREPRENEUR:
        if channel != Channel.ONLINE:
            return deny("Un entrepreneur dépose sa demande en ligne.")
        return allow()
    if user.role == Role.VIEWER:
        return deny("Votre compte est en lecture seule.")
    if user.role in (Role.CCIS_OFFICER, Role.AGENCY_OFFICER, Role.ADMIN) or user.is_superuser:
        if channel == Channel.ONLINE:
            return deny("Un agent saisit une demande au guichet, par import ou par l'API.")
        if region is not None and not _in_scope(user, region.pk):
            return deny("Vous ne pouvez saisir que des demandes de votre région.")
        return allow()
    return deny("Votre rôle ne permet pas de déposer une demande d'inscription.")


def can_act_on_application(user, application, transition: Transition) -> Decision:
    if not _active(user):
        return deny(NOT_LOGGED_IN)
    if application.state not in transition.sources:
        return deny(f"Action « {transition.label} » impossible : la demande est « {application.get_state_display()} ».")
    kinds = actor_kinds(user, owner_id=application.person.user_id)
    if not kinds & transition.actors:
        if OWNER in transition.actors and len(transition.actors) == 1:
            return deny("Seul le demandeur peut faire cette action sur son dossier.")
        return deny("Votre rôle ne permet pas cette action.")
    if OWNER not in kinds and not _in_scope(user, application.region_id):
        return deny(OUT_OF_REGION)
    return allow()


def can_strike_off(user, registration, *, reason: str) -> Decision:
    if not _active(user):
        return deny(NOT_LOGGED_IN)
    if user.role == Role.ENTREPRENEUR and registration.person.user_id == user.pk:
        if reason == StrikeOffReason.VOLUNTARY:
            return allow()
        return deny("Vous pouvez demander votre radiation volontaire uniquement.")
    if user.role in (Role.CCIS_OFFICER, Role.AGENCY_OFFICER, Role.ADMIN) or user.is_superuser:
        return allow() if _in_scope(user, registration.region_id) else deny(OUT_OF_REGION)
    return deny("Votre rôle ne permet pas de radier une inscription.")


def can_download_certificate(user, registration) -> Decision:
    if not _active(user):
        return deny("Connectez-vous pour télécharger votre attestation.")
    if registration.person.user_id == user.pk or _in_scope(user, registration.region_id):
        return allow()
    return deny("Seuls l'auto-entrepreneur et les agents de sa région délivrent cette attestation.")


def can_review_duplicates(user, suspicion) -> Decision:
    if not _active(user):
        return deny(NOT_LOGGED_IN)
    if user.role in (Role.CCIS_OFFICER, Role.AGENCY_OFFICER, Role.ADMIN) or user.is_superuser:
        return allow() if _in_scope(user, suspicion.region_id) else deny(OUT_OF_REGION)
    return deny("Les doublons sont examinés par les agents.")


def can_import(user) -> Decision:
    if not _active(user):
        return deny(NOT_LOGGED_IN)
    if user.is_superuser or user.role in (Role.CCIS_OFFICER, Role.AGENCY_OFFICER, Role.ADMIN):
        return allow()
    return deny("Les imports de demandes sont faits par les agents des chambres et de l'agence.")
