"""Counts over the national register that are read on every page (a list's total, a home page's work counts): exact
while they are small; once large, computed at most once per period for the same query and kept in the cache.

A national agency sees a million registrations: counting them, or those late with a declaration, at every page took
50 ms to 800 ms on PostgreSQL (docs/benchmarks.md) — for a figure nobody reads to the unit. Below ``EXACT_BELOW``
nothing is kept, so a small list, a chamber's queue and every test read exact figures."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator as DjangoPaginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

T = TypeVar("T")
EXACT_BELOW = 10_000


def key_of(prefix: str, made_of) -> str:
    """A cache key ``prefix:digest`` naming a value by what it is made of (a tuple whose ``repr`` is stable: the
    reader's scope, the filters, the day…)."""
    return f"{prefix}:{hashlib.sha256(repr(made_of).encode()).hexdigest()}"


def query_key(queryset: QuerySet, purpose: str) -> str | None:
    """A cache key naming ``queryset``'s SQL and parameters (its filters and the reader's scope, which are part of
    it); None for a query that cannot be written (a filter that keeps nothing)."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return None
    return key_of(f"count:{purpose}", f"{queryset.db}|{sql}|{params!r}")


def request_key(request, purpose: str, *, shared_by_scope: bool = False) -> str:
    """A cache key naming an API list by what its queryset is made of: the endpoint, its filters (every query
    parameter but the page's ``limit`` and ``offset``) and the reader — his account, or, for a list that depends
    on the reader only through ``visible_to`` (``shared_by_scope``), what he may see (``scoping.scope_key``: the
    agency's officers and the ministry's viewers share one count of the national register). Naming it by its
    compiled SQL (``query_key``) compiled the query at every request only to look the count up: 1.5 ms of a 50-row
    page (docs/benchmarks.md, session 9)."""
    from moukawil.accounts.scoping import scope_key

    user = request.user
    reader = scope_key(user) if shared_by_scope else (user.pk, scope_key(user))
    filters = sorted((k, v) for k, v in request.GET.lists() if k not in {"limit", "offset"})
    return key_of(f"count:{purpose}", (request.path, filters, reader))


@dataclass(frozen=True)
class _Kept:
    value: Any
    fresh_until: float


WAIT_SECONDS = 5  # how long a reader waits for another computing a large count missing from the cache


def kept_when_large(key: str | None, compute: Callable[[], T], size: Callable[[T], int], *, seconds: int) -> T:
    """``compute()``, or its value kept under ``key`` — kept for ``seconds`` only when ``size(value)`` reaches
    ``EXACT_BELOW``. One reader computes a large count while the others read the previous value (once it expired) or
    wait for his (when the cache has none, up to ``WAIT_SECONDS``): sixteen threads counting the country's late
    declarations at once (0.8 s each) made the national home's slowest answers (docs/benchmarks.md, session 10). A
    count that was small is computed by each reader, at once."""
    if key is None:
        return compute()
    computing, large = f"{key}:computing", f"{key}:large"
    kept = cache.get_many([key, large])  # one round trip with Redis
    found = kept.get(key) if isinstance(kept.get(key), _Kept) else None
    was_large = large in kept
    if found is not None and found.fresh_until > time.time():
        return found.value
    shared = found is not None or was_large  # a large count: one reader computes it
    locked = shared and cache.add(computing, 1, seconds)
    if shared and not locked:
        if found is not None:
            return found.value  # expired: another reader is computing it
        deadline = time.time() + WAIT_SECONDS
        while time.time() < deadline and cache.get(computing) is not None:
            time.sleep(0.05)
            waited = cache.get(key)
            if isinstance(waited, _Kept):
                return waited.value
    try:
        value = compute()
        if size(value) >= EXACT_BELOW:
            cache.set(key, _Kept(value, time.time() + seconds), 2 * seconds)  # then read while computed again
            cache.set(large, 1, 24 * 3600)
        elif shared:
            cache.delete_many([key, large])  # small again: exact from now on
        return value
    finally:
        if locked:
            cache.delete(computing)


def large_count(queryset: QuerySet, purpose: str, *, seconds: int = 60, key: str | None = None) -> int:
    """``queryset.count()``, kept ``seconds`` for the same query (or under ``key``, when the caller can name the
    query without compiling it: ``request_key``) once it reaches ``EXACT_BELOW``."""
    key = key or query_key(queryset, purpose)
    return kept_when_large(key, queryset.count, lambda n: n, seconds=seconds)


class Paginator(DjangoPaginator):
    """Django's paginator with the count of a large list kept a minute (``kept_when_large``): the national lists
    of the register and the enterprises, whose every page counted every visible row."""

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if not isinstance(rows, QuerySet):
            return super().count
        return large_count(rows, "page")
