"""The workflow engine: a workflow is data — states, transitions, who may fire each one, labels — checked by one
function and logged in one shape (Hypha).

A :class:`Workflow` holds its states (a ``TextChoices`` with the internal labels officers read), the public label
of each state (what the applicant reads), and its :class:`Transition` rows: name, label, source states, target,
the roles that may fire it (``OWNER`` for the file's owner), whether a reason is required, and flags the domain
service reads (``needs_assessment``…). :meth:`Workflow.check` answers "may this user fire this transition on this
file now?" with a reason; :meth:`Workflow.available` lists the transitions a page shows; every app logs a fired
transition in a model built on :class:`~moukawil.core.models.TransitionLog` (actor, time, from, to, reason).

Region and organisation scope come from the policy (:func:`moukawil.core.policy.decide`): a chamber officer fires
transitions on files of his region only; the owner acts on his own file wherever it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import policy
from .errors import BusinessError
from .permissions import Decision, allow, deny

StrOrPromise = str | Promise
OWNER = "owner"


@dataclass(frozen=True)
class Transition:
    name: str
    label: StrOrPromise
    sources: frozenset[str]
    target: str
    actors: frozenset[str]  # roles, or OWNER
    needs_reason: bool = False
    flags: frozenset[str] = frozenset()

    @property
    def needs_assessment(self) -> bool:
        return "needs_assessment" in self.flags


def transition(
    name: str, label: StrOrPromise, sources: Iterable[str], target: str, actors: Iterable[str], **kw
) -> Transition:
    flags = frozenset(kw.pop("flags", ()))
    return Transition(name, label, frozenset(sources), target, frozenset(actors), flags=flags, **kw)


class Workflow:
    """One workflow, declared once. ``noun`` names the file in refusals (« la demande », « la candidature »)."""

    def __init__(
        self,
        *,
        code: str,
        states: type[models.TextChoices],
        transitions: Iterable[Transition],
        public_labels: Mapping[Any, StrOrPromise],  # state → label (State members are str)
        next_steps: Mapping[Any, StrOrPromise] | None = None,  # state → what the file's owner does next
        noun: StrOrPromise,
        action: policy.Action,
        owner_only: StrOrPromise = policy.NOT_YOURS,
    ) -> None:
        self.code = code
        self.states = states
        self.transitions = {t.name: t for t in transitions}
        self.public_labels = dict(public_labels)
        self.next_steps = dict(next_steps or {})
        self.noun = noun
        self.owner_only = owner_only  # the refusal of an owner's transition to anyone else
        # The policy action that scopes officers (region, organisation) for this workflow's files.
        self.action = action
        unknown = {s for t in self.transitions.values() for s in (*t.sources, t.target)} - set(states.values)
        if unknown or set(self.public_labels) - set(states.values):
            raise ValueError(f"workflow {code}: unknown states {unknown}")

    def __getitem__(self, name: str) -> Transition:
        return self.transitions[name]

    def get(self, name: str) -> Transition:
        """The transition called ``name``, or a business refusal naming the field."""
        found = self.transitions.get(name)
        if found is None:
            raise BusinessError(f"{self.code}.transition_unknown", f"Action inconnue : « {name} ».", field="name")
        return found

    def internal_label(self, state: str) -> str:
        return str(self.states(state).label)

    def public_label(self, state: str) -> str:
        return str(self.public_labels.get(state) or self.states(state).label)

    def next_step(self, state: str) -> str:
        """What the file's owner does next in ``state`` (empty when the workflow says nothing)."""
        return str(self.next_steps.get(state, ""))

    @staticmethod
    def kinds(user, *, owner_id: int | None) -> set[str]:
        """What a user counts as for one file: his role, plus OWNER when the file is his."""
        kinds = {policy.role_of(user)}
        if owner_id is not None and user.pk == owner_id:
            kinds.add(OWNER)
        return kinds

    def available(self, state: str, kinds: set[str]) -> list[Transition]:
        return [t for t in self.transitions.values() if state in t.sources and kinds & t.actors]

    def available_to(self, user, *, state: str, subject: policy.Subject) -> list[Transition]:
        """The transitions a page offers ``user`` on a file (each one passes :meth:`check`)."""
        if not policy.is_active(user):
            return []
        return [t for t in self.transitions.values() if self.check(user, t, state=state, subject=subject)]

    def check(self, user, move: Transition, *, state: str, subject: policy.Subject) -> Decision:
        if not policy.is_active(user):
            return deny(policy.reason(policy.NOT_LOGGED_IN))
        if state not in move.sources:
            return deny(
                policy.reason(_("Action « %(action)s » impossible : %(noun)s est « %(state)s »."))
                % {"action": move.label, "noun": self.noun, "state": self.internal_label(state)}
            )
        kinds = self.kinds(user, owner_id=subject.owner_id)
        if not kinds & move.actors:
            if user.is_read_only:
                return deny(policy.reason(policy.READ_ONLY))
            if move.actors == {OWNER}:
                return deny(policy.reason(self.owner_only))
            return deny(policy.reason(_("Votre rôle ne permet pas cette action.")))
        if OWNER in kinds and OWNER in move.actors:
            return allow()
        # The organisation counts for partners (a bank, a vendor), whose reach is their organisation's files.
        scope = policy.Subject(region_id=subject.region_id, organisation_id=subject.organisation_id)
        return policy.decide(user, self.action, scope)
