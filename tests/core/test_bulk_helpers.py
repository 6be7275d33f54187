"""The set-based helpers bulk imports rely on: ``__any`` look-ups, the reader process, id reservation."""

import multiprocessing
import os
from datetime import date

import pytest

from moukawil.core.bulk import prefetched
from moukawil.core.tabular import ImportFileError
from moukawil.registry.models import Person

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


def test_prefetched_yields_every_item_in_order_from_another_process():
    def items():
        for i in range(50):
            yield (i, os.getpid())

    received = list(prefetched(items()))
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


def test_prefetched_stops_its_process_when_the_consumer_stops_early():
    def items():
        yield from range(1_000_000)

    for item in prefetched(items()):
        if item == 3:
            break
    assert multiprocessing.active_children() == []
