from datetime import date

import pytest

from moukawil.programmes.models import Programme
from moukawil.programmes.reference import load_catalogue
from moukawil.programmes.services import call_create, call_publish


@pytest.fixture
def programmes(db):
    if not Programme.objects.exists():
        load_catalogue(Programme)
    return {p.code: p for p in Programme.objects.all()}


@pytest.fixture
def open_call(programmes, agency_officer):
    def make(code="infitah", *, budget="15000000", quotas=None, criteria=None):
        call = call_create(
            actor=agency_officer, programme=programmes[code], name="", year=2026, budget=budget,
            opens_on=date(2026, 1, 1), closes_on=date(2026, 12, 31), quotas=quotas, criteria=criteria,
        )  # fmt: skip
        return call_publish(actor=agency_officer, call=call)

    return make
