"""Reads of personal data that leave a trace in the audit log (loi 09-08, docs/security.md): a search naming a CIN
reads that person's record, whether the page, the API or an export asked."""

from __future__ import annotations

from moukawil.core.audit import audit_log
from moukawil.core.enums import AuditEventType

from .identity import CIN_RE
from .models import Person


def log_cin_search(*, user, q: str | None, via: str) -> None:
    """If ``q`` is a CIN, log that ``user`` looked it up (and whom it found), found or not."""
    cin = (q or "").replace(" ", "").replace("-", "").upper()
    if not cin or not CIN_RE.match(cin) or not getattr(user, "is_authenticated", False):
        return
    people = list(Person.objects.filter(cin=cin).select_related("province__region")[:2])
    person = people[0] if len(people) == 1 else None
    audit_log(
        actor=user,
        event_type=AuditEventType.PERSON_READ_BY_CIN,
        target=person,
        region=person.province.region if person else getattr(user, "region", None),
        extra={"cin": cin, "via": via, "found": len(people)},
    )
