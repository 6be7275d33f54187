"""The one check of each number and date a person types, shared by the services, the API and the pages.

A page's form and the API hand the raw value to the same function, so both refuse the same input with the same
French message naming the field (``BusinessError.field``); the service calls it too, so nothing else can skip it.
Bounds keep absurd values (1e20, 1.6e-277, NaN, Infinity) out of the arithmetic and out of the database.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .errors import BusinessError

# 10 billion DH: far above any ceiling, budget or price of the platform; keeps centime arithmetic in 64 bits.
MAX_AMOUNT = Decimal("1e10")
MAX_COUNT = 1_000_000  # people, sessions, quotas: far above any real count
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _refuse(code: str, message: str, field: str) -> BusinessError:
    return BusinessError(f"input.{code}", message, field=field)


def number(value, *, field: str, label: str) -> Decimal:
    """A finite decimal number, as typed on a page (``1 234,50``) or sent to the API (``"1234.50"``, ``1234.5``)."""
    if isinstance(value, Decimal):
        parsed = value
    else:
        text = str(value if value is not None else "").strip().replace(" ", "").replace("\u202f", "")
        text = text.replace("\xa0", "").replace(",", ".")
        try:
            parsed = Decimal(text)
        except InvalidOperation:
            raise _refuse(
                "invalid", _("%(label)s : nombre invalide « %(value)s ».") % {"label": label, "value": value}, field
            ) from None
    if not parsed.is_finite():
        raise _refuse("invalid", _("%(label)s : nombre invalide « %(value)s ».") % {"label": label, "value": value},
                      field)  # fmt: skip
    return parsed


def _places(parsed: Decimal, places: int, *, field: str, label: str) -> None:
    exponent = parsed.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -places:
        words = {
            1: _("%(label)s : une décimale au plus."),
            2: _("%(label)s : deux décimales au plus (centimes)."),
            4: _("%(label)s : quatre décimales au plus."),
        }
        raise _refuse("places", words[places] % {"label": label}, field)


def amount(value, *, field: str, label: str, maximum: Decimal = MAX_AMOUNT, places: int = 2) -> Decimal:
    """An amount in dirhams: positive or zero, at most two decimals (centimes), below ``maximum``."""
    try:
        parsed = number(value, field=field, label=label)
    except BusinessError:
        raise _refuse(
            "invalid", _("%(label)s : montant invalide « %(value)s ».") % {"label": label, "value": value}, field
        ) from None
    if parsed < 0:
        raise _refuse("negative", _("%(label)s : montant positif ou nul attendu.") % {"label": label}, field)
    if parsed >= maximum:
        raise _refuse("too_large", _("%(label)s : montant trop élevé.") % {"label": label}, field)
    _places(parsed, places, field=field, label=label)
    return parsed


def rate(value, *, field: str, label: str) -> Decimal:
    """A rate as a fraction: between 0 and 1 (0,30 for 30 %), at most four decimals."""
    parsed = number(value, field=field, label=label)
    if not 0 <= parsed <= 1:
        raise _refuse("rate", _("%(label)s : entre 0 et 1 (0,30 pour 30 %%).") % {"label": label}, field)
    _places(parsed, 4, field=field, label=label)
    return parsed


def whole_number(value, *, field: str, label: str, minimum: int = 0, maximum: int = MAX_COUNT) -> int:
    """A whole number between ``minimum`` and ``maximum``."""
    parsed = number(value, field=field, label=label)
    if parsed != parsed.to_integral_value():
        raise _refuse("integer", _("%(label)s : nombre entier attendu.") % {"label": label}, field)
    if not minimum <= parsed <= maximum:
        raise _refuse(
            "range",
            _("%(label)s : entre %(minimum)s et %(maximum)s.") % {"label": label, "minimum": minimum,
                                                                  "maximum": maximum},
            field,
        )  # fmt: skip
    return int(parsed)


def year(value, *, field: str, label: str) -> int:
    """A year of the platform's life: 2000 to 2100."""
    return whole_number(value, field=field, label=label, minimum=FIRST_YEAR, maximum=LAST_YEAR)


def day(value: date, *, field: str, label: str, earliest: date | None = None, latest: date | None = None) -> date:
    """A date between ``earliest`` (1 January 1900 by default) and ``latest`` (31 December 2100 by default)."""
    earliest = earliest or date(1900, 1, 1)
    latest = latest or date(LAST_YEAR, 12, 31)
    if not isinstance(value, date) or not earliest <= value <= latest:
        raise _refuse(
            "date",
            _("%(label)s : date entre le %(earliest)s et le %(latest)s.")
            % {"label": label, "earliest": f"{earliest:%d/%m/%Y}", "latest": f"{latest:%d/%m/%Y}"},
            field,
        )
    return value
