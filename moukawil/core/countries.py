"""Countries for a nationality: ISO 3166-1 alpha-2 codes with their French and Arabic names (from Babel's CLDR
data), Morocco first. The code is what is stored; the list is the one the form offers and the service accepts."""

from __future__ import annotations

import unicodedata
from functools import cache

from babel import Locale
from django.utils.translation import get_language

MOROCCO = "MA"

# CLDR names more than countries: groupings and test codes (EU, EZ, UN, QO, XA, XB, ZZ), areas without a
# nationality of their own or reserved codes (AC, AQ, CP, DG, IC, TA, XK), and territories that are part of
# Morocco or claimed by it (EH, EA): none is a nationality an applicant can declare.
NOT_NATIONALITIES = frozenset(
    ["AC", "AQ", "CP", "DG", "EA", "EH", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"]
)


def sort_key(name: str) -> str:
    """Alphabetical order with accents ignored (« Égypte » between « Danemark » and « Espagne »)."""
    decomposed = unicodedata.normalize("NFD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@cache
def _names(language: str) -> dict[str, str]:
    territories = Locale.parse(language).territories
    return {
        code: name
        for code, name in territories.items()
        if len(code) == 2 and code.isalpha() and code not in NOT_NATIONALITIES
    }


COUNTRY_CODES = frozenset(_names("fr"))


def country_name(code: str, language: str | None = None) -> str:
    language = "ar" if (language or get_language() or "fr").startswith("ar") else "fr"
    return _names(language).get(code, code)


def country_choices(language: str | None = None) -> list[tuple[str, str]]:
    """``(code, name)`` in the active language: Morocco first, then by name."""
    language = "ar" if (language or get_language() or "fr").startswith("ar") else "fr"
    names = _names(language)
    others = sorted((code for code in names if code != MOROCCO), key=lambda code: sort_key(names[code]))
    return [(code, names[code]) for code in (MOROCCO, *others)]
