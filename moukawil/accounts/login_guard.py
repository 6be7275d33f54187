"""Login attempts counted before the password is checked, even when they arrive all at once.

django-axes keeps the failures in the database and refuses an account or an address once it has too many (settings
``AXES_*``). On its own it checks the count, then the password, then writes the failure: a hundred attempts sent in
parallel all read "no failure yet" and all get their password checked. This middleware makes the attempts on one
account and from one address take their turn: each login POST runs in one transaction that first takes a lock per
account and per address (PostgreSQL: advisory locks; SQLite: every transaction holds the write lock from its start),
so the failure an attempt records is seen by the next one, and the sixth attempt is refused before any password
check."""

from __future__ import annotations

import hashlib

from axes.helpers import get_client_ip_address
from django.db import connection, transaction
from django.urls import reverse

_USERNAME_FIELD = "username"


def _lock_key(text: str) -> int:
    """A signed 64-bit key for ``pg_advisory_xact_lock``."""
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big", signed=True)


def login_paths() -> set[str]:
    return {reverse("login"), reverse("admin:login")}


def serialize_attempt(request) -> None:
    """Inside the caller's transaction: wait for the attempts on the same account or from the same address."""
    if connection.vendor != "postgresql":
        return  # SQLite: the IMMEDIATE transaction already waits for the write lock
    username = (request.POST.get(_USERNAME_FIELD) or "").strip().lower()
    keys = sorted({_lock_key(f"login:user:{username}"), _lock_key(f"login:ip:{get_client_ip_address(request)}")})
    with connection.cursor() as cursor:
        for key in keys:  # always in the same order: two attempts never wait for each other's second lock
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


class SerializedLoginMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._paths: set[str] | None = None

    def __call__(self, request):
        if request.method != "POST":
            return self.get_response(request)
        if self._paths is None:
            self._paths = login_paths()
        if request.path not in self._paths:
            return self.get_response(request)
        with transaction.atomic():
            serialize_attempt(request)
            return self.get_response(request)


def locked_out(request, original_response=None, credentials=None):
    """The page django-axes shows to a refused attempt (``AXES_LOCKOUT_CALLABLE``): why, and until when."""
    from django.conf import settings
    from django.shortcuts import render

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


def attempt_username(request, credentials=None) -> str:
    """The account an attempt is for (``AXES_USERNAME_CALLABLE``), written as accounts are: e-mail in lower case."""
    value = (credentials or {}).get("username") or request.POST.get(_USERNAME_FIELD) or ""
    return str(value).strip().lower()
