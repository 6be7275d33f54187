"""Reads on the audit log, always through the user's scope."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import AuditEvent


def audit_event_list(
    *, user, event_type: int | None = None, target_type: str | None = None, target_id: str | None = None
) -> QuerySet:
    events = AuditEvent.objects.visible_to(user).select_related("region")
    if event_type:
        events = events.filter(event_type=event_type)
    if target_type:
        events = events.filter(target_type=target_type)
    if target_id:
        events = events.filter(target_id=target_id)
    return events.order_by("-created_at", "-id")
