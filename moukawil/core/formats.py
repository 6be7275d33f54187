"""How numbers, amounts, dates and percentages are written, in the active language (Babel).

One place for what a person reads: French pages write ``1 234 567,50 DH`` (fr_MA: narrow no-break spaces between
thousands), Arabic pages ``1.234.567,50 درهم`` (ar_MA as Babel has it, with the Latin digits the Moroccan
administration uses). Dates are ``05/03/2024`` in both languages (``long``: ``5 mars 2024`` / ``5 مارس 2024``).
Pages, exports' labels and PDFs all go through these functions; none writes ``floatformat`` or ``%d/%m/%Y``.

Bidirectional text: a registration number (``2019-000001-98``), a CIN, a reference or an e-mail inside an Arabic
sentence is reordered by the Unicode bidirectional algorithm (the digits after an Arabic letter become "Arabic
numbers" and the hyphens between them do not hold them together), so it reads ``98-000001-2019``. ``isolate`` wraps
such a token in Unicode isolates (LRI … PDI) for plain text and PDFs (fpdf2 applies them); pages use ``<bdi
dir="ltr">`` through the ``|ltr`` filter (``www/templatetags/moukawil_formats.py``).
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal

from babel import dates as babel_dates
from babel import numbers as babel_numbers
from babel.core import Locale
from django.utils import timezone, translation
from django.utils.translation import gettext

LOCALES = {"fr": "fr_MA", "ar": "ar_MA"}
LRI, PDI = "\u2066", "\u2069"  # LEFT-TO-RIGHT ISOLATE, POP DIRECTIONAL ISOLATE
Number = int | float | Decimal


def locale() -> str:
    """The Babel locale of the active language (French when none is active, as in commands and tasks)."""
    return LOCALES.get((translation.get_language() or "fr").split("-")[0], "fr_MA")


@functools.cache
def _number_format(name: str, decimals: int | None) -> tuple[Locale, babel_numbers.NumberPattern]:
    """The parsed locale and pattern (``babel_numbers.format_decimal`` parses both at every call: a dashboard of 260
    numbers spent 15 ms there)."""
    parsed = Locale.parse(name)
    if decimals is None:
        return parsed, babel_numbers.parse_pattern(parsed.decimal_formats[None])
    return parsed, babel_numbers.parse_pattern("#,##0" + ("." + "0" * decimals if decimals else ""))


@functools.cache
def _group_separator(name: str) -> str:
    return Locale.parse(name).number_symbols["latn"]["group"]


def _is_count(value) -> bool:
    """A whole number from zero up: an int (not a bool), or a whole Decimal without a sign (the summaries' counts)."""
    if type(value) is int:
        return value >= 0
    if not isinstance(value, Decimal) or not value.is_finite() or value.is_signed():
        return False
    return value == value.to_integral_value()


def number(value: Number | None, decimals: int | None = None) -> str:
    """``1234567.5`` → ``1 234 567,5`` (fr) / ``1.234.567,5`` (ar); ``decimals`` fixes the digits after the comma."""
    if value is None or value == "":
        return ""
    name = locale()
    if not decimals and _is_count(value):
        # A count, as Babel's pattern writes it (tests/core/test_formats.py) at a fiftieth of its cost: a dashboard
        # writes 250 of them (a fifth of its time, docs/benchmarks.md, session 10).
        return f"{int(value):,}".replace(",", _group_separator(name))
    parsed, pattern = _number_format(name, decimals)
    return pattern.apply(value, parsed, numbering_system="latn")


# A figure that does not exist — not measured yet, no population to divide by, a share of nothing — reads as a dash
# on every page, never as 0 (a 0 is a count that was made and found nothing) nor as an empty cell. Files for re-use
# (CSV, XLSX, open data) leave such a cell empty and keep a true zero as 0, so that they stay numeric.
NO_FIGURE = "—"


def figure(value: Number | None, decimals: int | None = None) -> str:
    """A figure on a page: :func:`number`, or « — » when there is none."""
    if value is None or value == "":
        return NO_FIGURE
    return number(value, decimals)


def rate(value: Number | None, count: Number | None = None, decimals: int = 2) -> str:
    """A rate already rounded to ``decimals`` (per 1,000 inhabitants): « — » without one, and ``< 0,01`` when the
    ``count`` it was made of is not zero but the rate rounds to 0 (six registrations among four million inhabitants
    are not « 0,00 »)."""
    if value is None or value == "":
        return NO_FIGURE
    if not value and count:
        below = "<\u00a0" + number(Decimal(1).scaleb(-decimals), decimals)
        return isolate(below) if locale() == "ar_MA" else below  # « < 0,01 » read left to right in Arabic too
    return number(value, decimals)


def money(value: Number | None, decimals: int = 2) -> str:
    """An amount in dirhams: ``1 234,50 DH`` / ``1.234,50 درهم`` (``decimals=0`` for totals of statistics)."""
    if value is None or value == "":
        return ""
    # Translators: the short name of the dirham written after amounts.
    return f"{number(value, decimals)}\u00a0{gettext('DH')}"


def money_exact(value: Number) -> str:
    """An amount with its centimes only when it has some: ``3 000 000 DH``, ``2 999 999,99 DH`` — never rounded
    away (a ceiling and a turnover one centime under it must not read alike)."""
    parsed = Decimal(str(value))
    return money(parsed, 0 if parsed == parsed.to_integral_value() else 2)


def percent(value: Number | None, decimals: int = 1) -> str:
    """A ratio as a percentage: ``0.125`` → ``12,5 %`` (fr) / ``12,5%`` (ar)."""
    if value is None or value == "":
        return ""
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "") + "%"
    text = babel_numbers.format_percent(value, format=pattern, locale=locale(), numbering_system="latn")
    return text.replace("%", "\u00a0%") if locale() == "fr_MA" else text


def date(value: dt.date | dt.datetime | str | None, style: str = "short") -> str:
    """``05/03/2024`` (``short``), ``05/03/2024 14:30`` (``time``, in local time), ``5 mars 2024`` (``long``)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):  # an ISO date, as signed into a QR code
        value = dt.date.fromisoformat(value)
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if style == "long":
        return babel_dates.format_date(value, "d MMMM y", locale=locale())
    text = babel_dates.format_date(value, "dd/MM/y", locale=locale())
    if style == "time" and isinstance(value, dt.datetime):
        text += " " + babel_dates.format_time(value, "HH:mm", locale=locale())
    return text


def isolate(text: str) -> str:
    """A Latin token (number, CIN, reference, date, e-mail) kept in its own order inside right-to-left text."""
    return f"{LRI}{text}{PDI}" if text else text
