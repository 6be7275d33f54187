"""The review workflow of programme applications, declared as data (tested as a (transition, state, role) table).

submitted ──start_review──▶ under_review ──accept──▶ accepted (beneficiary)
    │  (ineligible at screening: refused at once, reasons listed)  ├──refuse──▶ refused
    │                                        └──wait_list──▶ waiting_list ──accept / refuse──▶ …
submitted / under_review / waiting_list ──withdraw (applicant)──▶ withdrawn
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from moukawil.core import policy
from moukawil.core.workflow import OWNER, Transition, Workflow, transition

__all__ = ["OWNER", "TRANSITIONS", "WORKFLOW", "State", "Transition", "available_transitions"]


class State(models.TextChoices):
    SUBMITTED = "submitted", _("Déposée")
    INELIGIBLE = "ineligible", _("Non éligible")
    UNDER_REVIEW = "under_review", _("En évaluation")
    WAITING_LIST = "waiting_list", _("Liste d'attente")
    ACCEPTED = "accepted", _("Retenue")
    REFUSED = "refused", _("Non retenue")
    WITHDRAWN = "withdrawn", _("Retirée")


PUBLIC_LABELS = {
    State.SUBMITTED: _("Reçue, en attente d'évaluation"),
    State.INELIGIBLE: _("Non éligible (les critères non remplis sont indiqués)"),
    State.UNDER_REVIEW: _("En cours d'évaluation"),
    State.WAITING_LIST: _("En liste d'attente"),
    State.ACCEPTED: _("Retenue : vous êtes bénéficiaire"),
    State.REFUSED: _("Non retenue (le motif est indiqué)"),
    State.WITHDRAWN: _("Retirée à votre demande"),
}
OFFICERS = frozenset(policy.OFFICERS)
DECIDING = (State.UNDER_REVIEW, State.WAITING_LIST)
ASSESSED = {"needs_assessment"}

WORKFLOW = Workflow(
    code="programme_application",
    states=State,
    public_labels=PUBLIC_LABELS,
    noun=_("la candidature"),
    action=policy.PROGRAMME_REVIEW,
    owner_only=_("Seul le candidat peut faire cette action."),
    transitions=[
        transition("start_review", _("Mettre en évaluation"), [State.SUBMITTED], State.UNDER_REVIEW, OFFICERS),
        transition("accept", _("Retenir"), DECIDING, State.ACCEPTED, OFFICERS, flags=ASSESSED),
        transition("refuse", _("Ne pas retenir"), DECIDING, State.REFUSED, OFFICERS, needs_reason=True,
                   flags=ASSESSED),
        transition("wait_list", _("Mettre en liste d'attente"), [State.UNDER_REVIEW], State.WAITING_LIST, OFFICERS,
                   needs_reason=True, flags=ASSESSED),
        transition("withdraw", _("Retirer ma candidature"), [State.SUBMITTED, *DECIDING], State.WITHDRAWN, {OWNER}),
    ],
)  # fmt: skip
TRANSITIONS = WORKFLOW.transitions
available_transitions = WORKFLOW.available
