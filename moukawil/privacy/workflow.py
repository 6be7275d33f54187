"""The rectification workflow (loi 09-08, right of rectification), declared as data on the kernel's engine.

requested ──accept (officer: the change is applied by registry.services.person_rectify)──▶ accepted
    ├──refuse (officer, reason required)──▶ refused
    └──withdraw (the holder)──▶ withdrawn
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from moukawil.core import policy
from moukawil.core.workflow import OWNER, Workflow, transition


class State(models.TextChoices):
    REQUESTED = "requested", _("À traiter")
    ACCEPTED = "accepted", _("Acceptée (rectifiée)")
    REFUSED = "refused", _("Refusée")
    WITHDRAWN = "withdrawn", _("Retirée")


PUBLIC_LABELS = {
    State.REQUESTED: _("Reçue : votre chambre l'examine"),
    State.ACCEPTED: _("Acceptée : vos données sont rectifiées"),
    State.REFUSED: _("Refusée (le motif est indiqué)"),
    State.WITHDRAWN: _("Retirée à votre demande"),
}
OFFICERS = frozenset(policy.OFFICERS)

WORKFLOW = Workflow(
    code="rectification",
    states=State,
    public_labels=PUBLIC_LABELS,
    next_steps={State.REQUESTED: _("Votre chambre répond sous 30 jours ; vous pouvez retirer la demande d'ici là.")},
    noun=_("la demande de rectification"),
    action=policy.RECTIFICATION_DECIDE,
    owner_only=_("Seul le titulaire des données peut faire cette action."),
    transitions=[
        transition("accept", _("Accepter et rectifier"), [State.REQUESTED], State.ACCEPTED, OFFICERS),
        transition("refuse", _("Refuser"), [State.REQUESTED], State.REFUSED, OFFICERS, needs_reason=True),
        transition("withdraw", _("Retirer ma demande"), [State.REQUESTED], State.WITHDRAWN, {OWNER}),
    ],
)
TRANSITIONS = WORKFLOW.transitions
