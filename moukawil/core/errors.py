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

    def __init__(
        self, code: str, message: str, *, field: str | None = None, details: Any = None, localised: Any = None
    ):
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.details = details
        # (msgid, params): the message again, for a page in another language (see ``localise``).
        self.localised = localised

    @classmethod
    def of(cls, code: str, template: str, *, field: str | None = None, **params):
        """A refusal whose French ``template`` (a msgid marked with ``gettext_noop``) is filled with ``params``; pages
        show it again in the reader's language (``localise``), the API and the CLI in French."""
        message = template % params if params else template
        return cls(code, message, field=field, localised=(template, params))

    def __reduce__(self):
        # Pickled whole (an import's reader process hands its errors over): Exception's own reduce would call
        # ``cls(message)`` alone.
        state = {"field": self.field, "details": self.details, "localised": self.localised}
        return (self.__class__, (self.code, self.message), state)

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


def localise(template: str, params: dict | None = None) -> str:
    """A message in the active language: ``template`` is the French msgid (named placeholders), translated through
    the catalogue; each parameter ``x`` is replaced by ``x_ar`` when the page is in Arabic and the value exists (the
    Arabic name of an activity), and a Latin value is wrapped in Unicode isolates (LRI … PDI). Unknown msgids stay
    in French."""
    from django.utils.translation import get_language, gettext

    params = dict(params or {})
    if (get_language() or "fr").startswith("ar"):
        # A Latin value (a number, a date, a CIN) inside Arabic text is isolated, so that it reads in its own order.
        params = {k: _isolated(params.get(f"{k}_ar") or v) for k, v in params.items() if not k.endswith("_ar")}
    return gettext(template) % params if params else gettext(template)


def _isolated(value) -> str:
    text = str(value)
    return text if any("\u0600" <= c <= "\u06ff" for c in text) else f"\u2066{text}\u2069"
