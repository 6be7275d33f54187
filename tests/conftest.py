"""Guard rails for every test (les-emplois): no outbound network (pytest-socket, see pyproject addopts),
undefined template variables fail (--fail-on-template-vars), query counts asserted on key pages."""

from __future__ import annotations

import pytest

from moukawil.registry.models import Activity, ExcludedProfession
from moukawil.registry.reference import load_activities
from moukawil.territory.models import Organisation, Province, Region
from moukawil.territory.reference import load_territory
from tests.factories import UserFactory


@pytest.fixture
def territory(db):
    """The 12 regions, loaded by the data migration; reloaded after a transactional test flushed the tables."""
    if not Region.objects.exists():
        load_territory(Region, Province, Organisation)
    return {region.code: region for region in Region.objects.all()}


@pytest.fixture
def activities(territory):
    """The activity nomenclature (data migration), reloaded after a transactional test flushed it."""
    if not Activity.objects.exists():
        load_activities(Activity, ExcludedProfession)
    return {activity.code: activity for activity in Activity.objects.all()}


@pytest.fixture
def fes(territory):
    return territory["03"]


@pytest.fixture
def casa(territory):
    return territory["06"]


@pytest.fixture
def officer_fes(fes):
    return UserFactory(ccis_officer=True, region=fes, email="omar.fassi@ccis-fes.ma")


@pytest.fixture
def officer_casa(casa):
    return UserFactory(ccis_officer=True, region=casa, email="imane.chraibi@ccis-casa.ma")


@pytest.fixture
def agency_officer(territory):
    return UserFactory(agency_officer=True)


@pytest.fixture
def admin_user(territory):
    return UserFactory(admin=True)


@pytest.fixture
def entrepreneur(territory):
    return UserFactory()
