"""Who may declare, correct, record payments and follow declarations up: the policy's rules (``core.policy``)."""

from __future__ import annotations

from moukawil.core import policy
from moukawil.core.permissions import Decision
from moukawil.core.policy import Subject


def _subject(registration) -> Subject:
    return Subject(region_id=registration.region_id, owner_id=registration.person.user_id)


def can_declare(user, registration) -> Decision:
    """The auto-entrepreneur himself; at a counter, an officer of his region (or the agency) for him."""
    return policy.decide(user, policy.DECLARE, _subject(registration))


def can_list_declarations(user) -> Decision:
    """Declarations: staff read their scope, the auto-entrepreneur his own; a partner organisation is refused."""
    own = policy.decide(user, policy.DECLARE)
    return own if own else policy.decide(user, policy.REGISTER_VIEW)


def can_record_payment(user, registration=None) -> Decision:
    return policy.decide(user, policy.PAYMENT_RECORD, None if registration is None else _subject(registration))


def can_send_reminders(user, region=None) -> Decision:
    return policy.decide(user, policy.DECLARATIONS_FOLLOW_UP, Subject(region_id=getattr(region, "pk", region)))


def can_detect_ceilings(user) -> Decision:
    return policy.decide(user, policy.CEILINGS_DETECT)


def can_decide_strike_off_proposal(user, proposal=None) -> Decision:
    subject = None if proposal is None else Subject(region_id=proposal.registration.region_id)
    return policy.decide(user, policy.CEILINGS_DECIDE, subject)


def can_recompute(user) -> Decision:
    return policy.decide(user, policy.DECLARATIONS_RECOMPUTE)


def can_download_receipt(user, declaration) -> Decision:
    subject = Subject(region_id=declaration.region_id, owner_id=declaration.registration.person.user_id)
    return policy.decide(user, policy.RECEIPT_ISSUE, subject)
