from datetime import date

import pytest

from moukawil.registry.enums import Channel
from moukawil.registry.services import ApplicantData, application_create
from moukawil.territory.models import Province
from tests.factories import UserFactory


@pytest.fixture
def fes_province(fes):
    return Province.objects.get(code="MA-FES")


@pytest.fixture
def casa_province(casa):
    return Province.objects.get(code="MA-CAS")


@pytest.fixture
def applicant(fes_province):
    def make(**overrides):
        data = {
            "cin": "BK123456", "first_name": "Mohamed", "last_name": "El Amrani", "gender": "M",
            "birth_date": date(1990, 5, 17), "province": fes_province, "phone": "0612345678",
            "first_name_ar": "محمد", "last_name_ar": "العمراني",
        }  # fmt: skip
        data.update(overrides)
        return ApplicantData(**data)

    return make


@pytest.fixture
def submit(activities, applicant, officer_fes):
    """Submit an application at the Fès counter (or through ``actor``/``channel`` given)."""

    def make(*, actor=None, channel=Channel.COUNTER, activity="SRV-001", **overrides):
        return application_create(
            actor=actor or officer_fes, applicant=applicant(**overrides), activity=activities[activity], channel=channel
        )

    return make


@pytest.fixture
def applicant_user(territory):
    return UserFactory(email="mohamed.amrani@exemple.ma")
