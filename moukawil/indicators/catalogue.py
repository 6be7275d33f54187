"""The catalogue of indicators: each has a stable code, a label and a definition (shown beside every figure), and
is computed from live rows — never typed by hand.

An indicator is data: the rows it reads (a queryset), the date each row counts on, the paths to its dimensions
(region, province, gender, category, programme) and what it adds up (a count, or a sum of amounts). A *share* is the
ratio of two count indicators over the same rows (women's share = registrations of women / registrations).

Any app declares its own indicators with :func:`register` in its ``indicators.py`` module (found at start-up by
``IndicatorsConfig.ready``), as Infitah (permits, packs) and the caravans (attendance) do. An indicator announced
before its app lands goes in :data:`PENDING`, so that the catalogue page can say it is coming.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Aggregate, Count, QuerySet
from django.utils.functional import Promise

StrOrPromise = str | Promise

# The dimensions every figure may be cut by. ``year`` and ``month`` come from the indicator's date.
DIMENSIONS = ("region", "province", "year", "month", "gender", "category", "programme")
COUNT, AMOUNT, SHARE = "count", "amount", "share"


@dataclass(frozen=True)
class Indicator:
    code: str
    label: StrOrPromise
    definition: StrOrPromise
    unit: str = COUNT  # count (people, files), amount (dirhams) or share (percent)
    rows: Callable[[], QuerySet] | None = None  # the rows it reads (None for a share)
    date: str = ""  # path to the date (or datetime) each row counts on
    dims: Mapping[str, str] = field(default_factory=dict)  # dimension → path; a dimension left out does not apply
    # What a group adds up: an aggregate, built with an optional ``filter`` (conditional aggregation).
    value: Callable[..., Aggregate] = lambda **kw: Count("pk", **kw)
    ratio: tuple[str, str] | None = None  # share: (numerator's code, denominator's code)
    source: StrOrPromise = ""  # where the rows come from, in words
    per_inhabitants: bool = False  # also shown per 1,000 inhabitants (2024 census)

    @property
    def is_share(self) -> bool:
        return self.ratio is not None

    def supports(self, dimension: str) -> bool:
        if self.ratio:
            return all(CATALOGUE[code].supports(dimension) for code in self.ratio)
        return dimension in ("year", "month") or dimension in self.dims

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": str(self.label),
            "definition": str(self.definition),
            "unit": self.unit,
            "source": str(self.source),
            "dimensions": [d for d in DIMENSIONS if self.supports(d)],
        }


CATALOGUE: dict[str, Indicator] = {}


def register(indicator: Indicator) -> Indicator:
    """Declare an indicator (once: its code is stable, the API and the conventions' commitments refer to it)."""
    if indicator.code in CATALOGUE:
        raise ValueError(f"indicator {indicator.code} declared twice")
    if indicator.ratio is None and indicator.rows is None:
        raise ValueError(f"indicator {indicator.code}: rows or ratio")
    CATALOGUE[indicator.code] = indicator
    PENDING.pop(indicator.code, None)
    return indicator


def get(code: str) -> Indicator | None:
    return CATALOGUE.get(code)


def choices(*, shares: bool = True) -> list[tuple[str, str]]:
    return [(i.code, str(i.label)) for i in CATALOGUE.values() if shares or not i.is_share]


# Indicators of capabilities being built (declared by their apps when they are merged): none at the moment — Infitah
# (``infitah.permits``, ``infitah.packs``, ``infitah.packs_delivered``) and the caravans (``caravans.attendance``)
# declare theirs in their own ``indicators.py``.
PENDING: dict[str, StrOrPromise] = {}
