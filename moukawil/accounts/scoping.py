"""The one place that decides which rows a user may see.

Every model that holds regional or personal data gives its queryset a ``visible_to(user)`` method that calls
:func:`scope_queryset` with the paths to its region, its owner and its partner organisation. Lists, pages,
exports and API endpoints all start from ``Model.objects.visible_to(user)``, so none can forget the scope.

- administrators, agency officers and ministry viewers: every row;
- chamber officers: rows of their region (plus national rows where the model has them);
- entrepreneurs: their own rows;
- bank officers and IT vendors: rows tied to their organisation;
- the system itself (``SYSTEM``, scheduled commands): every row;
- anyone else (anonymous, deactivated): nothing.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Q, QuerySet

from .enums import NATIONAL_ROLES, ORGANISATION_ROLES, Role

QS = TypeVar("QS", bound=QuerySet)


class _System:
    """The platform itself, for scheduled commands run without an account (reminders, yearly proposals): it sees
    every row. Never a request's user — views always pass ``request.user``."""

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = _System()


def scope_of(actor):
    """Whom a service scopes its reads to: the acting user, or the system when a command acts without one."""
    return SYSTEM if actor is None else actor


def scope_queryset(
    queryset: QS,
    user,
    *,
    region: str | None = None,
    owner: str | None = None,
    organisation: str | None = None,
    national_rows: bool = False,
) -> QS:
    """Restrict ``queryset`` to what ``user`` may see. ``region``, ``owner`` and ``organisation`` are lookup paths
    to the row's region, owning user and partner organisation; a path left out means "no row of this kind".
    Whom the user sees is :func:`scope_key`'s decision; this applies it to the model's paths."""
    kind, *value = scope_key(user)
    if kind == "all":
        return queryset
    if kind == "region":
        if region is None or value[0] is None:
            return queryset.none()
        condition = Q(**{region: value[0]})
        if national_rows:
            condition |= Q(**{f"{region}__isnull": True})
        return queryset.filter(condition)
    if kind == "owner":
        return queryset.filter(**{owner: value[0]}) if owner else queryset.none()
    if kind == "organisation":
        if organisation is None or value[0] is None:
            return queryset.none()
        return queryset.filter(**{organisation: value[0]})
    return queryset.none()


def scope_key(user) -> tuple:
    """Whom ``user`` sees, as a value — everything, nothing, a region, his own rows, his organisation's: the one
    decision :func:`scope_queryset` applies to every model. Two users with the same key see the same rows of every
    model (a cached count of a list can be shared between them, ``core.counts.request_key``)."""
    if user is SYSTEM:
        return ("all",)
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ("none",)
    if user.is_superuser or user.role in NATIONAL_ROLES:
        return ("all",)
    if user.role == Role.CCIS_OFFICER:
        return ("region", user.region_id)
    if user.role == Role.ENTREPRENEUR:
        return ("owner", user.pk)
    if user.role in ORGANISATION_ROLES:
        return ("organisation", user.organisation_id)
    return ("none",)
