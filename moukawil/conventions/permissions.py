"""Who may read and record conventions: staff read them in their scope; chamber officers record those of their
region, the agency every one (national conventions included)."""

from __future__ import annotations

from moukawil.core import policy
from moukawil.core.permissions import Decision
from moukawil.core.policy import Subject

from .workflow import WORKFLOW, Transition


def can_view(user) -> Decision:
    return policy.decide(user, policy.CONVENTIONS_VIEW)


def _subject(convention=None, region_id=None) -> Subject:
    if convention is not None:
        region_id = convention.region_id
    # A national convention (no region) is recorded by national officers only: its subject is « everywhere ».
    return Subject(region_id=region_id if region_id is not None else -1)


def can_manage(user, convention=None, *, region_id=None) -> Decision:
    if convention is None and region_id is None:
        return policy.decide(user, policy.CONVENTIONS_MANAGE)
    return policy.decide(user, policy.CONVENTIONS_MANAGE, _subject(convention, region_id))


def can_act(user, convention, transition: Transition) -> Decision:
    return WORKFLOW.check(user, transition, state=convention.state, subject=_subject(convention))


def convention_actions(user, convention) -> list[Transition]:
    return WORKFLOW.available_to(user, state=convention.state, subject=_subject(convention))
