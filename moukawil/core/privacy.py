"""Masking of identity data (loi 09-08: proportionate access) — one function, used by the template filters
(``{% load moukawil_privacy %}``: ``|cin_for:user``, ``|birth_for:user``, ``|phone_for:user``), the API schemas
(``api.schemas`` resolvers) and the exports.

Officers and the holder himself see the CIN, the birth date and the phone in clear (policy ``IDENTITY_VIEW``);
every other role — the ministry viewer, a bank's financing officer, a vendor — sees the CIN reduced to its letters
and last two digits ("BK••••56"), the phone to its last two digits and the birth date to its year (what statistics
need).
"""

from __future__ import annotations

from datetime import date

from . import policy

MASK = "•"


def sees_identity(user, *, owner_id: int | None = None) -> bool:
    """Does ``user`` see identity data in clear? (The holder always sees his own.)"""
    if user is None or policy.is_system(user):
        return True
    if owner_id is not None and getattr(user, "pk", None) == owner_id:
        return True
    if not policy.is_active(user):
        return False
    return policy.role_of(user) in policy.IDENTITY_VIEW.grants


def mask_value(kind: str, value):
    """``value`` of ``kind`` (``cin``, ``phone``, ``birth_date``) masked: the year of a birth date (an int), the
    letters and last two digits of a CIN, the last two digits of a phone."""
    if value in (None, ""):
        return value
    if kind == "birth_date":
        return value.year if isinstance(value, date) else str(value)[:4]
    text = str(value)
    if kind == "cin":
        letters = "".join(c for c in text[:2] if c.isalpha())
        return letters + MASK * max(len(text) - len(letters) - 2, 2) + text[-2:]
    if kind == "phone":
        return MASK * max(len(text) - 2, 2) + text[-2:]
    raise ValueError(f"unknown kind {kind}")


def masked(user, kind: str, value, *, owner_id: int | None = None):
    """``value`` as ``user`` may see it: in clear, or ``mask_value``."""
    return value if sees_identity(user, owner_id=owner_id) else mask_value(kind, value)


PAYLOAD_KINDS = {"cin": "cin", "holder_cin": "cin", "birth_date": "birth_date", "phone": "phone"}


def masked_payload(user, data: dict | None) -> dict | None:
    """An audit event's before/after as ``user`` may see it: its identity keys masked (``PAYLOAD_KINDS``)."""
    if not data or sees_identity(user):
        return data
    return {
        key: mask_value(PAYLOAD_KINDS[key], value) if key in PAYLOAD_KINDS else value for key, value in data.items()
    }
