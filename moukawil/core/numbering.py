"""Gapless official numbers, one series per kind of document and per year.

The number is taken inside the transaction that issues the document: if that transaction fails, the
counter's increment is rolled back with it, so no number is ever lost or given twice.

- PostgreSQL: the upsert below locks the counter row until the issuing transaction commits or rolls back;
  concurrent issuers queue on that row.
- SQLite: every transaction starts with ``BEGIN IMMEDIATE`` (settings), so writers are serialised from the
  start.

It is one ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` statement: measured 3 to 9 times faster than
select-for-update-then-update (``bench/numbering.py``, docs/benchmarks.md).
"""

from __future__ import annotations

from django.db import connection, transaction

from .models import NumberCounter


def _upsert_sql() -> str:
    table = connection.ops.quote_name(NumberCounter._meta.db_table)
    # One statement creates the counter the first time and increments it afterwards. On PostgreSQL the
    # updated row stays locked until the issuing transaction ends, so a concurrent issuer waits and then
    # reads the committed value; SQLite needs RETURNING (3.35+) and relies on BEGIN IMMEDIATE.
    return (
        f"INSERT INTO {table} (series, year, last_value) VALUES (%s, %s, %s) "  # noqa: S608 (table name from the model)
        f"ON CONFLICT (series, year) DO UPDATE SET last_value = {table}.last_value + %s RETURNING last_value"
    )


def number_allocate_block(*, series: str, year: int, count: int) -> int:
    """Reserve ``count`` consecutive numbers and return the first (bulk imports). Same guarantees as one."""
    if count < 1:
        raise ValueError("count must be positive")
    # A single statement needs no savepoint of its own: it succeeds or fails with the caller's transaction.
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(_upsert_sql(), [series, year, count, count])
        return cursor.fetchone()[0] - count + 1


def number_allocate(*, series: str, year: int) -> int:
    """The next number of ``series`` for ``year`` (1, 2, 3 … with no gap). Call it inside the issuing transaction."""
    return number_allocate_block(series=series, year=year, count=1)


def number_format(*, series: str, year: int, value: int, width: int = 6) -> str:
    """The printed form, e.g. ``RNAE-2026-000123``: series, year, then the number zero-padded to ``width``."""
    return f"{series}-{year}-{value:0{width}d}"


def number_last(*, series: str, year: int) -> int:
    counter = NumberCounter.objects.filter(series=series, year=year).first()
    return counter.last_value if counter else 0
