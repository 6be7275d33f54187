"""The workflow of a registration to a stop, declared as data on the kernel's engine.

    (register) ──▶ confirmed  (a place was free)      ──check_in──▶ present
               └─▶ waiting    (the stop was full) ──promote (a place freed, in order)──▶ confirmed
    confirmed / waiting ──cancel (the registrant or an officer)──▶ cancelled
    (walk-in, registered on the spot) ──▶ present

A conflicting scan (a cancelled registrant scanned offline) does not move the state: it is recorded beside it.
The campaign and the stop have their own workflows, below.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from moukawil.core import policy
from moukawil.core.workflow import OWNER, Transition, Workflow, transition

__all__ = [
    "CAMPAIGN_WORKFLOW",
    "OWNER",
    "STOP_WORKFLOW",
    "WORKFLOW",
    "CampaignState",
    "State",
    "StopState",
    "Transition",
]


class State(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmée")
    WAITING = "waiting", _("Liste d'attente")
    CANCELLED = "cancelled", _("Annulée")
    PRESENT = "present", _("Présent")


PUBLIC_LABELS = {
    State.CONFIRMED: _("Inscription confirmée : présentez votre code à l'accueil"),
    State.WAITING: _("En liste d'attente : vous serez confirmé dès qu'une place se libère"),
    State.CANCELLED: _("Inscription annulée"),
    State.PRESENT: _("Présence enregistrée"),
}
OFFICERS = frozenset(policy.OFFICERS)
ACTIVE = (State.CONFIRMED, State.WAITING, State.PRESENT)
HOLDING_A_PLACE = (State.CONFIRMED, State.PRESENT)

WORKFLOW = Workflow(
    code="caravan_registration",
    states=State,
    public_labels=PUBLIC_LABELS,
    noun=_("l'inscription"),
    action=policy.CARAVAN_CHECK_IN,
    owner_only=_("Seul l'inscrit peut annuler son inscription."),
    transitions=[
        transition("promote", _("Confirmer (place libérée)"), [State.WAITING], State.CONFIRMED, OFFICERS),
        transition("check_in", _("Enregistrer la présence"), [State.CONFIRMED], State.PRESENT, OFFICERS),
        transition("cancel", _("Annuler l'inscription"), [State.CONFIRMED, State.WAITING], State.CANCELLED,
                   {OWNER, *OFFICERS}),
    ],
)  # fmt: skip


# --- A campaign and its stops ------------------------------------------------------------------------------------
#
#   campaign:  draft ──publish──▶ published ──close──▶ closed
#              draft / published ──cancel (a reason; its scheduled stops are cancelled)──▶ cancelled
#   stop:      scheduled ──hold (the day: check-in open)──▶ held ──close──▶ closed
#              scheduled ──cancel (a reason; its registrants are told)──▶ cancelled


class CampaignState(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    PUBLISHED = "published", _("Publiée")
    CLOSED = "closed", _("Clôturée")
    CANCELLED = "cancelled", _("Annulée")


class StopState(models.TextChoices):
    SCHEDULED = "scheduled", _("Prévue")
    HELD = "held", _("En cours (accueil ouvert)")
    CLOSED = "closed", _("Clôturée")
    CANCELLED = "cancelled", _("Annulée")


# What the public calendar shows: a draft is being prepared, a cancelled campaign was withdrawn.
PUBLIC_CAMPAIGN_STATES = (CampaignState.PUBLISHED, CampaignState.CLOSED)
# The stops an officer files a register application at (the counter form's choice, the API's ``stop``).
OPEN_STOP_STATES = (StopState.SCHEDULED, StopState.HELD)

CAMPAIGN_WORKFLOW = Workflow(
    code="caravan_campaign",
    states=CampaignState,
    public_labels={
        CampaignState.DRAFT: _("En préparation"),
        CampaignState.PUBLISHED: _("Inscriptions ouvertes"),
        CampaignState.CLOSED: _("Campagne terminée"),
        CampaignState.CANCELLED: _("Campagne annulée"),
    },
    noun=_("la campagne"),
    action=policy.CARAVANS_MANAGE,
    transitions=[
        transition("publish", _("Publier la campagne"), [CampaignState.DRAFT], CampaignState.PUBLISHED, OFFICERS),
        transition("close", _("Clôturer la campagne"), [CampaignState.PUBLISHED], CampaignState.CLOSED, OFFICERS),
        transition("cancel", _("Annuler la campagne"), [CampaignState.DRAFT, CampaignState.PUBLISHED],
                   CampaignState.CANCELLED, OFFICERS, needs_reason=True),
    ],
)  # fmt: skip

STOP_WORKFLOW = Workflow(
    code="caravan_stop",
    states=StopState,
    public_labels={
        StopState.SCHEDULED: _("Escale prévue"),
        StopState.HELD: _("Escale en cours"),
        StopState.CLOSED: _("Escale terminée"),
        StopState.CANCELLED: _("Escale annulée"),
    },
    noun=_("l'escale"),
    action=policy.CARAVANS_MANAGE,
    transitions=[
        transition("hold", _("Ouvrir l'accueil (jour de l'escale)"), [StopState.SCHEDULED], StopState.HELD,
                   OFFICERS),
        transition("close", _("Clôturer l'escale"), [StopState.HELD], StopState.CLOSED, OFFICERS),
        transition("cancel", _("Annuler l'escale"), [StopState.SCHEDULED], StopState.CANCELLED, OFFICERS,
                   needs_reason=True),
    ],
)  # fmt: skip
