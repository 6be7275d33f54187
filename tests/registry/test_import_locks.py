"""A validation reads, and holds no write lock: on SQLite (one writer at a time, transactions begun IMMEDIATE)
another user's write went on only after the whole validation (14.6 s); here it goes on during it."""

import threading
import time

import pytest
from django.db import connection, connections

from moukawil.registry.imports import import_file, write_sample_csv
from moukawil.territory.models import Organisation
from tests.registry.test_imports import good_row


@pytest.mark.django_db(transaction=True)
def test_another_users_write_proceeds_while_a_file_is_validated(tmp_path, activities, officer_fes):
    path = tmp_path / "gros.csv"
    path.write_bytes(write_sample_csv([good_row(i) for i in range(1200)]))
    organisation = Organisation.objects.first()
    waits: list[float] = []

    def write_elsewhere() -> None:
        started = time.monotonic()
        try:
            Organisation.objects.filter(pk=organisation.pk).update(city="Fès")
        finally:
            connections.close_all()  # this thread's connection
        waits.append(time.monotonic() - started)

    def progress(phase, done, total):
        if waits or phase != "validation":
            return
        writer = threading.Thread(target=write_elsewhere)
        writer.start()
        writer.join(timeout=10)
        assert not writer.is_alive(), "another user's write waited for the validation"
        if connection.vendor == "sqlite":
            assert not connection.in_atomic_block  # no BEGIN IMMEDIATE, no write lock

    report = import_file(path, actor=officer_fes, mode="validate", progress=progress)
    assert report.valid == 1200 and waits and waits[0] < 5
    assert Organisation.objects.get(pk=organisation.pk).city == "Fès"
