"""Reads on accounts, always through the reader's scope."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import User


def user_list(
    *, user, role: str | None = None, region_code: str | None = None, active: bool | None = None,
    q: str | None = None,
) -> QuerySet:  # fmt: skip
    """Accounts ``user`` may see, filtered by role, region (code), active or not, and a search on e-mail and names
    (Latin or Arabic script)."""
    users = User.objects.visible_to(user).select_related("region", "organisation")
    if role:
        users = users.filter(role=role)
    if region_code:
        users = users.filter(region__code=region_code)
    if active is not None:
        users = users.filter(is_active=active)
    if q:
        q = q.strip()
        users = users.filter(
            Q(email__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q)
            | Q(first_name_ar__icontains=q) | Q(last_name_ar__icontains=q)
        )  # fmt: skip
    return users.order_by("last_name", "first_name", "email")
