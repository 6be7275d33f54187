"""The business clock: the moment services record as "now" (submission, decision, registration date…).

It is the real time, except inside :func:`frozen`, which the demo generator uses to write years of history through
the same services (an application filed in 2019 gets a 2019 reference, registration number and dates). Audit rows
keep the real time of writing.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

from django.utils import timezone

_frozen: contextvars.ContextVar[datetime | None] = contextvars.ContextVar("moukawil_clock", default=None)


def now() -> datetime:
    return _frozen.get() or timezone.now()


def today() -> date:
    """Today in Morocco (Africa/Casablanca)."""
    return timezone.localdate(now())


@contextmanager
def frozen(moment: datetime) -> Iterator[None]:
    """Services called inside see ``moment`` as now (an aware datetime)."""
    if timezone.is_naive(moment):
        raise ValueError("frozen() attend une date et heure avec fuseau horaire.")
    token = _frozen.set(moment)
    try:
        yield
    finally:
        _frozen.reset(token)
