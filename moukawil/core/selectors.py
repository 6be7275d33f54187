"""Reads on the audit log, always through the user's scope."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import AuditEvent


def audit_event_list(
    *, user, event_type: int | None = None, target_type: str | None = None, target_id: str | None = None,
    actor: str | None = None, target: str | None = None, region_code: str | None = None,
    date_from: date | None = None, date_to: date | None = None,
) -> QuerySet:  # fmt: skip
    """The events ``user`` may read, newest first. ``actor``: part of the author's e-mail; ``target``: part of the
    record's label or its identifier exactly; dates inclusive, in the platform's time zone."""
    events = AuditEvent.objects.visible_to(user).select_related("region")
    if event_type:
        events = events.filter(event_type=event_type)
    if target_type:
        events = events.filter(target_type=target_type)
    if target_id:
        events = events.filter(target_id=target_id)
    if actor:
        events = events.filter(actor_label__icontains=actor.strip())
    if target:
        events = events.filter(Q(target_label__icontains=target.strip()) | Q(target_id=target.strip()))
    if region_code:
        events = events.filter(region__code=region_code)
    zone = timezone.get_current_timezone()
    if date_from:
        events = events.filter(created_at__gte=datetime.combine(date_from, time.min, tzinfo=zone))
    if date_to:
        events = events.filter(created_at__lte=datetime.combine(date_to, time.max, tzinfo=zone))
    return events.order_by("-created_at", "-id")
