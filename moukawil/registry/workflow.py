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

from django.db import models
from django.utils.translation import gettext_lazy as _

from moukawil.core import policy
from moukawil.core.workflow import OWNER, Transition, Workflow, transition

__all__ = ["OWNER", "TRANSITIONS", "WORKFLOW", "State", "Transition", "available_transitions"]


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

# What the applicant reads beside the public label: what he must do next (or that he may wait).
NEXT_STEPS = {
    State.DRAFT: _("Envoyez votre demande : elle n'est encore qu'un brouillon."),
    State.SUBMITTED: _("Rien à faire pour l'instant : la chambre va examiner votre dossier."),
    State.UNDER_REVIEW: _("Rien à faire pour l'instant : la chambre examine votre dossier."),
    State.INFO_REQUESTED: _("Complétez votre dossier : la chambre attend un complément de votre part."),
    State.APPROVED: _("Vous êtes inscrit : déclarez votre chiffre d'affaires à chaque période."),
    State.REJECTED: _("Vous pouvez former un recours contre ce refus."),
    State.CONTESTED: _("Rien à faire pour l'instant : la chambre examine votre recours."),
    State.WITHDRAWN: _("Vous pouvez déposer une nouvelle demande."),
}

OPEN_STATES = frozenset({State.DRAFT, State.SUBMITTED, State.UNDER_REVIEW, State.INFO_REQUESTED, State.CONTESTED})
DECIDED_STATES = frozenset({State.APPROVED, State.REJECTED})
OFFICERS = frozenset(policy.OFFICERS)
REVIEWED = (State.SUBMITTED, State.UNDER_REVIEW)

WORKFLOW = Workflow(
    code="application",
    states=State,
    public_labels=PUBLIC_LABELS,
    next_steps=NEXT_STEPS,
    noun=_("la demande"),
    action=policy.APPLICATION_DECIDE,
    owner_only=_("Seul le demandeur peut faire cette action sur son dossier."),
    transitions=[
        transition("submit", _("Déposer"), [State.DRAFT], State.SUBMITTED, {OWNER, *OFFICERS}),
        transition("start_review", _("Prendre en charge"), [State.SUBMITTED], State.UNDER_REVIEW, OFFICERS),
        transition("request_info", _("Demander un complément"), REVIEWED, State.INFO_REQUESTED, OFFICERS,
                   needs_reason=True),
        transition("resubmit", _("Renvoyer la demande complétée"), [State.INFO_REQUESTED], State.SUBMITTED,
                   {OWNER, *OFFICERS}),
        transition("approve", _("Accepter"), REVIEWED, State.APPROVED, OFFICERS),
        transition("reject", _("Refuser"), REVIEWED, State.REJECTED, OFFICERS, needs_reason=True),
        transition("contest", _("Former un recours"), [State.REJECTED], State.CONTESTED, {OWNER}, needs_reason=True),
        transition("uphold_contest", _("Faire droit au recours"), [State.CONTESTED], State.APPROVED, OFFICERS,
                   needs_reason=True),
        transition("dismiss_contest", _("Rejeter le recours"), [State.CONTESTED], State.REJECTED, OFFICERS,
                   needs_reason=True),
        transition("withdraw", _("Retirer la demande"), [State.DRAFT, State.SUBMITTED, State.INFO_REQUESTED],
                   State.WITHDRAWN, {OWNER}),
    ],
)  # fmt: skip
TRANSITIONS = WORKFLOW.transitions
available_transitions = WORKFLOW.available
