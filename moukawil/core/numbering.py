"""Gapless official numbers, one series per kind of document and per year.

The number is taken inside the transaction that issues the document: if that transaction fails, the
counter's increment is rolled back with it, so no number is ever lost or given twice.

- PostgreSQL: the counter row is locked with ``SELECT … FOR UPDATE``; concurrent issuers queue on that row.
- SQLite: every transaction starts with ``BEGIN IMMEDIATE`` (settings), so writers are serialised from the
  start and the read-increment-write below cannot interleave.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from .models import NumberCounter


def number_allocate(*, series: str, year: int) -> int:
    """The next number of ``series`` for ``year`` (1, 2, 3 … with no gap). Call it inside the issuing transaction."""
    with transaction.atomic():
        # Creates the counter the first time a series is used in a year; a concurrent creator waits on the
        # unique index, then does nothing.
        NumberCounter.objects.bulk_create([NumberCounter(series=series, year=year)], ignore_conflicts=True)
        counter = NumberCounter.objects.select_for_update().get(series=series, year=year)
        NumberCounter.objects.filter(pk=counter.pk).update(last_value=F("last_value") + 1)
        return counter.last_value + 1


def number_format(*, series: str, year: int, value: int, width: int = 6) -> str:
    """The printed form, e.g. ``RNAE-2026-000123``: series, year, then the number zero-padded to ``width``."""
    return f"{series}-{year}-{value:0{width}d}"


def number_last(*, series: str, year: int) -> int:
    counter = NumberCounter.objects.filter(series=series, year=year).first()
    return counter.last_value if counter else 0
