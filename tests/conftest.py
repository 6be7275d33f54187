"""Guard rails for every test (les-emplois): no outbound network (pytest-socket, see pyproject addopts),
undefined template variables fail (--fail-on-template-vars), query counts asserted on key pages."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from moukawil.accounts.services import api_token_create
from moukawil.registry.enums import Channel
from moukawil.registry.models import Activity, ExcludedProfession, Registration
from moukawil.registry.reference import load_activities
from moukawil.registry.services import ApplicantData, application_create, application_transition
from moukawil.territory.models import Organisation, Province, Region
from moukawil.territory.reference import load_territory
from tests.factories import UserFactory


def _flush_past_the_audit_guard() -> None:
    """A transactional test ends by emptying every table. On PostgreSQL that is a TRUNCATE, which the audit table's
    row trigger does not see; on SQLite it is a DELETE, which the trigger refuses (core.audit_guard): the test
    database lifts the guard for the flush only."""
    from django.db.backends.sqlite3.base import DatabaseOperations

    from moukawil.core import audit_guard

    flush = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        audit_guard.remove(self.connection)
        try:
            flush(self, sql_list)
        finally:
            audit_guard.install(self.connection)

    DatabaseOperations.execute_sql_flush = execute_sql_flush  # type: ignore[method-assign]


_flush_past_the_audit_guard()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Request rates are counted in the cache (core.throttling): each test starts with none counted."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _french_by_default():
    """A request in Arabic leaves Arabic active in the thread (LocaleMiddleware does not reset it): each test
    starts in French, as the platform does."""
    translation.activate("fr")
    yield
    translation.activate("fr")


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


# --- The register ---------------------------------------------------------------------------------------


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


@pytest.fixture
def as_user(client):
    """The test client authenticated with a fresh bearer token of ``user``."""

    def make(user):
        _token, raw = api_token_create(actor=user, user=user, name="tests")
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
        return client

    return make


@pytest.fixture
def registration(activities, applicant, applicant_user, officer_fes):
    """An auto-entrepreneur of Fès (services), registered on 10 January 2022, with his own account."""
    application = application_create(
        actor=applicant_user, applicant=applicant(), activity=activities["SRV-001"], channel=Channel.ONLINE
    )
    application_transition(actor=officer_fes, application=application, name="approve")
    Registration.objects.filter(application=application).update(registered_on=date(2022, 1, 10))
    return Registration.objects.select_related("person", "region").get(application=application)


@pytest.fixture
def enterprise_reference(territory):
    """Courts and sectors (data migration), reloaded after a transactional test flushed them."""
    from moukawil.enterprises.models import Court, Sector
    from moukawil.enterprises.reference import load_reference

    if not Sector.objects.exists():
        load_reference(Court, Sector, Region)
    return {"courts": {c.city: c for c in Court.objects.filter(kind="commercial")},
            "sectors": {s.code: s for s in Sector.objects.all()}}  # fmt: skip


@pytest.fixture
def make_enterprise(enterprise_reference, officer_fes, fes_province):
    """Register an enterprise in Fès (a TPE with an RC by default) through the service."""
    from moukawil.enterprises.services import EnterpriseData, enterprise_create

    counter = iter(range(1, 10_000))

    def make(*, actor=None, owner=None, **overrides):
        n = next(counter)
        data = {
            "legal_kind": "legal", "name": f"Atlas Services {n}", "created_on": date(2018, 3, 1),
            "sector": enterprise_reference["sectors"]["G"], "province": fes_province, "last_turnover": "850000",
            "turnover_year": 2025, "owner_gender": "F", "rc_court": enterprise_reference["courts"]["Fès"],
            "rc_number": str(10000 + n),
        }  # fmt: skip
        data.update(overrides)
        return enterprise_create(actor=actor or officer_fes, data=EnterpriseData(**data), owner=owner)

    return make


@pytest.fixture
def programmes(db):
    from moukawil.programmes.models import Programme
    from moukawil.programmes.reference import load_catalogue

    if not Programme.objects.exists():
        load_catalogue(Programme)
    return {p.code: p for p in Programme.objects.all()}


@pytest.fixture
def open_call(programmes, agency_officer):
    from moukawil.programmes.services import call_create, call_publish

    def make(code="infitah", *, budget="15000000", quotas=None, criteria=None):
        call = call_create(
            actor=agency_officer, programme=programmes[code], name="", year=2026, budget=budget,
            opens_on=date(2026, 1, 1), closes_on=date(2026, 12, 31), quotas=quotas, criteria=criteria,
        )  # fmt: skip
        return call_publish(actor=agency_officer, call=call)

    return make


def _caravan_world(officer):
    """A stop in Fès today (check-in opens on the stop's day), one confirmed registration and one checked in
    (policy tests)."""
    import uuid
    from datetime import time, timedelta

    from moukawil.caravans.services import (
        Registrant,
        campaign_create,
        campaign_transition,
        registration_check_in,
        registration_create,
        stop_create,
    )  # fmt: skip
    from moukawil.core import clock

    today = clock.today()
    campaign = campaign_create(actor=officer, code="monde", title_fr="Forum", starts_on=today,
                               ends_on=today + timedelta(days=10))  # fmt: skip
    stop = stop_create(
        actor=officer, campaign=campaign, city="Fès", province=Province.objects.get(code="MA-FES"), venue="CCIS",
        day=today, opens_at=time(9), closes_at=time(17), capacity=5,
    )  # fmt: skip
    campaign_transition(actor=officer, campaign=campaign, name="publish")
    attendee = registration_create(actor=officer, stop=stop, registrant=Registrant(name="Inscrite", gender="F"),
                                   channel="counter", notify=False)  # fmt: skip
    present = registration_create(actor=officer, stop=stop, registrant=Registrant(name="Venue", gender="M"),
                                  channel="counter", notify=False)  # fmt: skip
    present = registration_check_in(actor=officer, registration=present, device=str(uuid.uuid4())[:8])
    return stop, attendee, present


@pytest.fixture
def world(
    registration, submit, make_enterprise, open_call, officer_fes, applicant_user, applicant, tmp_path, agency_officer
):
    """One of everything a service writes to, all in Fès, made by those who may (policy tests)."""
    from moukawil.accounts.services import api_token_create
    from moukawil.declarations.models import StrikeOffProposal
    from moukawil.declarations.periods import Period
    from moukawil.declarations.services import declaration_submit
    from moukawil.programmes.services import application_create as programme_application_create
    from moukawil.registry.models import DuplicateSuspicion
    from tests.factories import OrganisationFactory

    application = submit(cin="BK777777", first_name="Samir")
    declaration = declaration_submit(
        actor=applicant_user, registration=registration, period=Period(2024, "quarterly", 1), goods="1000",
        services="0",
    )  # fmt: skip
    enterprise = make_enterprise()
    call = open_call("infitah")
    candidature = programme_application_create(actor=officer_fes, call=call, enterprise=enterprise)
    suspicion, _new = DuplicateSuspicion.objects.get_or_create(
        person=application.person, other=registration.person, application=application, region=application.region
    )
    proposal = StrikeOffProposal.objects.create(
        registration=registration, region=registration.region, first_year=2023, effective_date=date(2026, 1, 1)
    )
    someone = UserFactory(email="quelqu.un@exemple.ma")
    token, _raw = api_token_create(actor=someone, user=someone, name="sien")
    csv = tmp_path / "fichier.csv"
    csv.write_text("cin;nom\nBK1;X\n", encoding="utf-8")
    from moukawil.privacy.services import rectification_request

    applicant_user.refresh_from_db()
    rectification = rectification_request(actor=applicant_user, field="address", new_value="2 rue Neuve", reason="x")
    from tests.infitah.world import infitah_files

    infitah = infitah_files(officer_fes=officer_fes, agency_officer=agency_officer, make_enterprise=make_enterprise)
    stop, attendee, present = _caravan_world(officer_fes)
    from moukawil.conventions.services import commitment_add, convention_create

    convention = convention_create(actor=officer_fes, title="Convention", kind="partnership", region=officer_fes.region,
                                   starts_on=date(2019, 1, 1), ends_on=date(2020, 12, 31))  # fmt: skip
    commitment = commitment_add(
        actor=officer_fes,
        convention=convention,
        indicator="register.registrations",
        scope="national",
        starts_on=date(2019, 1, 1),
        ends_on=date(2019, 12, 31),
        target=5,
    )
    return {
        **infitah,
        "convention": convention, "commitment": commitment,
        "stop": stop, "attendee": attendee, "present": present,
        "application": application, "registration": registration, "declaration": declaration,
        "enterprise": enterprise, "call": call, "candidature": candidature, "suspicion": suspicion,
        "proposal": proposal, "someone": someone, "token": token, "csv": csv, "applicant": applicant,
        "organisation": OrganisationFactory(), "activity": application.activity, "rectification": rectification,
    }  # fmt: skip
