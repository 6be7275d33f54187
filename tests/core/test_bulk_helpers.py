"""The set-based helpers bulk imports rely on: ``__any`` look-ups, the reader process, id reservation."""

import multiprocessing
import os
import threading
from datetime import date

import pytest
from django.db import transaction

from moukawil.core.bulk import prefetched, reserve_ids
from moukawil.core.tabular import ImportFileError
from moukawil.registry.models import Application, Person

pytestmark = pytest.mark.django_db


def test_any_lookup_matches_text_and_dates_like_in(submit):
    person = submit().person
    assert list(Person.objects.filter(cin__any=[person.cin, "ZZ999999"])) == [person]
    assert list(Person.objects.filter(birth_date__any=[person.birth_date, date(1901, 1, 1)])) == [person]
    assert list(Person.objects.filter(pk__any=[person.pk])) == [person]
    assert not Person.objects.filter(cin__any=["ZZ999999"]).exists()


def test_any_lookup_with_an_empty_list_matches_nothing(submit):
    submit()
    assert list(Person.objects.filter(cin__any=[])) == []
    assert Person.objects.exclude(cin__any=[]).count() == 1


@pytest.mark.parametrize("receiving_thread", [False, True])
def test_prefetched_yields_every_item_in_order_from_another_process(receiving_thread):
    def items():
        for i in range(50):
            yield (i, os.getpid())

    received = list(prefetched(items(), receiving_thread=receiving_thread))
    assert [i for i, _pid in received] == list(range(50))
    assert {pid for _i, pid in received} != {os.getpid()}


def test_prefetched_raises_the_producers_error_after_the_items_before_it():
    def items():
        yield 1
        yield 2
        raise ImportFileError("import.encoding", "Le fichier n'est pas encodé en UTF-8 (ligne 3).")

    seen = []
    with pytest.raises(ImportFileError, match="ligne 3") as raised:
        for item in prefetched(items()):
            seen.append(item)
    assert seen == [1, 2]
    assert raised.value.code == "import.encoding"


@pytest.mark.parametrize("receiving_thread", [False, True])
def test_prefetched_stops_its_process_when_the_consumer_stops_early(receiving_thread):
    def items():
        yield from range(1_000_000)

    for item in prefetched(items(), receiving_thread=receiving_thread):
        if item == 3:
            break
    assert multiprocessing.active_children() == []
    assert not any(t.name == "prefetch-receiver" for t in threading.enumerate())


def test_any_lookup_on_a_foreign_key_and_with_a_set(submit):
    application = submit()
    assert list(Application.objects.filter(person_id__any={application.person_id, 0})) == [application]


def test_reserved_ids_are_distinct_and_after_every_id_ever_given(submit):
    first = submit(cin="AB100001").person
    last = submit(cin="AB100002").person
    last_pk = last.pk
    last.applications.all().delete()
    last.delete()
    with transaction.atomic():
        ids = reserve_ids(Person, 3)
    assert len(set(ids)) == 3
    assert min(ids) > last_pk > first.pk  # a deleted person's id is not reused
    # (That rows written with them do not collide with later ones: tests/registry/test_imports.py.)


def test_foreign_keys_are_checked_as_the_rows_are_written_then_deferred_again_for_the_caller():
    from django.db import connection

    from moukawil.core.bulk import checked_as_written, insert_rows
    from moukawil.registry.models import ApplicationTransition

    row = [(10**9, "submit", "draft", "submitted", "", "2026-01-01T00:00:00+00:00")]
    fields = ["application", "name", "from_state", "to_state", "reason", "created_at"]
    with transaction.atomic():
        with checked_as_written():
            if connection.vendor == "postgresql":  # SQLite checks its foreign keys at the commit, as before
                # (COPY is psycopg's own: its error is psycopg's ForeignKeyViolation, not Django's IntegrityError)
                with pytest.raises(Exception, match="foreign key"), transaction.atomic():
                    insert_rows(ApplicationTransition, fields, row)  # an application that does not exist
        # Deferred again: the caller's transaction may write a row before the row it points at.
        insert_rows(ApplicationTransition, fields, row)
        assert ApplicationTransition.objects.filter(application_id=10**9).exists()
        transaction.set_rollback(True)
