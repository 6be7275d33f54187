"""PostgreSQL connections: moments (``timestamptz``) read by psycopg's own loader, written in C.

Django reads every ``timestamptz`` through a loader of its own (``BaseTzLoader``): psycopg's loader *in Python*,
followed by ``replace(tzinfo=…)`` — 2.3 µs a value, a third of the client's time to read a page of 50 applications
with their three moments (0.62 → 0.27 ms, docs/benchmarks.md, session 10). Django needs it only where the
connection's time zone differs from its own. Ours is UTC on both sides (``USE_TZ``, no ``TIME_ZONE`` per database):
psycopg's loader — in C with ``psycopg[binary]`` — then gives the same aware datetimes in UTC, and is registered on
each new connection instead (``connection_created``, ``core.apps``). Anywhere else, Django's stays.
"""

from __future__ import annotations

import datetime
import functools

from django.conf import settings


@functools.cache
def _utc_loader():
    """A loader handing each value to psycopg's default ``timestamptz`` text loader (its C implementation when
    installed, which cannot be subclassed), with the ``timezone`` attribute Django compares before registering its own
    on each cursor (``DatabaseWrapper.create_cursor``)."""
    from psycopg import abc, adapters
    from psycopg.adapt import Loader
    from psycopg.pq import Format

    psycopg_loader = adapters.get_loader(adapters.types["timestamptz"].oid, Format.TEXT)
    if psycopg_loader is None:  # psycopg always has one; without it, Django's stays
        return None
    base: type[abc.Loader] = psycopg_loader

    class UtcTimestamptzLoader(Loader):
        timezone = datetime.UTC

        def __init__(self, oid, context=None):
            super().__init__(oid, context)
            self._load = base(oid, context).load

        def load(self, data):
            return self._load(data)

    return UtcTimestamptzLoader


def use_psycopg_timestamp_loader(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: on a PostgreSQL connection in UTC, psycopg's loader for moments."""
    if connection.vendor != "postgresql" or not settings.USE_TZ or connection.timezone != datetime.UTC:
        return
    if connection.timezone_name != "UTC" or connection.connection.info.parameter_status("TimeZone") != "UTC":
        return
    loader = _utc_loader()
    if loader is not None:
        connection.connection.adapters.register_loader("timestamptz", loader)
