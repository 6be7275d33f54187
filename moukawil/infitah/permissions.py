"""Who may do what in Infitah: the policy's actions (core.policy INFITAH_*) plus the file's own subject."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from moukawil.accounts.enums import Role
from moukawil.core import policy
from moukawil.core.permissions import Decision, deny
from moukawil.core.policy import Subject
from moukawil.core.workflow import Transition

from .workflow import FINANCING, OFFER_WORKFLOW, ORDER_WORKFLOW, TRAINING, VENDOR_WORKFLOW


def can_follow(user) -> Decision:
    return policy.decide(user, policy.INFITAH_FOLLOW)


def can_manage_training(user, region_id: int | None = None) -> Decision:
    return policy.decide(user, policy.INFITAH_TRAINING, None if region_id is None else Subject(region_id=region_id))


def can_enrol(user, enterprise=None) -> Decision:
    if enterprise is None:
        return policy.decide(user, policy.INFITAH_ENROL)
    if policy.is_active(user) and user.role == Role.ENTREPRENEUR and enterprise.owner_id != user.pk:
        return deny(policy.reason(_("Vous ne pouvez inscrire que votre propre entreprise.")))
    subject = Subject(region_id=enterprise.region_id, owner_id=enterprise.owner_id)
    return policy.decide(user, policy.INFITAH_ENROL, subject)


def can_download_permit(user, permit) -> Decision:
    subject = Subject(region_id=permit.region_id, owner_id=permit.enterprise.owner_id)
    return policy.decide(user, policy.INFITAH_PERMIT, subject)


def can_issue_permit(user, enterprise) -> Decision:
    return policy.decide(user, policy.INFITAH_PERMIT, Subject(region_id=enterprise.region_id,
                                                              owner_id=enterprise.owner_id))  # fmt: skip


def can_agency(user) -> Decision:
    return policy.decide(user, policy.INFITAH_AGENCY)


def can_vendor(user, organisation_id: int | None = None) -> Decision:
    subject = None if organisation_id is None else Subject(organisation_id=organisation_id)
    return policy.decide(user, policy.INFITAH_VENDOR, subject)


def can_order(user, permit=None) -> Decision:
    subject = None if permit is None else Subject(region_id=permit.region_id, owner_id=permit.enterprise.owner_id)
    return policy.decide(user, policy.INFITAH_ORDER, subject)


def can_finance(user, request=None) -> Decision:
    return policy.decide(
        user, policy.INFITAH_FINANCE, None if request is None else Subject(organisation_id=request.bank_id)
    )


# --- Workflow checks (state + role + scope), one per file kind --------------------------------------------------


def registration_check(user, registration, move: Transition) -> Decision:
    subject = Subject(region_id=registration.region_id, owner_id=registration.enterprise.owner_id)
    return TRAINING.check(user, move, state=registration.state, subject=subject)


def registration_actions(user, registration) -> list[Transition]:
    subject = Subject(region_id=registration.region_id, owner_id=registration.enterprise.owner_id)
    return TRAINING.available_to(user, state=registration.state, subject=subject)


def vendor_check(user, vendor, move: Transition) -> Decision:
    return VENDOR_WORKFLOW.check(
        user, move, state=vendor.state, subject=Subject(organisation_id=vendor.organisation_id)
    )


def offer_subject(offer) -> Subject:
    return Subject(organisation_id=offer.vendor.organisation_id)


def _agency_move(user, workflow, move: Transition, state: str) -> Decision:
    """A move the agency fires on a partner's file (approve an offer, let an order lapse): the agency's own
    national action, then the state; the workflow's action scopes the partner, not the agency."""
    decision = can_agency(user)
    if not decision:
        return decision
    if state not in move.sources:
        return deny(
            policy.reason(_("Action « %(action)s » impossible : %(noun)s est « %(state)s »."))
            % {"action": move.label, "noun": workflow.noun, "state": workflow.internal_label(state)}
        )
    return decision


def offer_check(user, offer, move: Transition) -> Decision:
    if move.name in ("approve", "reject"):
        return _agency_move(user, OFFER_WORKFLOW, move, offer.state)
    return OFFER_WORKFLOW.check(user, move, state=offer.state, subject=offer_subject(offer))


def offer_actions(user, offer) -> list[Transition]:
    return [t for t in OFFER_WORKFLOW.transitions.values() if offer_check(user, offer, t)]


def order_subject(order) -> Subject:
    return Subject(region_id=order.region_id, owner_id=order.enterprise.owner_id,
                   organisation_id=order.offer.vendor.organisation_id)  # fmt: skip


def order_check(user, order, move: Transition) -> Decision:
    if move.name in ("finance", "not_finance"):
        return deny(policy.reason(_("Le financement se décide sur la demande de financement de la banque.")))
    if move.name == "lapse":
        return _agency_move(user, ORDER_WORKFLOW, move, order.state)
    return ORDER_WORKFLOW.check(user, move, state=order.state, subject=order_subject(order))


def order_actions(user, order) -> list[Transition]:
    return [t for t in ORDER_WORKFLOW.transitions.values() if order_check(user, order, t)]


def financing_check(user, request, move: Transition) -> Decision:
    if move.name == "close" and policy.is_active(user) and user.role != Role.ENTREPRENEUR:
        return _agency_move(user, FINANCING, move, request.state)
    subject = Subject(region_id=request.order.region_id, owner_id=request.order.enterprise.owner_id,
                      organisation_id=request.bank_id)  # fmt: skip
    return FINANCING.check(user, move, state=request.state, subject=subject)
