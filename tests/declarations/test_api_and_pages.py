import json

import pytest

from moukawil.declarations.models import Declaration


def post(client, path, data):
    return client.post(path, json.dumps(data), content_type="application/json")


@pytest.mark.django_db
def test_the_rules_and_the_simulator_are_public(client):
    parameters = client.get("/api/v1/rules/parameters").json()
    services = next(p for p in parameters if p["code"] == "ae.tax_rate.services")
    assert [h["value"] for h in services["history"]] == ["0.02", "0.01"]
    assert "114-13" in next(p for p in parameters if p["code"] == "ae.ceiling.services")["reference"]
    body = client.get("/api/v1/rules/simulate", {"services": "12000", "on": "2024-02-10"}).json()
    assert (body["period"], body["tax_services"], body["contribution"], body["total_due"]) == (
        "T1 2024",
        "120.00",
        "300.00",
        "420.00",
    )
    bad = client.get("/api/v1/rules/simulate", {"goods": "-3"})
    assert bad.status_code == 400 and bad.json()["field"] == "goods"


@pytest.mark.django_db
def test_simulator_and_rules_pages_in_french_and_arabic(client):
    page = client.get("/simulateur/", {"goods": "60000", "periodicity": "quarterly", "on": "2024-05-01"})
    text = page.content.decode()
    assert (
        "T2 2024" in text and "870,00\u00a0DH" in text and "570,00\u00a0DH" in text and "ae.tax_rate.commercial" in text
    )
    refused = client.get("/simulateur/", {"goods": "-1", "periodicity": "quarterly"}).content.decode()
    assert 'id="id_goods_error"' in refused
    rules = client.get("/regles/").content.decode()
    assert "Loi n° 114-13" in rules and 'data-testid="current-ae.same_client.threshold">80000' in rules
    client.post("/i18n/setlang/", {"language": "ar", "next": "/regles/"})
    assert "سعر الضريبة على الدخل" in client.get("/regles/").content.decode()


@pytest.mark.django_db
def test_an_entrepreneur_declares_and_pays_through_the_api(as_user, registration, applicant_user, agency_officer):
    client = as_user(applicant_user)
    url = f"/api/v1/registrations/{registration.number}/declarations"
    payload = {"year": 2024, "period": 1, "periodicity": "quarterly", "turnover_services": "12000",
               "clients": [{"kind": "ice", "identifier": "001561191000066", "amount": "12000"}]}  # fmt: skip
    response = post(client, url, payload)
    assert response.status_code == 201, response.json()
    assert response.json()["total_due"] == "420.00"
    again = post(client, url, payload)
    assert again.status_code == 409 and again.json()["field"] == "period"
    bad = post(client, url, {**payload, "period": 5})
    assert bad.status_code == 400 and bad.json()["field"] == "period"
    amended = post(client, f"/api/v1/declarations/{response.json()['id']}/amendments",
                   {"turnover_services": "0", "reason": "Facture annulée"})  # fmt: skip
    assert amended.status_code == 201 and amended.json()["version"] == 2
    assert [d["version"] for d in client.get("/api/v1/declarations").json()["items"]] == [2]
    officer = as_user(agency_officer)
    paid = post(officer, f"/api/v1/registrations/{registration.number}/payments",
                {"amount": "100", "channel": "online", "reference": "TX-9", "paid_on": "2024-04-02"})  # fmt: skip
    assert paid.status_code == 201 and paid.json()["outstanding"] == "200.00"
    assert Declaration.objects.count() == 2


@pytest.mark.django_db
def test_officers_of_another_region_do_not_see_the_declarations(as_user, registration, applicant_user, officer_casa):
    post(as_user(applicant_user), f"/api/v1/registrations/{registration.number}/declarations",
         {"year": 2024, "period": 2, "periodicity": "quarterly"})  # fmt: skip
    casa = as_user(officer_casa)
    assert casa.get("/api/v1/declarations").json()["count"] == 0
    assert casa.get(f"/api/v1/registrations/{registration.number}/balance").status_code == 404


@pytest.mark.django_db
def test_follow_up_through_the_api(as_user, registration, applicant_user, officer_fes, officer_casa, entrepreneur):
    for year in (2024, 2025):
        post(as_user(applicant_user), f"/api/v1/registrations/{registration.number}/declarations",
             {"year": year, "period": 1, "periodicity": "quarterly", "turnover_goods": "600000"})  # fmt: skip
    officer = as_user(officer_fes)
    missing = officer.get("/api/v1/declarations/missing", {"year": 2025, "period": 2}).json()
    assert [m["number"] for m in missing["items"]] == [registration.number]
    stats = officer.get("/api/v1/declarations/statistics", {"year": 2025}).json()
    assert stats["total"]["declarations"] == 1 and stats["total"]["turnover"] == "600000.00"
    from moukawil.declarations.services import strike_off_proposals_create

    strike_off_proposals_create(actor=officer_fes, year=2025)
    proposal = officer.get("/api/v1/strike-off-proposals").json()[0]
    assert proposal["registration_number"] == registration.number and proposal["first_year"] == 2024
    refused = post(officer, f"/api/v1/strike-off-proposals/{proposal['id']}/decision", {"confirm": False})
    assert refused.status_code == 400 and refused.json()["field"] == "note"
    assert as_user(officer_casa).get("/api/v1/strike-off-proposals").json() == []
    assert as_user(entrepreneur).get("/api/v1/declarations/statistics", {"year": 2025}).status_code == 403
    url = f"/api/v1/strike-off-proposals/{proposal['id']}/decision"
    officer = as_user(officer_fes)  # the test client carries one token at a time
    done = post(officer, url, {"confirm": False, "note": "Erreur de saisie"})
    assert done.status_code == 200 and done.json()["status"] == "dismissed"
