"""An officer of Fès-Meknès never sees Casablanca-Settat rows — through querysets, pages and the API."""

import pytest

from moukawil.accounts.models import User
from moukawil.core.audit import audit_log
from moukawil.core.enums import AuditEventType
from moukawil.core.models import AuditEvent
from moukawil.territory.models import Organisation
from tests.factories import OrganisationFactory, UserFactory


@pytest.fixture
def two_regions(fes, casa):
    fes_org = OrganisationFactory(kind="municipal_council", name_fr="Conseil communal de Taoujdat", region=fes)
    casa_org = OrganisationFactory(kind="municipal_council", name_fr="Conseil communal de Mohammedia", region=casa)
    fes_person = UserFactory(region=fes, email="ahmed@fes.ma")
    casa_person = UserFactory(region=casa, email="youssef@casa.ma")
    audit_log(actor=None, event_type=AuditEventType.ORGANISATION_CREATED, target=fes_org, region=fes)
    audit_log(actor=None, event_type=AuditEventType.ORGANISATION_CREATED, target=casa_org, region=casa)
    return fes_org, casa_org, fes_person, casa_person


@pytest.mark.django_db
def test_querysets_keep_a_chamber_officer_in_his_region(officer_fes, two_regions, casa):
    fes_org, casa_org, fes_person, casa_person = two_regions
    organisations = Organisation.objects.visible_to(officer_fes)
    assert fes_org in organisations
    assert casa_org not in organisations
    assert not organisations.filter(region=casa).exists()
    assert fes_person in User.objects.visible_to(officer_fes)
    assert casa_person not in User.objects.visible_to(officer_fes)
    assert not AuditEvent.objects.visible_to(officer_fes).filter(region=casa).exists()
    assert AuditEvent.objects.visible_to(officer_fes).filter(target_id=str(fes_org.pk)).exists()


@pytest.mark.django_db
def test_national_roles_see_every_region(agency_officer, two_regions):
    fes_org, casa_org, *_ = two_regions
    viewer = UserFactory(viewer=True)
    for user in (agency_officer, viewer):
        assert {fes_org, casa_org} <= set(Organisation.objects.visible_to(user))


@pytest.mark.django_db
def test_entrepreneurs_and_partners_see_only_their_own(two_regions, entrepreneur):
    _fes_org, *_ = two_regions
    assert list(User.objects.visible_to(entrepreneur)) == [entrepreneur]
    assert not Organisation.objects.visible_to(entrepreneur).exists()
    banker = UserFactory(bank_officer=True)
    assert list(Organisation.objects.visible_to(banker)) == [banker.organisation]


@pytest.mark.django_db
def test_anonymous_and_deactivated_accounts_see_nothing(officer_fes, two_regions):
    from django.contrib.auth.models import AnonymousUser

    assert not Organisation.objects.visible_to(AnonymousUser()).exists()
    officer_fes.is_active = False
    assert not Organisation.objects.visible_to(officer_fes).exists()


@pytest.mark.django_db
def test_pages_and_api_follow_the_same_scope(client, officer_fes, two_regions):
    client.force_login(officer_fes)
    page = client.get("/organisations/").content.decode()
    assert "Taoujdat" in page
    assert "Mohammedia" not in page
    assert "CCIS Casablanca-Settat" not in page

    api = client.get("/api/v1/organisations?limit=500").json()
    names = {item["name_fr"] for item in api["items"]}
    assert "Conseil communal de Taoujdat" in names
    assert "Conseil communal de Mohammedia" not in names
    assert all(item["region"] is None or item["region"]["code"] == "03" for item in api["items"])

    journal = client.get("/journal/").content.decode()
    assert "Conseil communal de Mohammedia" not in journal
    assert not any(e["region_code"] == "06" for e in client.get("/api/v1/audit-events").json()["items"])

    _, casa_org, *_ = two_regions
    assert client.get(f"/api/v1/organisations/{casa_org.pk}").status_code == 404
