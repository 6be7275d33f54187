"""A list's ``count``: exact for a small list; a large one (a national agency's million registrations) is counted
once a minute per query instead of at every page."""

from datetime import date

import pytest

from moukawil.accounts.enums import Role
from moukawil.core import counts
from tests.factories import UserFactory
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


@pytest.mark.django_db
def test_a_kept_count_belongs_to_its_readers_scope_and_filters(
    client, fes, casa, activities, agency_officer, officer_fes, monkeypatch
):
    """The count is kept under the list, its filters and the reader's scope: a chamber officer never reads the
    national agency's kept count, nor the agency a chamber's."""
    from moukawil.accounts.services import api_token_create

    make_registrations(fes, date(2024, 3, 1), 3)
    make_registrations(casa, date(2024, 3, 1), 4)
    monkeypatch.setattr(counts, "EXACT_BELOW", 3)

    def count(user, query=""):
        token = api_token_create(actor=user, user=user, name="liste")[1]
        response = client.get(f"/api/v1/registrations?limit=1{query}", HTTP_AUTHORIZATION=f"Bearer {token}")
        return response.json()["count"]

    assert count(agency_officer) == 7
    assert count(officer_fes) == 3  # his region only, though the agency's 7 is kept
    make_registrations(fes, date(2024, 3, 2), 1)
    assert count(agency_officer) == 7 and count(officer_fes) == 3  # both kept
    assert count(agency_officer, f"&region={casa.code}") == 4  # Casablanca-Settat by a filter: another list
    officer_fes.region = casa
    officer_fes.save()
    assert count(officer_fes) == 4  # moved to Casablanca: another scope
    officer_fes.is_superuser = True
    officer_fes.save()
    assert count(officer_fes) == 7  # an administrator sees the country: the national count, kept
    ministry = UserFactory(role=Role.VIEWER)
    assert count(ministry) == 7  # who sees what the agency sees shares its kept count (one count a minute)
    officer_fes.is_superuser = False
    officer_fes.save()
    assert count(officer_fes) == 4  # no longer an administrator: his region's again, at once


@pytest.mark.django_db
def test_the_homes_work_counts_are_kept_a_minute_once_large_and_per_scope(
    submit, fes, agency_officer, officer_fes, monkeypatch
):
    """The national home counts the country's open files (88,000 at national scale) at most once a minute; a chamber
    whose files are fewer than the threshold sees its exact figure at every page."""
    from django.core.cache import cache

    from moukawil.registry.selectors import work_counts

    submit(cin="BK100001")
    submit(cin="BK100002")
    monkeypatch.setattr(counts, "EXACT_BELOW", 2)
    assert work_counts(user=agency_officer)[fes.pk]["submitted"] == 2
    submit(cin="BK100003")
    assert work_counts(user=agency_officer)[fes.pk]["submitted"] == 2  # kept
    monkeypatch.setattr(counts, "EXACT_BELOW", 10)
    assert work_counts(user=officer_fes)[fes.pk]["submitted"] == 3  # another scope, below the threshold: exact
    cache.clear()  # a minute later
    assert work_counts(user=agency_officer)[fes.pk]["submitted"] == 3


@pytest.mark.django_db
def test_the_late_declarations_count_is_kept_once_large_per_scope_period_and_day(
    fes, casa, activities, agency_officer, officer_casa, monkeypatch
):
    from moukawil.declarations.periods import Period
    from moukawil.declarations.selectors import follow_up_counts

    make_registrations(fes, date(2019, 3, 1), 3)
    make_registrations(casa, date(2019, 3, 1), 1)
    quarter, today = Period(2024, "quarterly", 1), date(2026, 11, 30)
    monkeypatch.setattr(counts, "EXACT_BELOW", 4)
    assert follow_up_counts(user=agency_officer, period=quarter, today=today)[fes.pk]["missing"] == 3
    make_registrations(fes, date(2019, 3, 2), 2)
    assert follow_up_counts(user=agency_officer, period=quarter, today=today)[fes.pk]["missing"] == 3  # kept
    assert (
        follow_up_counts(user=agency_officer, period=Period(2024, "quarterly", 2), today=today)[fes.pk]["missing"] == 5
    )  # another period: counted
    assert follow_up_counts(user=agency_officer, period=quarter, today=date(2026, 12, 1))[fes.pk]["missing"] == 5
    assert fes.pk not in follow_up_counts(user=officer_casa, period=quarter, today=today)  # his region only


def _reader(key: str, computed: list[int]):
    """A reader of the count kept under ``key`` whose computation gives ``value`` (noted in ``computed``)."""

    def count(value: int) -> int:
        def compute():
            computed.append(value)
            return value

        return counts.kept_when_large(key, compute, lambda n: n, seconds=60)

    return count


def test_an_expired_count_is_computed_again_by_one_reader_while_the_others_read_the_previous_one(monkeypatch):
    from django.core.cache import cache

    clock = [1000.0]
    monkeypatch.setattr(counts.time, "time", lambda: clock[0])
    monkeypatch.setattr(counts, "EXACT_BELOW", 10)
    computed: list[int] = []
    count = _reader("count:test", computed)

    assert count(50) == 50 and count(51) == 50  # kept
    clock[0] += 61  # expired
    cache.add("count:test:computing", 1, 60)  # another reader is computing it
    assert count(52) == 50 and computed == [50]  # the previous value, nothing computed
    cache.delete("count:test:computing")
    assert count(53) == 53 and count(54) == 53  # computed again by this reader, then kept
    clock[0] += 61
    assert count(3) == 3 and count(4) == 4  # small again: exact at each read
    assert computed == [50, 53, 3, 4]


def test_a_large_count_missing_from_the_cache_is_awaited_from_the_reader_computing_it(monkeypatch):
    from django.core.cache import cache

    monkeypatch.setattr(counts, "EXACT_BELOW", 10)
    computed: list[int] = []
    count = _reader("count:wait", computed)

    assert count(50) == 50
    cache.delete("count:wait")  # gone (a cleared cache), but known to be large
    cache.add("count:wait:computing", 1, 60)  # another reader is computing it

    def the_other_reader_is_done(seconds):
        cache.set("count:wait", counts._Kept(70, counts.time.time() + 60), 120)
        cache.delete("count:wait:computing")

    monkeypatch.setattr(counts.time, "sleep", the_other_reader_is_done)
    assert count(60) == 70 and computed == [50]  # his value, nothing computed here

    cache.clear()  # a count never seen large: computed at once, whoever else is computing it
    cache.add("count:wait:computing", 1, 60)
    monkeypatch.setattr(counts.time, "sleep", lambda s: pytest.fail("a small count waited"))
    assert count(3) == 3 and count(4) == 4
