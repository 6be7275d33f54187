import pytest
from django.utils import timezone

from moukawil.registry.selectors import register_figures
from moukawil.registry.services import application_transition


@pytest.mark.django_db
def test_figures_count_applications_and_registrations_by_region_gender_category(submit, officer_fes, casa, activities):
    from moukawil.registry.enums import Channel
    from moukawil.registry.services import ApplicantData, application_create
    from moukawil.territory.models import Province
    from tests.factories import UserFactory

    application_transition(actor=officer_fes, application=submit(cin="BK1111", gender="F"), name="approve")
    submit(cin="BK2222", activity="COM-001")
    casa_officer = UserFactory(ccis_officer=True, region=casa)
    applicant = ApplicantData(
        cin="CS1111",
        first_name="Aya",
        last_name="Hajji",
        gender="F",
        birth_date=timezone.datetime(1995, 1, 1).date(),
        province=Province.objects.get(code="MA-CAS"),
    )
    application_create(actor=casa_officer, channel=Channel.COUNTER, activity=activities["SRV-001"], applicant=applicant)

    national = register_figures(user=UserFactory(agency_officer=True))
    assert (national["applications"], national["registrations"], national["active"]) == (3, 1, 1)
    assert national["by_region"]["applications"] == {"03": 2, "06": 1}
    assert national["by_gender"] == {"applications": {"F": 2, "M": 1}, "registrations": {"F": 1}}
    assert national["by_category"]["applications"] == {"services": 2, "commercial": 1}
    month = timezone.localdate().strftime("%Y-%m")
    assert national["by_month"] == [{"month": month, "applications": 3, "registrations": 1}]

    fes_only = register_figures(user=officer_fes)
    assert fes_only["by_region"]["applications"] == {"03": 2}


@pytest.mark.django_db
def test_figures_page_and_api(client, submit, officer_fes, django_assert_max_num_queries):
    submit(cin="BK1111")
    client.force_login(officer_fes)
    with django_assert_max_num_queries(20):
        page = client.get("/registre/chiffres/").content.decode()
    assert "Demandes déposées" in page and "Fès-Meknès" in page
    body = client.get("/api/v1/register/figures").json()
    assert body["applications"] == 1
