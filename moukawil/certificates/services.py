"""Issuing a copy of a document of any kind: who may (the kind's own check), and the audit trail of each copy."""

from __future__ import annotations

from django.db import transaction

from moukawil.core.audit import audit_log

from .kinds import DocumentKind, document_pdf


def document_issue(*, actor, kind: DocumentKind, subject, site_url: str) -> bytes:
    """The PDF of ``subject`` with its signed QR code pointing at ``site_url``; each copy is written to the audit
    log. The kind's check reads the subject again and raises ``PermissionDenied`` or a ``BusinessError``."""
    with transaction.atomic():
        subject = kind.check_issue(actor, subject)
        content = document_pdf(kind, subject, site_url=site_url)
        audit_log(
            actor=actor,
            event_type=kind.audit_event,
            target=subject,
            region=getattr(subject, "region", None),
            extra={"kind": kind.code, "number": kind.number_of(subject)},
        )
    return content
