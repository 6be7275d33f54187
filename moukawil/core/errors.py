"""One error type for business refusals.

Services raise :class:`BusinessError` when a request is refused by a rule (not by a bug). The web layer shows
its French message next to the field it names; the API turns it into the one error shape
``{"code": ..., "message": ..., "field": ...}`` (see ``moukawil.api.errors``).
"""

from __future__ import annotations

from typing import Any


class BusinessError(Exception):
    """A request refused by a business rule. ``code`` is stable and machine-readable; ``message`` is French."""

    status = 400

    def __init__(self, code: str, message: str, *, field: str | None = None, details: Any = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.details = details

    def __reduce__(self):
        # Pickled whole (an import's reader process hands its errors over): Exception's own reduce would call
        # ``cls(message)`` alone.
        return (self.__class__, (self.code, self.message), {"field": self.field, "details": self.details})

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.field:
            data["field"] = self.field
        if self.details is not None:
            data["details"] = self.details
        return data


class Conflict(BusinessError):
    """The request conflicts with the current state (duplicate, already decided, budget exhausted…)."""

    status = 409


class NotFound(BusinessError):
    status = 404
