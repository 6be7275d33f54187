"""Reads that may go to a read replica of PostgreSQL: dashboards, figures and exports.

Every write goes to the primary (``default``). A read goes to the ``replica`` alias only when all of these hold:

- a replica is configured (``DATABASE_REPLICA_URL``; the tests configure it as a mirror of the primary);
- the code reading asked for it, with ``reading_replica()`` (a context manager and a view decorator) — pages that
  show figures computed over the register, exports and national dashboards; nothing else, so that a page showing
  one file after a decision never reads a lagging copy;
- nothing was written in the same request or task before (the router sees every ORM write; a request whose method
  is not safe counts as writing from its first line), and the browser has not written in the last
  ``REPLICA_PIN_SECONDS`` (a cookie set by ``ReplicaPinMiddleware``: the page shown after a redirect reads the
  primary, which has the user's own write);
- no transaction is open on the primary (what is read inside a transaction must be what that transaction sees).

``PrimaryReplicaRouter`` decides; ``reading_replica`` and the middleware only set the context it decides from.
"""

from __future__ import annotations

import contextvars
import functools
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connections

PRIMARY = "default"
REPLICA = "replica"
PIN_COOKIE = "moukawil_primary"

_wants_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("moukawil_wants_replica", default=False)
_wrote: contextvars.ContextVar[bool] = contextvars.ContextVar("moukawil_wrote", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def _replica_reads() -> Iterator[None]:
    token = _wants_replica.set(True)
    try:
        yield
    finally:
        _wants_replica.reset(token)


class _ReadingReplica:
    """``with reading_replica():`` around a block, or ``@reading_replica`` / ``@reading_replica()`` on a view or a
    function: the reads inside may be served by the replica (see the module's rules)."""

    def __call__(self, func: Callable | None = None) -> Any:
        if func is None:
            return _replica_reads()

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with _replica_reads():
                return func(*args, **kwargs)

        return wrapper


reading_replica = _ReadingReplica()


def mark_written() -> None:
    """What is read from now on in this request or task reads the primary."""
    _wrote.set(True)


def has_written() -> bool:
    return _wrote.get()


@contextmanager
def request_scope(*, writes: bool = False) -> Iterator[None]:
    """One request or task: the "wrote" flag starts clear (or set, for an unsafe method) and ends with it."""
    token = _wrote.set(writes)
    try:
        yield
    finally:
        _wrote.reset(token)


def read_alias() -> str:
    """Where a read goes now: the replica or the primary, by the rules above."""
    if not _wants_replica.get() or _wrote.get() or not replica_configured():
        return PRIMARY
    if connections[PRIMARY].in_atomic_block:
        return PRIMARY
    return REPLICA


def replica_bound(queryset):
    """The queryset bound to where a read goes now, for rows read later (a streamed export): the decision is taken
    here, not when the rows are fetched after the view and its ``reading_replica`` have returned."""
    alias = read_alias()
    return queryset.using(alias) if alias != PRIMARY else queryset


class PrimaryReplicaRouter:
    """``DATABASE_ROUTERS`` entry: writes to the primary, marked reads to the replica, migrations on the primary."""

    def db_for_read(self, model, **hints) -> str:
        return read_alias()

    def db_for_write(self, model, **hints) -> str:
        mark_written()
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # The replica is a copy of the primary: an object read from one may point at an object of the other.
        return True

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints) -> bool:
        # The replica receives the schema by replication, never by migrate.
        return db == PRIMARY


class ReplicaPinMiddleware:
    """Opens a request scope for the router and pins a browser that wrote to the primary for a few seconds, so the
    page it is redirected to shows its own write even when the replica lags."""

    SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        pinned = _pinned(request.COOKIES.get(PIN_COOKIE, ""))
        with request_scope(writes=pinned or request.method not in self.SAFE_METHODS):
            response = self.get_response(request)
            wrote = has_written()
        if wrote and request.method not in self.SAFE_METHODS and replica_configured():
            seconds = settings.REPLICA_PIN_SECONDS
            response.set_cookie(
                PIN_COOKIE, str(int(time.time()) + seconds), max_age=seconds, httponly=True, samesite="Lax",
                secure=request.is_secure(),
            )  # fmt: skip
        return response


def _pinned(value: str) -> bool:
    try:
        return int(value) >= time.time()
    except ValueError:
        return False
