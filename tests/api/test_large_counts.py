"""A list's ``count``: exact for a small list; a large one (a national agency's million registrations) is counted
once a minute per query instead of at every page."""

from datetime import date

import pytest

from moukawil.core import counts
from tests.indicators.rows import make_registrations


@pytest.mark.django_db
def test_a_large_count_is_kept_a_minute_per_query_and_a_small_one_is_exact(
    as_user, fes, activities, agency_officer, monkeypatch
):
    api = as_user(agency_officer)
    make_registrations(fes, date(2024, 3, 1), 2)
    assert api.get("/api/v1/registrations?limit=1").json()["count"] == 2
    make_registrations(fes, date(2024, 3, 2), 1)
    assert api.get("/api/v1/registrations?limit=1").json()["count"] == 3  # small: exact at every page

    monkeypatch.setattr(counts, "EXACT_BELOW", 3)  # as if 3 were 10,000
    assert api.get("/api/v1/registrations?limit=1").json()["count"] == 3
    make_registrations(fes, date(2024, 3, 3), 2)
    assert api.get("/api/v1/registrations?limit=1&offset=1").json()["count"] == 3  # the same query: kept
    assert api.get("/api/v1/registrations?limit=1&status=active").json()["count"] == 5  # another query: counted
    from django.core.cache import cache

    cache.clear()  # a minute later
    assert api.get("/api/v1/registrations?limit=1").json()["count"] == 5


@pytest.mark.django_db
def test_the_pages_paginator_keeps_a_large_count_and_counts_a_small_one(fes, activities, monkeypatch):
    from moukawil.core.counts import Paginator
    from moukawil.registry.models import Registration

    make_registrations(fes, date(2024, 3, 1), 3)
    rows = Registration.objects.order_by("pk")
    assert Paginator(rows, 2).count == 3
    monkeypatch.setattr(counts, "EXACT_BELOW", 4)
    make_registrations(fes, date(2024, 3, 2), 1)
    assert Paginator(rows, 2).count == 4  # now large: kept
    make_registrations(fes, date(2024, 3, 3), 1)
    assert Paginator(rows, 2).count == 4
    assert Paginator(rows.filter(region=fes), 2).count == 5  # another query
    assert Paginator(list(rows), 2).count == 5  # a list is counted as it is
