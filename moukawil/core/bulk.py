"""Set-based inserts for bulk imports: ``COPY`` (PostgreSQL) or one prepared ``INSERT`` (SQLite), with values the
caller prepared.

``QuerySet.bulk_create`` builds a model instance per row and prepares every field of it: at 100,000 rows and five
tables that is most of an import's time (docs/benchmarks.md). Import code uses this helper instead, for tables
whose rows it builds itself; everything else goes through the ORM.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import io
import json
import multiprocessing
import os
import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, models

from .enums import AuditEventType
from .models import AuditEvent

T = TypeVar("T")


def insert_rows(
    model: type[models.Model], fields: Sequence[str], rows: Sequence, *, meanwhile: Callable[[], T] | None = None
) -> T | None:
    """``COPY … FROM STDIN`` on PostgreSQL (psycopg's ``executemany`` sends the rows one by one: 155 µs a row,
    docs/benchmarks.md); ``executemany`` of one prepared ``INSERT`` on SQLite.

    Values as the database stores them: text, numbers, booleans, dates, aware datetimes, ``None``; JSON columns
    take the text of ``db_json``. A primary key may be given (ids from ``reserve_ids``).

    ``meanwhile``: Python work to do while the server inserts (PostgreSQL: once the rows are sent, before waiting
    for the end of the COPY; elsewhere after the insert) — it must not use the database. Its result is returned;
    if it raises, the COPY is abandoned."""
    if not rows:
        return meanwhile() if meanwhile else None
    quote = connection.ops.quote_name
    concrete = [_field(model, name) for name in fields]
    columns = ", ".join(quote(str(field.column)) for field in concrete)
    table = quote(model._meta.db_table)
    if connection.vendor == "postgresql":
        return _copy(table, columns, concrete, rows, meanwhile)
    # SQLite: one statement prepared once, the rows bound to it in C (sqlite3's executemany) — twice as fast as
    # multi-row INSERT statements, whose placeholders Django rewrites and SQLite parses every time.
    placeholders = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)  # noqa: S608 (names from models)
    return meanwhile() if meanwhile else None


def bulk_statements() -> None:
    """For the rest of the caller's transaction, plan the statements of a bulk import as what they are: index
    look-ups of a few thousand keys. PostgreSQL's statistics still describe the tables as they were before the
    transaction (empty, for a first import), and the inflated estimates made it compile each look-up to machine code
    (JIT): 200 ms a batch, more than the look-up itself (docs/benchmarks.md)."""
    assert connection.in_atomic_block, "bulk_statements needs the caller's transaction"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")


@contextlib.contextmanager
def checked_as_written() -> Iterator[None]:
    """PostgreSQL: the foreign keys of the rows written inside the block checked at the end of each statement rather
    than all at the commit. The same checks with the same outcome (a bulk import writes each row after the rows it
    points at, in one transaction) — but at the commit they ran one after another once the whole file was read (5 s
    of 24 for 200,000 rows, docs/benchmarks.md), while at the end of each COPY they run as the reader process
    prepares the next batch. Django's foreign keys are DEFERRABLE INITIALLY DEFERRED and no other constraint of the
    schema is deferrable: they are deferred again after the block, for the rest of the caller's transaction."""
    if connection.vendor != "postgresql":
        yield
        return
    assert connection.in_atomic_block, "checked_as_written needs the caller's transaction"
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    try:
        yield
    finally:
        if not connection.needs_rollback:
            with contextlib.suppress(DatabaseError), connection.cursor() as cursor:  # a failed transaction ends anyway
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")


# Garbage-collector thresholds while a bulk import runs (the reader process keeps them): a young collection every
# 50,000 new objects rather than 700.
FEW_COLLECTIONS = (50_000, 20, 100)


@contextlib.contextmanager
def few_collections() -> Iterator[None]:
    """While a bulk import runs, the garbage collector runs rarely: the batches arriving from the reader are
    thousands of tuples each, and a collection every 700 new objects (with, every tenth, a walk through the whole
    heap) cost a third of the importing process's time (docs/benchmarks.md). Thresholds restored afterwards."""
    thresholds = gc.get_threshold()
    gc.set_threshold(*FEW_COLLECTIONS)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def render_rows(rows: Sequence[tuple]) -> list:
    """Rows as ``insert_rows`` takes them, rendered ahead of time (in a reader process, say): on PostgreSQL each row's
    CSV text, so that the writer does not convert every value on its own time; on SQLite the tuples themselves."""
    if connection.vendor != "postgresql":
        return list(rows)
    rendered: list[str] = []
    # The csv writer calls ``write`` once per row: appending to a list collects each row's text, in C.
    csv.writer(_Sink(rendered.append), lineterminator=_LINE_END).writerows(rows)
    return rendered


# PostgreSQL's CSV reader ends a row at an unquoted \n or \r; the csv module quotes a field holding a character of
# its line terminator: with "\r\n", a value holding either is quoted.
_LINE_END = "\r\n"


class _Sink:
    __slots__ = ("write",)

    def __init__(self, write) -> None:
        self.write = write


def prefixed(keys: Sequence[tuple], rendered: Sequence) -> list:
    """Rendered rows (``render_rows``) with their keys in front — ids, references, numbers: values the CSV form
    writes as they are (no delimiter, quote nor line break in them)."""
    if rendered and isinstance(rendered[0], str):
        return [f"{','.join(map(str, k))},{text}" for k, text in zip(keys, rendered, strict=True)]
    return [(*k, *values) for k, values in zip(keys, rendered, strict=True)]


def _copy(
    table: str, columns: str, concrete: list[models.Field], rows: Sequence, meanwhile: Callable[[], T] | None
) -> T | None:
    """COPY in CSV form, the text written by the csv module (C) in one piece: psycopg's ``write_row`` costs
    7 µs a row in Python, three times the server's own work on a narrow row (docs/benchmarks.md).

    CSV cannot tell ``None`` from ``""``: both are written as an empty field, read as NULL by default. Columns that
    cannot be NULL are listed in FORCE_NOT_NULL (an empty field is then ``""``); a nullable text column would be
    ambiguous, so such a table goes through ``write_row`` instead."""
    text_types = (models.CharField, models.TextField)
    with connection.cursor() as cursor:
        if any(field.null and isinstance(field, text_types) for field in concrete):
            assert not isinstance(rows[0], str), "rendered rows for a table with a nullable text column"
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                return meanwhile() if meanwhile else None
        not_null = ", ".join(connection.ops.quote_name(str(f.column)) for f in concrete if not f.null)
        options = f"FORMAT csv, FORCE_NOT_NULL ({not_null})" if not_null else "FORMAT csv"
        if isinstance(rows[0], str):  # rendered already (render_rows), each with its line end
            text = "".join(rows)
        else:
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator=_LINE_END).writerows(rows)
            text = buffer.getvalue()
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN WITH ({options})") as copy:
            copy.write(text)
            # The rows are on their way (psycopg has flushed all but its last block): the server inserts them while
            # this process does ``meanwhile``; leaving the block waits for the end of the COPY.
            return meanwhile() if meanwhile else None


def _field(model: type[models.Model], name: str) -> models.Field:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field), name  # a concrete field, not a reverse relation
    return field


_SEQUENCES: dict[str, str] = {}  # table → its primary key's sequence (PostgreSQL)


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` primary keys for rows the caller will insert with ``insert_rows``, so that it can write the rows
    that point at them in the same pass (no query to read the ids back). PostgreSQL: taken from the table's
    sequence (safe with concurrent writers). SQLite: after the largest ever given (``sqlite_sequence``, as
    AUTOINCREMENT does); safe because a transaction there holds the write lock from its start (``BEGIN
    IMMEDIATE``), so the caller must be inside one."""
    if count <= 0:
        return []
    table = model._meta.db_table
    column = str(model._meta.pk.column)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The sequence is named once per process (pg_get_serial_sequence reads the catalogue: 7 ms a call,
            # and per row inside the statement), the numbers returned as one text rather than ``count`` rows.
            sequence = _SEQUENCES.get(table)
            if sequence is None:
                cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [connection.ops.quote_name(table), column])
                sequence = _SEQUENCES[table] = cursor.fetchone()[0]
            cursor.execute(
                "SELECT string_agg(nextval(%s::regclass)::text, ',') FROM generate_series(1, %s)", [sequence, count]
            )
            return [int(value) for value in cursor.fetchone()[0].split(",")]
        assert connection.in_atomic_block, "reserve_ids on SQLite needs the caller's transaction"
        quoted = connection.ops.quote_name(table)
        cursor.execute(
            f"SELECT MAX(COALESCE((SELECT MAX({connection.ops.quote_name(column)}) FROM {quoted}), 0),"  # noqa: S608
            " COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0))",
            [table],
        )
        last = cursor.fetchone()[0]
    return list(range(last + 1, last + 1 + count))


def db_datetime(value):
    """An aware datetime as ``insert_rows`` takes it: text, converted once rather than on every row."""
    if connection.vendor == "postgresql":
        return value.isoformat()
    return connection.ops.adapt_datetimefield_value(value)


def db_json(value) -> str | None:
    """The JSON text of ``value`` for ``insert_rows`` (both databases read JSON columns from text)."""
    return None if value is None else json.dumps(value, cls=DjangoJSONEncoder)


def insert_audit_rows(*, actor, event_type: AuditEventType, now, targets: Sequence[tuple]) -> None:
    """One audit row per ``(target_type, target_id, target_label, region_id, after)``, sealed once the caller's
    transaction commits (``core.chain``)."""
    from .audit import actor_label, stored_actor_id
    from .chain import seal_after_commit

    actor_id = stored_actor_id(actor)
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
    seal_after_commit()


def prefetched(items: Iterator[T], *, receiving_thread: bool = False) -> Iterator[T]:
    """Iterate ``items`` in a child process and yield them here, in order: reading and checking a file (Python)
    run on the second core while this process waits for the database. A thread did the same with one GIL between
    them, and every return from the database waited for it (docs/benchmarks.md).

    The child is forked, so ``items`` (a generator not yet started) and everything it reads — reference data
    loaded before — are there without being sent; each item comes back pickled through a pipe. ``items`` must not
    use the database (the child never touches the parent's connection and leaves with ``os._exit``). An exception
    raised by ``items`` is raised here, after the items before it; the child is stopped if the caller stops early.

    ``receiving_thread``: a thread here takes each item off the pipe as soon as it is sent, so that reading and
    unpickling overlap this thread's waits for a database server (PostgreSQL). Not for SQLite, which runs in this
    process and takes the GIL back for every row it writes: the receiving thread then slows it down."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    _widen_pipe(sender)
    process = context.Process(target=_produce, args=(items, sender, receiver), name="prefetch", daemon=True)
    process.start()
    sender.close()
    arrived: queue.Queue = queue.Queue(maxsize=1)  # a batch ready, another arriving: each holds megabytes
    stop = threading.Event()

    def receive() -> tuple:
        try:
            return receiver.recv()
        except (EOFError, OSError):
            return ("error", RuntimeError("Le processus de lecture du fichier s'est arrêté."))

    def receive_ahead() -> None:
        while not stop.is_set():
            entry = receive()
            while not stop.is_set():
                try:
                    arrived.put(entry, timeout=0.1)
                    break
                except queue.Full:
                    continue
            if entry[0] != "item":
                return

    thread = threading.Thread(target=receive_ahead, name="prefetch-receiver", daemon=True)
    if receiving_thread:
        thread.start()
    try:
        while True:
            kind, payload = arrived.get() if receiving_thread else receive()
            if kind == "error":
                raise payload
            if kind == "done":
                return
            yield payload
    finally:
        stop.set()
        if process.is_alive():
            process.terminate()
        process.join()
        if receiving_thread:
            thread.join()
        receiver.close()


def _widen_pipe(connection) -> None:
    """A 1 MiB pipe buffer instead of 64 KiB (Linux): a batch of a few MB then crosses in a few writes instead of
    forty context switches between the two processes."""
    try:
        import fcntl

        fcntl.fcntl(connection.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (ImportError, OSError):
        pass  # another system, or a lower limit: the default buffer works, a little slower


def _settle_reader() -> None:
    """The reader process works for throughput:

    - its scheduling priority is lowered: it works ahead of the writer, which waits for the database server — when
      both want the same core, the server should have it;
    - the garbage collector leaves alone the objects it was forked with (``gc.freeze``) and runs less often: rows
      are tuples and strings, without reference cycles, and collecting every 700 new objects through the whole
      heap was a fifth of the reading time (docs/benchmarks.md)."""
    with contextlib.suppress(AttributeError, OSError):  # another system: the same work, scheduled as it comes
        os.nice(READER_NICENESS)
    gc.freeze()
    gc.set_threshold(*FEW_COLLECTIONS)


READER_NICENESS = 10


def _produce(items: Iterator, sender, receiver) -> None:
    """The child's work: send every item, then "done" or the error that stopped it. The child closes its copy of
    the reading end, so that it fails to write (and ends) if the parent is gone."""
    receiver.close()
    _settle_reader()
    try:
        for item in items:
            sender.send(("item", item))
        sender.send(("done", None))
    except BaseException as exc:  # handed over to the parent
        try:
            sender.send(("error", exc))
        except Exception:  # an exception that does not pickle
            sender.send(("error", RuntimeError(repr(exc))))
    finally:
        sender.close()
