"""Concurrent requests, each on its own database connection as in production."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from django.db import connection
from django.utils import timezone

from moukawil.core.errors import Conflict
from moukawil.registry.enums import Channel
from moukawil.registry.models import Application, Person, Registration
from moukawil.registry.services import ApplicantData, application_create, application_transition
from moukawil.territory.models import Province


def in_parallel(count, work):
    barrier = threading.Barrier(count)

    def run(index):
        try:
            barrier.wait()
            return work(index)
        except Exception as exc:
            return exc
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def applicant(cin, province):
    return ApplicantData(
        cin=cin, first_name="Samira", last_name=f"Test{cin}", gender="F", birth_date=date(1988, 3, 2), province=province
    )


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_approvals_give_fifty_consecutive_numbers(activities, officer_fes):
    province = Province.objects.get(code="MA-FES")
    files = [
        application_create(
            actor=officer_fes,
            applicant=applicant(f"BK{5000 + i}", province),
            activity=activities["SRV-001"],
            channel=Channel.COUNTER,
        )
        for i in range(50)
    ]
    outcomes = in_parallel(
        50, lambda i: application_transition(actor=officer_fes, application=files[i], name="approve")
    )

    assert [o for o in outcomes if isinstance(o, Exception)] == []
    year = timezone.localdate().year
    sequences = sorted(Registration.objects.filter(year=year).values_list("sequence", flat=True))
    assert sequences == list(range(1, 51))
    assert Registration.objects.values("number").distinct().count() == 50


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_applications_for_one_cin_give_one_file_and_one_refusal(activities, officer_fes):
    province = Province.objects.get(code="MA-FES")
    outcomes = in_parallel(
        2,
        lambda i: application_create(
            actor=officer_fes,
            applicant=applicant("CD777777", province),
            activity=activities["SRV-001"],
            channel=Channel.COUNTER,
        ),
    )
    refusals = [o for o in outcomes if isinstance(o, Exception)]
    assert len(refusals) == 1
    assert isinstance(refusals[0], Conflict)
    assert "CD777777" in refusals[0].message
    assert Application.objects.count() == 1
    assert Person.objects.count() == 1
