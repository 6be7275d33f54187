"""The review workflow of programme applications, declared as data (tested as a (transition, state, role) table).

submitted ──start_review──▶ under_review ──accept──▶ accepted (beneficiary)
    │  (ineligible at screening: refused at once, reasons listed)  ├──refuse──▶ refused
    │                                        └──wait_list──▶ waiting_list ──accept / refuse──▶ …
submitted / under_review / waiting_list ──withdraw (applicant)──▶ withdrawn
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

OWNER, OFFICER = "owner", "officer"


class State(models.TextChoices):
    SUBMITTED = "submitted", _("Déposée")
    INELIGIBLE = "ineligible", _("Non éligible")
    UNDER_REVIEW = "under_review", _("En évaluation")
    WAITING_LIST = "waiting_list", _("Liste d'attente")
    ACCEPTED = "accepted", _("Retenue")
    REFUSED = "refused", _("Non retenue")
    WITHDRAWN = "withdrawn", _("Retirée")


@dataclass(frozen=True)
class Transition:
    name: str
    label: str | Promise  # gettext_lazy
    sources: frozenset[str]
    target: str
    actors: frozenset[str]
    needs_reason: bool = False
    needs_assessment: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("start_review", _("Mettre en évaluation"), frozenset({State.SUBMITTED}), State.UNDER_REVIEW,
                   frozenset({OFFICER})),
        Transition("accept", _("Retenir"), frozenset({State.UNDER_REVIEW, State.WAITING_LIST}), State.ACCEPTED,
                   frozenset({OFFICER}), needs_assessment=True),
        Transition("refuse", _("Ne pas retenir"), frozenset({State.UNDER_REVIEW, State.WAITING_LIST}),
                   State.REFUSED, frozenset({OFFICER}), needs_reason=True, needs_assessment=True),
        Transition("wait_list", _("Mettre en liste d'attente"), frozenset({State.UNDER_REVIEW}), State.WAITING_LIST,
                   frozenset({OFFICER}), needs_reason=True, needs_assessment=True),
        Transition("withdraw", _("Retirer ma candidature"),
                   frozenset({State.SUBMITTED, State.UNDER_REVIEW, State.WAITING_LIST}), State.WITHDRAWN,
                   frozenset({OWNER})),
    )
}  # fmt: skip


def available_transitions(state: str, kinds: set[str]) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if state in t.sources and t.actors & kinds]
