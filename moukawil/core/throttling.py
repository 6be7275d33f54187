"""Request rates (docs/security.md): the API per account (tokens and sessions) and per address (anonymous calls),
the public verification per address — page and API together. Counted in Django's cache: one process's memory by
default (the demo), shared by every process when CACHE_URL names Redis (production: set it, or each process counts
on its own). Rates in settings ``THROTTLE_RATES``, read at each request."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from ninja.throttling import SimpleRateThrottle

_clock = time.time  # the throttles' clock (a test moves it)


class SettingsRateThrottle(SimpleRateThrottle):
    """A throttle whose rate is ``THROTTLE_RATES[scope]``; thread-safe (nothing kept on the shared instance)."""

    scope = ""

    def __init__(self) -> None:  # the rate is read per request, not once at import
        pass

    def ident(self, request) -> str | None:
        raise NotImplementedError

    def retry_after(self, request) -> int | None:
        """Seconds until the next request is let through, or None if it would be now (and it is counted).

        A sliding window estimated from two counters (this window's and the previous one's, weighted by how much of
        it still overlaps the last ``duration`` seconds): constant work per request. The list of every request's
        time that Ninja's throttle keeps was read, filtered and written back whole at each request — tens of
        thousands of entries for a partner system's busy account, most of a list's cost under load
        (docs/benchmarks.md)."""
        key = self.ident(request)
        if key is None:
            return None
        count, duration = self.parse_rate(settings.THROTTLE_RATES[self.scope])
        assert count is not None and duration is not None
        now = _clock()
        window = int(now // duration)
        current, previous = self._key(key, window), self._key(key, window - 1)
        found = cache.get_many([current, previous])
        in_window, before = found.get(current, 0), found.get(previous, 0)
        overlap = 1 - (now - window * duration) / duration  # share of the previous window still in the last period
        if before * overlap + in_window >= count:
            if before and in_window < count:  # the previous window's weight falls below what is left
                wait = duration * (overlap - (count - in_window) / before)
            else:  # this window is full by itself: until the next one
                wait = (window + 1) * duration - now
            return max(1, int(wait) + 1)
        cache.add(current, 0, 2 * duration)
        try:
            cache.incr(current)
        except ValueError:  # expired between the two calls
            cache.set(current, 1, 2 * duration)
        return None

    def _key(self, ident: str, window: int) -> str:
        return f"throttle:{self.scope}:{ident}:{window}"

    def allow_request(self, request) -> bool:
        request._moukawil_wait = self.retry_after(request)
        return request._moukawil_wait is None

    def wait(self) -> float | None:
        return None  # the 429's Retry-After is set by the API's error handler (api.errors)


class AccountThrottle(SettingsRateThrottle):
    """Authenticated API calls, per account (a token and a session of one person count together)."""

    scope = "api_account"

    def ident(self, request):
        pk = getattr(getattr(request, "auth", None), "pk", None)
        return str(pk) if pk else None


class AnonymousThrottle(SettingsRateThrottle):
    """API calls with no account (the public operations), per address."""

    scope = "api_anonymous"

    def ident(self, request):
        return None if getattr(getattr(request, "auth", None), "pk", None) else client_address(request)


class VerificationThrottle(SettingsRateThrottle):
    """The public verification of a number, per address, the page and the API together: enough for people checking
    documents, too little to walk the register."""

    scope = "verification"

    def ident(self, request):
        return client_address(request)


def client_address(request) -> str:
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or "unknown"
