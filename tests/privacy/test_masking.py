"""CIN, birth date and phone masked for the roles that do not need them (viewer, bank, vendor) — pages, API,
exports — through one function (core.privacy)."""

from datetime import date

import pytest

from moukawil.core.privacy import mask_value, masked, sees_identity
from tests.factories import UserFactory


def test_mask_value_keeps_what_statistics_and_a_caller_need():
    assert mask_value("cin", "BK123456") == "BK••••56"
    assert mask_value("cin", "A12345") == "A•••45"
    assert mask_value("phone", "+212612345678") == "•" * 11 + "78"
    assert mask_value("birth_date", date(1988, 4, 2)) == 1988
    assert mask_value("phone", "") == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("trait", "clear"),
    [("viewer", False), ("bank_officer", False), ("vendor", False), ("agency_officer", True), ("admin", True)],
)
def test_who_sees_identities_in_clear(territory, trait, clear):
    user = UserFactory(**{trait: True})
    assert sees_identity(user) is clear
    assert masked(user, "cin", "BK123456") == ("BK123456" if clear else "BK••••56")


@pytest.mark.django_db
def test_the_holder_sees_his_own_and_the_system_sees_all(territory):
    entrepreneur = UserFactory()
    assert sees_identity(entrepreneur, owner_id=entrepreneur.pk)
    assert sees_identity(None)


@pytest.fixture
def file(submit):
    return submit(cin="BK123456", phone="0612345678", birth_date=date(1988, 4, 2))


@pytest.mark.django_db
def test_the_viewer_sees_an_application_page_masked_and_an_officer_in_clear(client, file, officer_fes):
    url = f"/registre/demandes/{file.reference}/"
    client.force_login(UserFactory(viewer=True))
    page = client.get(url).content.decode()
    assert "BK123456" not in page and "BK••••56" in page
    assert "+212612345678" not in page and "78" in page
    assert "02/04/1988" not in page and "1988" in page
    client.force_login(officer_fes)
    page = client.get(url).content.decode()
    assert "BK123456" in page and "02/04/1988" in page


@pytest.mark.django_db
def test_the_viewer_gets_the_api_masked(as_user, file, officer_fes):
    person = as_user(UserFactory(viewer=True)).get("/api/v1/applications").json()["items"][0]["person"]
    assert (person["cin"], person["birth_date"], person["birth_year"]) == ("BK••••56", None, 1988)
    one = as_user(UserFactory(viewer=True)).get(f"/api/v1/applications/{file.reference}").json()["person"]
    assert one["cin"] == "BK••••56"
    person = as_user(officer_fes).get("/api/v1/applications").json()["items"][0]["person"]
    assert (person["cin"], person["birth_date"]) == ("BK123456", "1988-04-02")


@pytest.mark.django_db
def test_the_viewer_exports_masked(client, file):
    client.force_login(UserFactory(viewer=True))
    content = b"".join(client.get("/registre/demandes/export/").streaming_content).decode("utf-8-sig")
    assert "BK123456" not in content and "BK••••56" in content
    assert "02/04/1988" not in content and ";1988;" in content


@pytest.mark.django_db
def test_the_viewer_reads_the_audit_log_with_identities_masked(as_user, file, officer_fes):
    events = as_user(UserFactory(viewer=True)).get("/api/v1/audit-events?target_type=registry.person").json()["items"]
    created = events[-1]["after"]
    assert created["cin"] == "BK••••56" and created["birth_date"] == "1988"
    events = as_user(officer_fes).get("/api/v1/audit-events?target_type=registry.person").json()["items"]
    assert events[-1]["after"]["cin"] == "BK123456"
