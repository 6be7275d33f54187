"""Response time of the main pages and API lists on the national data set, in-process (Django's test client, no
network): the median of many requests after one warm-up, and the number of SQL queries, beside the minimal view
(``/api/v1/health``, one query) and the floors of a signed-in page and of a token-authenticated answer
(bench/urls.py): each officer's page is also given as a share of its floor. Checks: every page answers 200 like the
minimal view."""

from __future__ import annotations

import statistics
import time

from .common import LIFTED_THROTTLE_RATES, Result, size, use_database

MINIMAL = "minimal view: /api/v1/health (one query)"
# What a page cannot cost less than (bench/urls.py): the project's middleware, the session, its user and his second
# factor — then the site's frame — or the API token's look-up.
SIGNED_IN = "floor: signed-in empty answer /bench/signed-in/ (Fès)"
FRAME = "floor: empty page in the site's frame /bench/frame/ (Fès)"
TOKEN = "floor: token-authenticated empty API answer /bench/api/token (agency token)"
QUEUE = "officer queue /registre/demandes/ (Fès)"
HOME = "national home (agency dashboard)"
DASHBOARD = "national dashboard /tableaux-de-bord/ (agency)"
APPLICATIONS = "GET /api/v1/applications?limit=50 (agency token)"
REGISTRATIONS = "GET /api/v1/registrations?limit=50 (agency token)"
FLOOR_OF = {QUEUE: FRAME, HOME: FRAME, DASHBOARD: FRAME, APPLICATIONS: TOKEN, REGISTRATIONS: TOKEN}


def is_floor(name: str) -> bool:
    return name.startswith("floor: ")


def targets() -> list[tuple[str, str, str | None, str]]:
    """(name, path, login e-mail or None, how: "session"|"token"|"anonymous") of the pages measured, the minimal
    view first, then the floors."""
    from moukawil.registry.models import Registration

    number = Registration.objects.filter(number__regex=r"^\d{4}-\d").order_by("pk").values_list("number", flat=True)
    return [
        (MINIMAL, "/api/v1/health", None, "anonymous"),
        (SIGNED_IN, "/bench/signed-in/", "ccis.fes@demo.moukawil.ma", "session"),
        (FRAME, "/bench/frame/", "ccis.fes@demo.moukawil.ma", "session"),
        (TOKEN, "/bench/api/token", "agence@demo.moukawil.ma", "token"),
        ("public verification page", f"/verifier/{number.first()}/", None, "anonymous"),
        ("public programme catalogue", "/programmes/", None, "anonymous"),
        (QUEUE, "/registre/demandes/", "ccis.fes@demo.moukawil.ma", "session"),
        (HOME, "/", "agence@demo.moukawil.ma", "session"),
        (DASHBOARD, "/tableaux-de-bord/", "agence@demo.moukawil.ma", "session"),
        (APPLICATIONS, "/api/v1/applications?limit=50", "agence@demo.moukawil.ma", "token"),
        (REGISTRATIONS, "/api/v1/registrations?limit=50", "agence@demo.moukawil.ma", "token"),
    ]


def run(scale: str, db: str) -> Result:
    use_database(db, scale)
    from django.conf import settings

    settings.THROTTLE_RATES = LIFTED_THROTTLE_RATES
    settings.ROOT_URLCONF = "bench.urls"  # the project's URLs and the reference views
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from moukawil.accounts.models import User
    from moukawil.accounts.services import api_token_create

    from .dataset import ensure

    ensure(scale)
    result = Result(f"pages in-process on the national data set ({size(scale, 'enterprises'):,} enterprises)")
    statuses = {}
    seconds: dict[str, float] = {}
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
                               reference=name == MINIMAL or is_floor(name))  # fmt: skip
        seconds[name] = value
        if name != MINIMAL:
            result.ratio(f"{name}: requests/s / minimal view's", seconds[MINIMAL] / value)
        if name in FLOOR_OF:
            result.ratio(f"{name}: requests/s / its floor's ({FLOOR_OF[name]})", seconds[FLOOR_OF[name]] / value)
        result.note(f"{name}: p90 {statistics.quantiles(timings, n=10)[-1] * 1000:.1f} ms")
    for name, status in statuses.items():
        result.check(f"HTTP status: {name}", status, 200)
    return result
