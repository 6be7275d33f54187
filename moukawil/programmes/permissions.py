"""Who may manage programmes and calls, apply, review and decide: the policy's rules plus the candidate's own."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from moukawil.accounts.enums import Role
from moukawil.core import policy
from moukawil.core.permissions import Decision, deny
from moukawil.core.policy import Subject

from .workflow import WORKFLOW, Transition


def can_manage_calls(user) -> Decision:
    return policy.decide(user, policy.CALLS_MANAGE)


def can_view_programme_files(user) -> Decision:
    return policy.decide(user, policy.PROGRAMME_FILES_VIEW)


def can_list_applications(user) -> Decision:
    """Programme applications: staff follow them in their scope, a candidate sees his own; a partner organisation
    is refused rather than answered an empty list."""
    own = policy.decide(user, policy.PROGRAMME_WITHDRAW)
    return own if own else can_view_programme_files(user)


def can_apply(user, *, enterprise=None, region=None) -> Decision:
    """An entrepreneur for his own enterprise (or as a project holder); an officer for a candidate of his region."""
    own = enterprise is None or enterprise.owner_id == getattr(user, "pk", None)
    if policy.is_active(user) and user.role == Role.ENTREPRENEUR and not own:
        return deny(policy.reason(_("Vous ne pouvez candidater que pour votre propre entreprise.")))
    subject = Subject(region_id=getattr(region, "pk", region), owner_id=getattr(user, "pk", None))
    return policy.decide(user, policy.PROGRAMME_APPLY, subject)


def can_act(user, application, transition: Transition) -> Decision:
    subject = Subject(region_id=application.region_id, owner_id=application.applicant_id)
    return WORKFLOW.check(user, transition, state=application.state, subject=subject)


def programme_actions(user, application) -> list[Transition]:
    """The transitions a page offers ``user`` on ``application``: exactly those the service would accept."""
    subject = Subject(region_id=application.region_id, owner_id=application.applicant_id)
    return WORKFLOW.available_to(user, state=application.state, subject=subject)


def can_assess(user, application=None) -> Decision:
    subject = None if application is None else Subject(region_id=application.region_id)
    return policy.decide(user, policy.PROGRAMME_REVIEW, subject)
