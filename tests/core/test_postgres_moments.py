"""Moments read from PostgreSQL by psycopg's own loader (core.postgres): the same instants, aware, in UTC."""

import datetime
import zoneinfo

import pytest
from django.db import connection
from psycopg.pq import Format

from moukawil.core.models import Job

pytestmark = pytest.mark.django_db

CASABLANCA = zoneinfo.ZoneInfo("Africa/Casablanca")


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")


def test_a_moment_reads_back_as_the_same_instant_in_utc():
    written = datetime.datetime(2026, 2, 25, 2, 30, 15, 123456, tzinfo=CASABLANCA)  # Ramadan: UTC+0
    job = Job.objects.create(kind="x", started_at=written, heartbeat_at=datetime.datetime(1, 1, 1, tzinfo=datetime.UTC))
    values = Job.objects.values("started_at", "heartbeat_at").get(pk=job.pk)
    instance = Job.objects.get(pk=job.pk)
    for read in (values["started_at"], instance.started_at):
        assert read == written
        assert read.utcoffset() == datetime.timedelta(0) and read.tzinfo == datetime.UTC
        assert read.hour == 2 and read.microsecond == 123456
    assert values["heartbeat_at"] == datetime.datetime(1, 1, 1, tzinfo=datetime.UTC)


def test_a_summer_moment_keeps_its_instant():
    written = datetime.datetime(2026, 7, 14, 23, 59, 59, tzinfo=CASABLANCA)  # UTC+1
    job = Job.objects.create(kind="x", started_at=written)
    read = Job.objects.values_list("started_at", flat=True).get(pk=job.pk)
    assert read == written and read.hour == 22 and read.tzinfo == datetime.UTC


def test_every_cursor_keeps_psycopg_loader_rather_than_djangos_python_one():
    """Django registers its own (psycopg's loader in Python, then a time zone put back) on a cursor whose connection's
    loader does not name the same zone: ours must, or each cursor would undo it."""
    oid = connection.cursor().connection.adapters.types["timestamptz"].oid  # connects
    with connection.cursor() as cursor:
        loader = cursor.cursor.adapters.get_loader(oid, Format.TEXT)
    assert loader.__name__ == "UtcTimestamptzLoader"
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::timestamptz", [datetime.datetime(2026, 11, 30, 12, tzinfo=CASABLANCA)])
        assert cursor.fetchone()[0] == datetime.datetime(2026, 11, 30, 11, tzinfo=datetime.UTC)
