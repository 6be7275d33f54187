"""Response time of the main pages and API lists on the national data set, in-process (Django's test client, no
network): the median of many requests after one warm-up, and the number of SQL queries, beside the minimal view
(``/api/v1/health``, one query). Checks: every page answers 200 like the minimal view."""

from __future__ import annotations

import statistics
import time

from .common import LIFTED_THROTTLE_RATES, Result, size, use_database


def targets() -> list[tuple[str, str, str | None, str]]:
    """(name, path, login e-mail or None, how: "session"|"token"|"anonymous") of the pages measured."""
    from moukawil.registry.models import Registration

    number = Registration.objects.filter(number__regex=r"^\d{4}-\d").order_by("pk").values_list("number", flat=True)
    return [
        ("minimal view: /api/v1/health (one query)", "/api/v1/health", None, "anonymous"),
        ("public verification page", f"/verifier/{number.first()}/", None, "anonymous"),
        ("public programme catalogue", "/programmes/", None, "anonymous"),
        ("officer queue /registre/demandes/ (Fès)", "/registre/demandes/", "ccis.fes@demo.moukawil.ma", "session"),
        ("national home (agency dashboard)", "/", "agence@demo.moukawil.ma", "session"),
        ("national dashboard /tableaux-de-bord/ (agency)", "/tableaux-de-bord/", "agence@demo.moukawil.ma", "session"),
        ("GET /api/v1/applications?limit=50 (agency token)", "/api/v1/applications?limit=50",
         "agence@demo.moukawil.ma", "token"),
        ("GET /api/v1/registrations?limit=50 (agency token)", "/api/v1/registrations?limit=50",
         "agence@demo.moukawil.ma", "token"),
    ]  # fmt: skip


def run(scale: str, db: str) -> Result:
    use_database(db, scale)
    from django.conf import settings

    settings.THROTTLE_RATES = LIFTED_THROTTLE_RATES
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from moukawil.accounts.models import User
    from moukawil.accounts.services import api_token_create

    from .dataset import ensure

    ensure(scale)
    result = Result(f"pages in-process on the national data set ({size(scale, 'enterprises'):,} enterprises)")
    statuses = {}
    minimal = None
    for name, path, email, how in targets():
        client = Client(HTTP_HOST="127.0.0.1")
        if how == "session":
            client.force_login(User.objects.get(email=email))
        elif how == "token":
            user = User.objects.get(email=email)
            client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {api_token_create(actor=user, user=user, name='b')[1]}"
        client.get(path)
        timings = []
        for _ in range(30):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(path)
                timings.append(time.perf_counter() - start)
            statuses[name] = response.status_code
        value = result.measure(f"{name} [{len(queries)} queries]", timings, count=1, unit="requests",
                               reference=minimal is None)  # fmt: skip
        if minimal is None:
            minimal = value
        else:
            result.ratio(f"{name}: requests/s / minimal view's", minimal / value)
        result.note(f"{name}: p90 {statistics.quantiles(timings, n=10)[-1] * 1000:.1f} ms")
    for name, status in statuses.items():
        result.check(f"HTTP status: {name}", status, 200)
    return result
