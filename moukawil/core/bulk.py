"""Set-based inserts for bulk imports: ``COPY`` (PostgreSQL) or multi-row ``INSERT`` with values the caller prepared.

``QuerySet.bulk_create`` builds a model instance per row and prepares every field of it: at 100,000 rows and five
tables that is most of an import's time (docs/benchmarks.md). Import code uses this helper instead, for tables
whose rows it builds itself; everything else goes through the ORM.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator, Sequence
from typing import TypeVar

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models

from .enums import AuditEventType
from .models import AuditEvent


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field), name  # a concrete field, not a reverse relation
    return str(field.column)


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Sequence[tuple]) -> None:
    """``COPY … FROM STDIN`` on PostgreSQL; multi-row ``INSERT … VALUES (…), (…), …`` statements on SQLite.
    Both are far faster than ``executemany`` (psycopg sends it row by row: 155 µs a row, docs/benchmarks.md)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(_column(model, name)) for name in fields)
    table = quote(model._meta.db_table)
    if connection.vendor == "postgresql":
        # COPY: no statement to build and parse, rows streamed in one round trip (docs/benchmarks.md).
        with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    # Stay under both engines' bound-parameter limits (SQLite 32,766; PostgreSQL 65,535).
    per_statement = max(1, min(1000, 30000 // len(fields)))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * len(chunk))}"  # noqa: S608 (names from models)
            cursor.execute(sql, [value for row in chunk for value in row])


def db_datetime(value):
    return connection.ops.adapt_datetimefield_value(value)


def db_json(value):
    return None if value is None else connection.ops.adapt_json_value(value, DjangoJSONEncoder)


def insert_audit_rows(*, actor, event_type: AuditEventType, now, targets: Sequence[tuple]) -> None:
    """One audit row per ``(target_type, target_id, target_label, region_id, after)``."""
    from .audit import actor_label

    actor_id = actor.pk if getattr(actor, "pk", None) else None
    label, created_at = actor_label(actor), db_datetime(now)
    insert_rows(
        AuditEvent,
        ["created_at", "actor", "actor_label", "event_type", "target_type", "target_id", "target_label", "region",
         "after"],
        [
            (created_at, actor_id, label, int(event_type), kind, str(pk), text[:255], region_id, db_json(after))
            for kind, pk, text, region_id, after in targets
        ],
    )  # fmt: skip


_DONE = object()
T = TypeVar("T")


def prefetched(items: Iterator[T], depth: int = 2) -> Iterator[T]:
    """Iterate ``items`` in a background thread, at most ``depth`` items ahead, and yield them here: reading and
    parsing a file (Python) overlap the database's work on the previous batch (the GIL is released while waiting
    for the database). An exception raised by ``items`` is raised here. ``items`` must not use the database."""
    buffer: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(entry: tuple) -> bool:
        while not stop.is_set():
            try:
                buffer.put(entry, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put((item, None)):
                    return
            put((_DONE, None))
        except BaseException as exc:  # handed over to the consumer
            put((_DONE, exc))

    thread = threading.Thread(target=produce, name="prefetch", daemon=True)
    thread.start()
    try:
        while True:
            item, error = buffer.get()
            if item is _DONE:
                if error is not None:
                    raise error
                return
            yield item
    finally:
        stop.set()
        thread.join()
