"""Who may read the dashboards and rebuild the summaries (the policy's rows ``indicators.*``)."""

from __future__ import annotations

from moukawil.core import policy
from moukawil.core.permissions import Decision


def can_view(user) -> Decision:
    return policy.decide(user, policy.INDICATORS_VIEW)


def can_refresh(user) -> Decision:
    return policy.decide(user, policy.INDICATORS_REFRESH)


def region_ids_for(user) -> tuple[int, ...] | None:
    """The regions whose figures ``user`` reads: every region for national roles (None), his own for a chamber
    officer (the same rule as ``accounts.scoping``)."""
    if policy.is_system(user) or user.is_national:
        return None
    return (user.region_id,) if user.region_id else ()
