"""Who may organise stops, register, check in, read the results and issue the attendance certificate."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from moukawil.accounts.enums import Role
from moukawil.core import policy
from moukawil.core.permissions import Decision, deny
from moukawil.core.policy import Subject

from .workflow import CAMPAIGN_WORKFLOW, STOP_WORKFLOW, WORKFLOW, Transition

NATIONAL_CAMPAIGN = _("Cette campagne passe par plusieurs régions : elle est conduite par l'agence.")


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


def campaign_regions(campaign) -> set[int]:
    """The regions a campaign is held in: its organiser's, if a chamber organises it, else its stops'."""
    organiser_region = getattr(campaign.organiser, "region_id", None) if campaign.organiser_id else None
    if organiser_region:
        return {organiser_region}
    return set(campaign.stops.values_list("region_id", flat=True))


def can_act_on_campaign(user, campaign, move: Transition) -> Decision:
    """Publish, close or cancel a campaign: the agency nationally; a chamber's officers a campaign of their region
    only (one held in several regions is the agency's)."""
    regions = campaign_regions(campaign)
    region_id = next(iter(regions)) if len(regions) == 1 else None
    decision = CAMPAIGN_WORKFLOW.check(user, move, state=campaign.state, subject=Subject(region_id=region_id))
    if decision and len(regions) > 1 and policy.role_of(user) == Role.CCIS_OFFICER:
        return deny(policy.reason(NATIONAL_CAMPAIGN))
    return decision


def can_act_on_stop(user, stop, move: Transition) -> Decision:
    """Open the check-in, close or cancel a stop: the officers of its region (its host chamber's), the agency."""
    return STOP_WORKFLOW.check(user, move, state=stop.state, subject=Subject(region_id=stop.region_id))
