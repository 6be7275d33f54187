"""The application workflow, declared once as data (Hypha): states, transitions, who may fire each one.

    draft ──submit──▶ submitted ──start_review──▶ under_review ──approve──▶ approved
                          │  ▲                        │  │
                          │  └──────resubmit──── info_requested ◀─request_info
                          │                            │
                          └──approve / reject──────────┴──reject──▶ rejected ──contest──▶ contested
                                                                         ▲                  │
                                                                         └──dismiss_contest─┤
                                                       approved ◀──uphold_contest───────────┘
    draft / submitted / info_requested ──withdraw──▶ withdrawn

Each transition says which roles may fire it; "owner" means the entrepreneur whose file it is. Region scope is
checked separately (a chamber officer acts only on files of his region).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from moukawil.accounts.enums import Role

StrOrPromise = str | Promise


class State(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Déposée")
    UNDER_REVIEW = "under_review", _("En instruction")
    INFO_REQUESTED = "info_requested", _("Complément demandé")
    APPROVED = "approved", _("Acceptée")
    REJECTED = "rejected", _("Refusée")
    CONTESTED = "contested", _("Recours en cours")
    WITHDRAWN = "withdrawn", _("Retirée")


# What the applicant reads (public) may differ from what officers see (internal).
PUBLIC_LABELS = {
    State.DRAFT: _("Brouillon, pas encore envoyée"),
    State.SUBMITTED: _("Reçue, en attente d'instruction"),
    State.UNDER_REVIEW: _("En cours d'examen par la chambre"),
    State.INFO_REQUESTED: _("Action requise : complétez votre demande"),
    State.APPROVED: _("Acceptée : vous êtes inscrit au registre"),
    State.REJECTED: _("Refusée (vous pouvez former un recours)"),
    State.CONTESTED: _("Recours en cours d'examen"),
    State.WITHDRAWN: _("Retirée à votre demande"),
}

OPEN_STATES = frozenset({State.DRAFT, State.SUBMITTED, State.UNDER_REVIEW, State.INFO_REQUESTED, State.CONTESTED})
DECIDED_STATES = frozenset({State.APPROVED, State.REJECTED})
OWNER = "owner"
OFFICERS = frozenset({Role.CCIS_OFFICER, Role.AGENCY_OFFICER, Role.ADMIN})


@dataclass(frozen=True)
class Transition:
    name: str
    label: StrOrPromise
    sources: frozenset[str]
    target: str
    actors: frozenset[str]  # roles, or OWNER
    needs_reason: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition("submit", _("Déposer"), frozenset({State.DRAFT}), State.SUBMITTED, frozenset({OWNER, *OFFICERS})),
        Transition("start_review", _("Prendre en charge"), frozenset({State.SUBMITTED}), State.UNDER_REVIEW, OFFICERS),
        Transition(
            "request_info",
            _("Demander un complément"),
            frozenset({State.SUBMITTED, State.UNDER_REVIEW}),
            State.INFO_REQUESTED,
            OFFICERS,
            needs_reason=True,
        ),
        Transition(
            "resubmit",
            _("Renvoyer la demande complétée"),
            frozenset({State.INFO_REQUESTED}),
            State.SUBMITTED,
            frozenset({OWNER, *OFFICERS}),
        ),
        Transition(
            "approve", _("Accepter"), frozenset({State.SUBMITTED, State.UNDER_REVIEW}), State.APPROVED, OFFICERS
        ),
        Transition(
            "reject",
            _("Refuser"),
            frozenset({State.SUBMITTED, State.UNDER_REVIEW}),
            State.REJECTED,
            OFFICERS,
            needs_reason=True,
        ),
        Transition(
            "contest",
            _("Former un recours"),
            frozenset({State.REJECTED}),
            State.CONTESTED,
            frozenset({OWNER}),
            needs_reason=True,
        ),
        Transition(
            "uphold_contest",
            _("Faire droit au recours"),
            frozenset({State.CONTESTED}),
            State.APPROVED,
            OFFICERS,
            needs_reason=True,
        ),
        Transition(
            "dismiss_contest",
            _("Rejeter le recours"),
            frozenset({State.CONTESTED}),
            State.REJECTED,
            OFFICERS,
            needs_reason=True,
        ),
        Transition(
            "withdraw",
            _("Retirer la demande"),
            frozenset({State.DRAFT, State.SUBMITTED, State.INFO_REQUESTED}),
            State.WITHDRAWN,
            frozenset({OWNER}),
        ),
    ]
}


def actor_kinds(user, *, owner_id: int | None) -> set[str]:
    """What a user counts as for one file: his role, plus "owner" when the file is his."""
    kinds = {Role.ADMIN.value} if user.is_superuser else {user.role}
    if owner_id is not None and user.pk == owner_id:
        kinds.add(OWNER)
    return kinds


def available_transitions(state: str, kinds: set[str]) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if state in t.sources and kinds & t.actors]
