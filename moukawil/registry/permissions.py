"""Who may do what on the register: the policy's rules (``core.policy``) plus what is particular to the register
(the channel of an application, the reason of a striking off, the state of a file)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from moukawil.accounts.enums import Role
from moukawil.core import policy
from moukawil.core.permissions import Decision, allow, deny
from moukawil.core.policy import Subject

from .enums import Channel, StrikeOffReason
from .workflow import WORKFLOW, Transition


def can_view_register(user) -> Decision:
    return policy.decide(user, policy.REGISTER_VIEW)


def can_list_register_files(user) -> Decision:
    """The register's lists (applications, registrations): staff read their scope, an entrepreneur his own files;
    a partner organisation's account is refused with the register's reason rather than answered an empty list."""
    own = policy.decide(user, policy.APPLICATION_OWN)
    return own if own else can_view_register(user)


def can_export_register(user) -> Decision:
    return policy.decide(user, policy.REGISTER_EXPORT)


def can_create_application(user, *, channel: str, region) -> Decision:
    """An entrepreneur online; an officer at the counter, by import or by the API, for his region."""
    if policy.is_system(user):
        return allow() if channel == Channel.IMPORT else deny(policy.reason(_("Canal réservé aux agents.")))
    # Filed for himself by an entrepreneur: his own file to be.
    subject = Subject(region_id=getattr(region, "pk", region), owner_id=user.pk)
    decision = policy.decide(user, policy.APPLICATION_FILE, subject)
    if not decision:
        return decision
    if user.role == Role.ENTREPRENEUR:
        if channel != Channel.ONLINE:
            return deny(policy.reason(_("Un entrepreneur dépose sa demande en ligne.")))
        return allow()
    if channel == Channel.ONLINE:
        return deny(policy.reason(_("Un agent saisit une demande au guichet, par import ou par l'API.")))
    return allow()


def can_decide_applications(user) -> Decision:
    """May ``user`` ever decide register applications (the bulk decisions of the queue)?"""
    return policy.decide(user, policy.APPLICATION_DECIDE)


def can_act_on_application(user, application, transition: Transition) -> Decision:
    subject = Subject(region_id=application.region_id, owner_id=application.person.user_id)
    return WORKFLOW.check(user, transition, state=application.state, subject=subject)


def application_actions(user, application) -> list[Transition]:
    """The transitions a page offers ``user`` on ``application``: exactly those the service would accept."""
    subject = Subject(region_id=application.region_id, owner_id=application.person.user_id)
    return WORKFLOW.available_to(user, state=application.state, subject=subject)


def can_strike_off(user, registration, *, reason: str) -> Decision:
    subject = Subject(region_id=registration.region_id, owner_id=registration.person.user_id)
    decision = policy.decide(user, policy.STRIKE_OFF, subject)
    if decision and policy.is_active(user) and user.role == Role.ENTREPRENEUR and reason != StrikeOffReason.VOLUNTARY:
        return deny(policy.reason(_("Vous pouvez demander votre radiation volontaire uniquement.")))
    return decision


def can_download_certificate(user, registration) -> Decision:
    subject = Subject(region_id=registration.region_id, owner_id=registration.person.user_id)
    return policy.decide(user, policy.CERTIFICATE_ISSUE, subject)


def can_review_duplicates(user, suspicion=None) -> Decision:
    subject = None if suspicion is None else Subject(region_id=suspicion.region_id)
    return policy.decide(user, policy.DUPLICATES_REVIEW, subject)


def can_import(user) -> Decision:
    return policy.decide(user, policy.REGISTER_IMPORT)
