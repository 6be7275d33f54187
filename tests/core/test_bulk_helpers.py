"""The set-based helpers bulk imports rely on: ``__any`` look-ups and the prefetching reader."""

import threading
from datetime import date

import pytest

from moukawil.core.bulk import prefetched
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


def test_prefetched_yields_every_item_in_order_from_another_thread():
    threads = []

    def items():
        for i in range(50):
            threads.append(threading.current_thread().name)
            yield i

    assert list(prefetched(items())) == list(range(50))
    assert set(threads) == {"prefetch"}


def test_prefetched_raises_the_producers_error_after_the_items_before_it():
    def items():
        yield 1
        yield 2
        raise ValueError("ligne 3 illisible")

    seen = []
    with pytest.raises(ValueError, match="ligne 3"):
        for item in prefetched(items()):
            seen.append(item)
    assert seen == [1, 2]


def test_prefetched_stops_its_thread_when_the_consumer_stops_early():
    produced = []

    def items():
        for i in range(10_000):
            produced.append(i)
            yield i

    for item in prefetched(items(), depth=2):
        if item == 3:
            break
    assert len(produced) < 10
    assert not any(t.name == "prefetch" for t in threading.enumerate())
