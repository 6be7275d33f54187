"""Who may organise stops, register, check in, read the results and issue the attendance certificate."""

from __future__ import annotations

from moukawil.core import policy
from moukawil.core.permissions import Decision
from moukawil.core.policy import Subject

from .workflow import WORKFLOW, Transition


def can_manage(user, *, region=None) -> Decision:
    return policy.decide(user, policy.CARAVANS_MANAGE, Subject(region_id=getattr(region, "pk", region)))


def can_register(user, stop=None) -> Decision:
    """An entrepreneur registers himself; an officer registers someone at his region's stops (counter, list)."""
    subject = None if stop is None else Subject(region_id=stop.region_id, owner_id=getattr(user, "pk", None))
    return policy.decide(user, policy.CARAVAN_REGISTER, subject)


def can_check_in(user, stop=None) -> Decision:
    subject = None if stop is None else Subject(region_id=stop.region_id)
    return policy.decide(user, policy.CARAVAN_CHECK_IN, subject)


def can_view_results(user, stop=None) -> Decision:
    subject = None if stop is None else Subject(region_id=stop.region_id)
    return policy.decide(user, policy.CARAVAN_RESULTS, subject)


def can_act(user, registration, move: Transition) -> Decision:
    subject = Subject(region_id=registration.stop.region_id, owner_id=registration.user_id)
    return WORKFLOW.check(user, move, state=registration.state, subject=subject)


def can_issue_certificate(user, registration) -> Decision:
    subject = Subject(region_id=registration.stop.region_id, owner_id=registration.user_id)
    return policy.decide(user, policy.CARAVAN_CERTIFICATE, subject)
