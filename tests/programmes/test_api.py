import json

import pytest

from moukawil.programmes.models import ProgrammeApplication


def post(client, path, data):
    return client.post(path, json.dumps(data), content_type="application/json")


ENTERPRISE = {
    "legal_kind": "legal", "name": "Saïss Digital SARL", "ice": "001561191000066", "rc_court": "Fès",
    "rc_number": "45123", "created_on": "2019-04-01", "sector_code": "J", "province_code": "MA-FES",
    "last_turnover": "1200000", "turnover_year": 2025, "owner_gender": "F",
}  # fmt: skip


@pytest.mark.django_db
def test_enterprises_through_the_api(as_user, officer_fes, officer_casa, enterprise_reference):
    client = as_user(officer_fes)
    response = post(client, "/api/v1/enterprises", ENTERPRISE)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["size_class"], body["rc"], body["region"]) == ("tpe", "RC Fès 45123", "03")
    again = post(client, "/api/v1/enterprises", {**ENTERPRISE, "rc_number": "1"})
    assert again.status_code == 409 and again.json()["field"] == "ice"
    bad = post(client, "/api/v1/enterprises", {**ENTERPRISE, "ice": "", "rc_court": "Atlantide"})
    assert bad.status_code == 400 and bad.json()["field"] == "rc_court"
    assert as_user(officer_casa).get("/api/v1/enterprises").json()["count"] == 0


@pytest.mark.django_db
def test_the_catalogue_and_am_i_eligible_are_public(client, programmes):
    catalogue = client.get("/api/v1/programmes").json()
    infitah = next(p for p in catalogue if p["code"] == "infitah")
    assert [c["kind"] for c in infitah["criteria"]] == ["has_rc_or_tp", "max_turnover"]
    assert "3\u202f000\u202f000\u00a0DH" in infitah["criteria"][1]["description"]
    assert {p["code"] for p in catalogue} >= {"moussanada", "imtiaz", "istitmar", "nawat", "intelaka"}
    answer = post(client, "/api/v1/programmes/infitah/eligibility", {"region_code": "03", "turnover": "500000"})
    assert answer.status_code == 200
    assert answer.json()["eligible"] is False
    assert "Ni registre de commerce" in answer.json()["criteria"][0]["reason"]
    ok = post(client, "/api/v1/programmes/infitah/eligibility", {"region_code": "03", "has_tp": True,
                                                                  "turnover": "500000"})  # fmt: skip
    assert ok.json()["eligible"] is True
    bad = post(client, "/api/v1/programmes/infitah/eligibility", {"region_code": "99"})
    assert bad.status_code == 400 and bad.json()["field"] == "region_code"


@pytest.mark.django_db
def test_call_what_if_application_review_and_subsidy_through_the_api(
    as_user, agency_officer, officer_fes, programmes, make_enterprise
):
    firm = make_enterprise()
    agency = as_user(agency_officer)
    call = post(agency, "/api/v1/calls", {"programme": "infitah", "year": 2026, "budget": "15000000",
                                          "opens_on": "2026-01-01", "closes_on": "2026-12-31",
                                          "quotas": {"03": 500}})  # fmt: skip
    assert call.status_code == 201, call.json()
    call_id = call.json()["id"]
    simulation = post(agency, f"/api/v1/calls/{call_id}/what-if", {"subsidy_cap": "800"})
    assert simulation.json()["eligible"] == 1 and simulation.json()["amount_per_beneficiary"] == "800.00"
    assert post(agency, f"/api/v1/calls/{call_id}/publish", {}).json()["status"] == "published"
    officer = as_user(officer_fes)
    created = post(officer, "/api/v1/programme-applications", {"call_id": call_id, "enterprise_id": firm.pk})
    assert created.status_code == 201 and created.json()["eligible"] is True
    url = f"/api/v1/programme-applications/{created.json()['id']}"
    assert post(officer, f"{url}/transitions", {"name": "start_review"}).json()["state"] == "under_review"
    refused = post(officer, f"{url}/transitions", {"name": "accept"})
    assert refused.status_code == 400 and "évaluation" in refused.json()["message"]
    assert post(officer, f"{url}/assessments", {"score": 17, "comment": "Très bon"}).json()["score"] == "17.00"
    assert post(officer, f"{url}/transitions", {"name": "accept"}).json()["state"] == "accepted"
    subsidy = post(officer, f"{url}/subsidy", {})
    assert subsidy.status_code == 201 and subsidy.json()["amount"] == "897.00"
    assert ProgrammeApplication.objects.get().benefits.count() == 1


@pytest.mark.django_db
def test_a_project_holder_through_the_api(as_user, officer_fes, open_call):
    call = open_call("accompagnement-porteurs")
    body = {"call_id": call.pk, "holder_name": "Nadia Berrada", "holder_cin": "ee 123 456", "region_code": "03",
            "sector_code": "c", "project_summary": "Atelier de poterie"}  # fmt: skip
    response = post(as_user(officer_fes), "/api/v1/programme-applications", body)
    assert response.status_code == 201, response.json()
    application = ProgrammeApplication.objects.get()
    assert (application.holder_cin, application.sector.code, application.state) == ("EE123456", "C", "submitted")
