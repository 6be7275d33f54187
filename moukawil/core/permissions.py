"""Permission checks that say *why* (Hypha): each check returns a :class:`Decision`; :func:`require` raises."""

from __future__ import annotations

from typing import NamedTuple

from django.core.exceptions import PermissionDenied


class Decision(NamedTuple):
    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


def allow() -> Decision:
    return Decision(True, "")


def deny(reason: str) -> Decision:
    return Decision(False, reason)


def require(decision: Decision) -> None:
    """Raise ``PermissionDenied`` carrying the refusal's reason, which pages and the API show as is."""
    if not decision.allowed:
        raise PermissionDenied(decision.reason)
