"""Response time of the main pages on a database filled by `moukawil demo-data --scale national`.

    SQLITE_PATH=/tmp/nat.sqlite3 uv run python bench/pages.py
    DATABASE_URL=postgres://… uv run python bench/pages.py

Uses Django's test client in-process (no network), 20 requests a page after one warm-up; prints the median and
the number of SQL queries per request.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ["DJANGO_DEBUG"] = "0"

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from moukawil.accounts.models import User  # noqa: E402

PAGES = [
    ("agence@demo.moukawil.ma", "/"),
    ("ccis.fes@demo.moukawil.ma", "/"),
    ("ccis.fes@demo.moukawil.ma", "/organisations/"),
    ("agence@demo.moukawil.ma", "/journal/"),
    ("agence@demo.moukawil.ma", "/api/v1/audit-events?limit=50"),
]


def main() -> None:
    print(f"database: {connection.vendor}, {User.objects.count()} accounts")
    for email, path in PAGES:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(User.objects.get(email=email))
        client.get(path)
        timings = []
        for _ in range(20):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(path)
                timings.append(time.perf_counter() - start)
            assert response.status_code == 200, (path, response.status_code)
        print(f"  {email:<28} {path:<32} median {statistics.median(timings) * 1000:6.1f} ms  {len(queries)} queries")


if __name__ == "__main__":
    main()
