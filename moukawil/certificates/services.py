"""Issuing certificates: who may, and the audit trail of each copy handed out."""

from __future__ import annotations

from moukawil.core.audit import audit_log
from moukawil.core.enums import AuditEventType
from moukawil.core.errors import Conflict
from moukawil.core.permissions import require
from moukawil.registry.enums import RegistrationStatus
from moukawil.registry.models import Registration
from moukawil.registry.permissions import can_download_certificate

from .pdf import certificate_pdf


def certificate_issue(*, actor, registration: Registration) -> bytes:
    """The PDF certificate of an active registration; each copy issued is written to the audit log."""
    # Read again: the status may have changed since the caller loaded the row (a striking off in between).
    registration = Registration.objects.select_related("person", "activity", "region").get(pk=registration.pk)
    require(can_download_certificate(actor, registration))
    if registration.status != RegistrationStatus.ACTIVE:
        raise Conflict(
            "certificate.struck_off",
            f"L'inscription {registration.number} est radiée depuis le {registration.struck_off_on:%d/%m/%Y} : "
            "aucune attestation ne peut être délivrée.",
        )
    content = certificate_pdf(registration)
    audit_log(
        actor=actor,
        event_type=AuditEventType.CERTIFICATE_ISSUED,
        target=registration,
        region=registration.region,
        extra={"number": registration.number},
    )
    return content
