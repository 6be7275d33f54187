"""The workflow of a registration to a stop, declared as data on the kernel's engine.

    (register) ──▶ confirmed  (a place was free)      ──check_in──▶ present
               └─▶ waiting    (the stop was full) ──promote (a place freed, in order)──▶ confirmed
    confirmed / waiting ──cancel (the registrant or an officer)──▶ cancelled
    (walk-in, registered on the spot) ──▶ present

A conflicting scan (a cancelled registrant scanned offline) does not move the state: it is recorded beside it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from moukawil.core import policy
from moukawil.core.workflow import OWNER, Transition, Workflow, transition

__all__ = ["OWNER", "WORKFLOW", "State", "Transition"]


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
