"""Set-based inserts for bulk imports: multi-row ``INSERT … VALUES`` with values the caller prepared.

``QuerySet.bulk_create`` builds a model instance per row and prepares every field of it: at 100,000 rows and five
tables that is most of an import's time (docs/benchmarks.md). Import code uses this helper instead, for tables
whose rows it builds itself; everything else goes through the ORM.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models

from .enums import AuditEventType
from .models import AuditEvent


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field), name  # a concrete field, not a reverse relation
    return str(field.column)


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Sequence[tuple]) -> None:
    """Multi-row ``INSERT … VALUES (…), (…), …`` statements: far fewer round trips than ``executemany``, which
    psycopg sends row by row (measured 155 µs a row on PostgreSQL, docs/benchmarks.md)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(_column(model, name)) for name in fields)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    # Stay under both engines' bound-parameter limits (SQLite 32,766; PostgreSQL 65,535).
    per_statement = max(1, min(1000, 30000 // len(fields)))
    table = quote(model._meta.db_table)
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
