"""The life of a convention, declared as data on the kernel's workflow engine.

draft ──adopt (general assembly)──▶ adopted ──sign──▶ signed ──start──▶ in_execution ──close──▶ closed
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from moukawil.core import policy
from moukawil.core.workflow import Transition, Workflow, transition

__all__ = ["TRANSITIONS", "WORKFLOW", "State", "Transition"]


class State(models.TextChoices):
    DRAFT = "draft", _("Projet")
    ADOPTED = "adopted", _("Adoptée")
    SIGNED = "signed", _("Signée")
    IN_EXECUTION = "in_execution", _("En exécution")
    CLOSED = "closed", _("Clôturée")


PUBLIC_LABELS = {
    State.DRAFT: _("Projet de convention"),
    State.ADOPTED: _("Adoptée par l'assemblée générale"),
    State.SIGNED: _("Signée par les parties"),
    State.IN_EXECUTION: _("En cours d'exécution"),
    State.CLOSED: _("Clôturée"),
}
OFFICERS = frozenset(policy.OFFICERS)

WORKFLOW = Workflow(
    code="convention",
    states=State,
    public_labels=PUBLIC_LABELS,
    noun=_("la convention"),
    action=policy.CONVENTIONS_MANAGE,
    transitions=[
        transition("adopt", _("Adoptée en assemblée générale"), [State.DRAFT], State.ADOPTED, OFFICERS),
        transition("sign", _("Signée"), [State.ADOPTED], State.SIGNED, OFFICERS),
        transition("start", _("Mise en exécution"), [State.SIGNED], State.IN_EXECUTION, OFFICERS),
        transition("close", _("Clôturer"), [State.IN_EXECUTION], State.CLOSED, OFFICERS, needs_reason=True),
    ],
)  # fmt: skip
TRANSITIONS = WORKFLOW.transitions
