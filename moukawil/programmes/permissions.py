"""Who may manage programmes and calls, apply, review and decide."""

from __future__ import annotations

from moukawil.accounts.enums import Role
from moukawil.core.permissions import Decision, allow, deny
from moukawil.registry.permissions import NOT_LOGGED_IN, OUT_OF_REGION, _active, _in_scope

OFFICER_ROLES = (Role.CCIS_OFFICER, Role.AGENCY_OFFICER, Role.ADMIN)


def can_manage_calls(user) -> Decision:
    if not _active(user):
        return deny(NOT_LOGGED_IN)
    if user.role in (Role.AGENCY_OFFICER, Role.ADMIN) or user.is_superuser:
        return allow()
    return deny("Les programmes et leurs appels sont gérés par l'agence nationale.")


def can_view_programme_files(user) -> Decision:
    if not _active(user):
        return deny(NOT_LOGGED_IN)
    if user.is_staff_role:
        return allow()
    return deny("Les candidatures sont suivies par les agents des chambres et de l'agence.")


def can_apply(user, *, enterprise=None, region=None) -> Decision:
    """An entrepreneur for his own enterprise (or as a project holder); an officer for a candidate of his region."""
    if not _active(user):
        return deny(NOT_LOGGED_IN)
    if user.role == Role.ENTREPRENEUR:
        if enterprise is not None and enterprise.owner_id != user.pk:
            return deny("Vous ne pouvez candidater que pour votre propre entreprise.")
        return allow()
    if user.role in OFFICER_ROLES or user.is_superuser:
        return allow() if _in_scope(user, getattr(region, "pk", region)) else deny(OUT_OF_REGION)
    return deny("Votre rôle ne permet pas de déposer une candidature.")


def actor_kinds(user, application) -> set[str]:
    from .workflow import OFFICER, OWNER

    kinds = set()
    if application.applicant_id and application.applicant_id == user.pk:
        kinds.add(OWNER)
    if user.role in OFFICER_ROLES or user.is_superuser:
        kinds.add(OFFICER)
    return kinds


def can_act(user, application, transition) -> Decision:
    from .workflow import OWNER

    if not _active(user):
        return deny(NOT_LOGGED_IN)
    if application.state not in transition.sources:
        return deny(
            f"Action « {transition.label} » impossible : la candidature est « {application.get_state_display()} »."
        )
    kinds = actor_kinds(user, application)
    if not kinds & transition.actors:
        return deny("Seul le candidat peut faire cette action." if OWNER in transition.actors else
                    "Votre rôle ne permet pas cette action.")  # fmt: skip
    if OWNER not in kinds and not _in_scope(user, application.region_id):
        return deny(OUT_OF_REGION)
    return allow()


def can_assess(user, application) -> Decision:
    if not _active(user):
        return deny(NOT_LOGGED_IN)
    if not (user.role in OFFICER_ROLES or user.is_superuser):
        return deny("Les évaluations sont faites par les agents des chambres et de l'agence.")
    return allow() if _in_scope(user, application.region_id) else deny(OUT_OF_REGION)
