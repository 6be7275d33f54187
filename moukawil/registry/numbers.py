"""Registration numbers of the RNAE, in a format of our own (the official one is not public).

    2026-000123-47
    └─┬┘ └──┬─┘ └┬┘
    year  rank   check digits: ISO 7064 MOD 97-10 over "2026000123" (as in IBANs), so that a typo in a number
                 typed on the verification page is caught before any look-up.

The rank is gapless within the year (core.numbering, series "RNAE"): the n-th registration validated in a year
has rank n. Application references ("DEM-2026-000045") use their own series and are not official numbers.
"""

from __future__ import annotations

import re

REGISTRATION_SERIES = "RNAE"
APPLICATION_SERIES = "DEM"
NUMBER_RE = re.compile(r"^(\d{4})-(\d{6})-(\d{2})$")


def check_digits(year: int, sequence: int) -> int:
    return 98 - (int(f"{year}{sequence:06d}") * 100) % 97


def registration_number(year: int, sequence: int) -> str:
    return f"{year}-{sequence:06d}-{check_digits(year, sequence):02d}"


def is_valid_registration_number(number: str) -> bool:
    match = NUMBER_RE.match((number or "").strip())
    if not match:
        return False
    year, sequence, digits = (int(g) for g in match.groups())
    return check_digits(year, sequence) == digits
