"""Writing the audit log. Services call :func:`audit_log` inside their transaction (Zulip's ``do_*`` habit)."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import connections, models, router
from django.utils import timezone

from .chain import seal_after_commit
from .enums import AuditEventType
from .models import AuditEvent

SYSTEM_LABEL = "système"

# Reads of personal data (a CIN looked up, a page of an API list) are written at once but sealed into the hash chain
# by the next seal — the next audited write of any process, or ``moukawil audit verify``, which seals first — not
# by a seal of their own: a read stays one INSERT, and twenty readers at once do not take the chain's head in turn.
# Meanwhile the triggers keep them as written (core.audit_guard): only their seal may be set.
SEALED_WITH_THE_NEXT_WRITE = frozenset({AuditEventType.PERSON_READ_BY_CIN, AuditEventType.API_LIST_READ})


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal | date | datetime):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The values of ``fields`` on ``obj``, ready for ``before``/``after`` (foreign keys as ids)."""
    data = {}
    for name in fields:
        field = obj._meta.get_field(name)
        data[name] = getattr(obj, getattr(field, "attname", name))  # foreign keys as their id
    return _jsonable(data)


def stored_actor(actor):
    """The user to store as the author of a write (``created_by``, a transition's or an audit row's actor): the
    actor itself when it is a saved user, ``None`` for the system (``actor=None``), a command, or an anonymous
    visitor (``AnonymousUser`` has no ``pk``). One rule for every service, rather than a copy of the test in each."""
    return actor if getattr(actor, "pk", None) else None


def stored_actor_id(actor) -> int | None:
    """:func:`stored_actor`'s id, for rows written in bulk (``insert_rows``, ``COPY``)."""
    actor = stored_actor(actor)
    return actor.pk if actor is not None else None


def actor_label(actor) -> str:
    if actor is None:
        return SYSTEM_LABEL
    return getattr(actor, "email", None) or str(actor)


def _event(*, actor, event_type, target, region, before, after, extra) -> AuditEvent:
    return AuditEvent(
        actor=stored_actor(actor),
        actor_label=actor_label(actor),
        event_type=AuditEventType(event_type),
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:255] if target is not None else "",
        region=region,
        before=_jsonable(before),
        after=_jsonable(after),
        extra=_jsonable(extra),
    )


def audit_log(
    *,
    actor,
    event_type: AuditEventType,
    target: models.Model | None = None,
    region=None,
    before: dict | None = None,
    after: dict | None = None,
    extra: dict | None = None,
) -> AuditEvent:
    event = _event(
        actor=actor,
        event_type=event_type,
        target=target,
        region=region,
        before=before,
        after=after,
        extra=extra,
    )
    _insert(event)
    if event.event_type not in SEALED_WITH_THE_NEXT_WRITE:
        seal_after_commit()
    return event


# The columns an event is written with (the seal's are set after the commit, core.chain).
WRITTEN = [
    "created_at", "actor", "actor_label", "event_type", "target_type", "target_id", "target_label", "region",
    "before", "after", "extra",
]  # fmt: skip


def _insert(event: AuditEvent) -> None:
    """``event.save()`` as one INSERT built once per process, each value prepared by its field as the ORM would
    (``get_db_prep_save``): every audited write and every audited read (each page of an API list) writes one,
    and the ORM's save built and compiled the statement each time — a millisecond of a list page
    (docs/benchmarks.md, session 9)."""
    alias = router.db_for_write(AuditEvent)  # as the ORM asks: the primary, and the request then reads it
    connection = connections[alias]
    event.created_at = timezone.now()
    values = [field.get_db_prep_save(getattr(event, field.attname), connection) for field in _written_fields()]
    with connection.cursor() as cursor:
        cursor.execute(_insert_statement(connection), values)
        event.pk = cursor.fetchone()[0]
    event._state.adding, event._state.db = False, alias


@functools.cache
def _written_fields() -> list:
    return [AuditEvent._meta.get_field(name) for name in WRITTEN]


_INSERT_STATEMENTS: dict[str, str] = {}  # by database vendor


def _insert_statement(connection) -> str:
    """Built once per vendor (not per connection: each thread has its own, and a development server a thread per
    request)."""
    statement = _INSERT_STATEMENTS.get(connection.vendor)
    if statement is None:
        quote = connection.ops.quote_name
        columns = ", ".join(quote(field.column) for field in _written_fields())
        placeholders = ", ".join(["%s"] * len(WRITTEN))
        table = quote(AuditEvent._meta.db_table)
        statement = f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) RETURNING {quote('id')}"  # noqa: S608
        _INSERT_STATEMENTS[connection.vendor] = statement
    return statement


def audit_log_bulk(
    *,
    actor,
    event_type: AuditEventType,
    targets: Iterable[models.Model],
    region_of=None,
    after_of=None,
) -> int:
    """One audit row per target, written set-based (``core.bulk.insert_audit_rows``, the writer imports use too):
    bulk operations stay auditable without a query per row."""
    from django.utils import timezone

    from .bulk import insert_audit_rows

    rows = [
        (
            target._meta.label_lower, target.pk, str(target)[:255],
            getattr(region_of(target), "pk", None) if region_of else None,
            _jsonable(after_of(target)) if after_of else None,
        )
        for target in targets
    ]  # fmt: skip
    insert_audit_rows(actor=actor, event_type=event_type, now=timezone.now(), targets=rows)
    return len(rows)
