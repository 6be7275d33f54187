import pytest

from moukawil.core.enums import AuditEventType
from moukawil.core.models import AuditEvent
from moukawil.registry.enums import Channel
from moukawil.registry.services import application_create


@pytest.fixture
def two_regions(submit, applicant, activities, officer_casa, casa_province):
    fes = submit(cin="BK1001")
    casa = application_create(
        actor=officer_casa, channel=Channel.COUNTER, activity=activities["SRV-001"],
        applicant=applicant(cin="CS1001", province=casa_province),
    )  # fmt: skip
    return fes, casa


@pytest.mark.django_db
def test_national_roles_filter_the_queue_and_its_export_by_region(client, two_regions, agency_officer):
    fes, casa = two_regions
    client.force_login(agency_officer)
    page = client.get("/registre/demandes/").content.decode()
    assert '<select name="region"' in page and fes.reference in page and casa.reference in page

    page = client.get("/registre/demandes/", {"state": "todo", "region": "06"}).content.decode()
    assert casa.reference in page and fes.reference not in page
    export = b"".join(client.get("/registre/demandes/export/", {"state": "todo", "region": "06"}).streaming_content)
    assert casa.reference in export.decode("utf-8-sig") and fes.reference not in export.decode("utf-8-sig")
    assert AuditEvent.objects.get(event_type=AuditEventType.REGISTER_EXPORTED).extra["filters"]["region"] == "06"

    refused = client.get("/registre/demandes/", {"region": "99"}).content.decode()
    assert 'id="id_region_error"' in refused


@pytest.mark.django_db
def test_a_chamber_has_no_region_filter_and_cannot_widen_its_queue(client, two_regions, officer_fes):
    fes, casa = two_regions
    client.force_login(officer_fes)
    page = client.get("/registre/demandes/", {"region": "06"}).content.decode()
    assert 'name="region"' not in page
    assert fes.reference in page and casa.reference not in page
