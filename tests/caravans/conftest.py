from datetime import date, time, timedelta

import pytest

from moukawil.caravans.models import Service
from moukawil.caravans.services import (
    Registrant,
    campaign_create,
    campaign_transition,
    registration_create,
    stop_create,
)
from moukawil.core import clock
from moukawil.territory.models import Province


@pytest.fixture
def campaign(agency_officer):
    today = clock.today()
    return campaign_create(actor=agency_officer, code="infitah-test", title_fr="Caravane Infitah (test)",
                           title_ar="قافلة انفتاح", starts_on=today, ends_on=today + timedelta(days=28))  # fmt: skip


@pytest.fixture
def make_stop(campaign, agency_officer):
    def make(city="Fès", province="MA-FES", capacity=20, days=7):
        stop = stop_create(
            actor=agency_officer, campaign=campaign, city=city, province=Province.objects.get(code=province),
            venue=f"CCIS de {city}", day=clock.today() + timedelta(days=days), opens_at=time(9), closes_at=time(17),
            capacity=capacity, services=[Service.TRAINING, Service.PERMIT],
        )  # fmt: skip
        if campaign.state == "draft":  # published with its first stop: open to registration
            campaign_transition(actor=agency_officer, campaign=campaign, name="publish")
            campaign.refresh_from_db()
        return stop

    return make


@pytest.fixture
def stop(make_stop):
    return make_stop()


@pytest.fixture
def register(officer_fes):
    def make(stop, n, *, actor=None, gender="F"):
        return registration_create(
            actor=actor or officer_fes, stop=stop, channel="counter",
            registrant=Registrant(name=f"Participant {n}", gender=gender, email=f"p{n}@exemple.ma"),
        )  # fmt: skip

    return make


__all__ = ["date"]
