import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, transaction

from moukawil.core.models import NumberCounter
from moukawil.core.numbering import number_allocate, number_allocate_block, number_format, number_last


@pytest.mark.django_db
def test_numbers_follow_each_other_per_series_and_year():
    assert [number_allocate(series="RNAE", year=2026) for _ in range(3)] == [1, 2, 3]
    assert number_allocate(series="RNAE", year=2027) == 1
    assert number_allocate(series="PERMIS", year=2026) == 1
    assert number_last(series="RNAE", year=2026) == 3


@pytest.mark.django_db
def test_a_failed_issuing_transaction_gives_its_number_back():
    number_allocate(series="RNAE", year=2026)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert number_allocate(series="RNAE", year=2026) == 2
        raise RuntimeError("the certificate could not be written")
    assert number_allocate(series="RNAE", year=2026) == 2


def test_printed_form_is_zero_padded():
    assert number_format(series="RNAE", year=2026, value=123) == "RNAE-2026-000123"


@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_allocations_give_fifty_consecutive_numbers():
    """Each thread has its own database connection, as concurrent requests do (row lock on PostgreSQL,
    BEGIN IMMEDIATE on SQLite)."""
    start = threading.Barrier(50)

    def allocate(_):
        try:
            start.wait()
            with transaction.atomic():
                return number_allocate(series="RNAE", year=2026)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=50) as pool:
        numbers = list(pool.map(allocate, range(50)))

    assert sorted(numbers) == list(range(1, 51))
    assert NumberCounter.objects.get(series="RNAE", year=2026).last_value == 50


@pytest.mark.django_db
def test_a_block_reserves_consecutive_numbers():
    assert number_allocate(series="DEM", year=2026) == 1
    assert number_allocate_block(series="DEM", year=2026, count=500) == 2
    assert number_allocate(series="DEM", year=2026) == 502
    assert number_allocate_block(series="NEW", year=2026, count=3) == 1
