import pytest

from moukawil.registry.models import Application, DuplicateSuspicion
from moukawil.registry.services import application_transition

PAYLOAD = {
    "cin": "bk123456", "first_name": "Salma", "last_name": "Idrissi", "first_name_ar": "سلمى",
    "last_name_ar": "الإدريسي", "gender": "F", "birth_date": "1992-04-12", "phone": "0661234567",
    "province_code": "MA-FES", "activity_code": "SRV-001",
}  # fmt: skip


def post(client, path, data):
    return client.post(path, data, content_type="application/json")


@pytest.mark.django_db
def test_activities_are_public(client, activities):
    body = client.get("/api/v1/activities?category=artisanal").json()
    assert len(body) == 10
    assert {"category"} <= body[0].keys()


@pytest.mark.django_db
def test_an_entrepreneur_files_online_and_follows_his_file(as_user, entrepreneur, activities):
    client = as_user(entrepreneur)
    response = post(client, "/api/v1/applications", PAYLOAD)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["channel"] == "online"
    assert body["state"] == "submitted"
    assert body["person"]["cin"] == "BK123456"
    assert body["public_state_label"] == "Reçue, en attente d'instruction"
    mine = client.get("/api/v1/applications").json()
    assert [a["reference"] for a in mine["items"]] == [body["reference"]]
    assert client.get(f"/api/v1/applications/{body['reference']}").json() == body  # the file as stored
    assert mine["items"][0] == body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field", "status"),
    [
        ({"cin": "12"}, "cin", 400),
        ({"province_code": "MA-XXX"}, "province_code", 400),
        ({"activity_code": "NOPE"}, "activity_code", 400),
        ({"birth_date": "12/04/1992"}, "birth_date", 422),
        ({"birth_date": "2015-01-01"}, "birth_date", 400),
        ({"is_salaried": True}, "is_salaried", 400),
    ],
)
def test_bad_applications_name_the_field(as_user, entrepreneur, activities, change, field, status):
    response = post(as_user(entrepreneur), "/api/v1/applications", {**PAYLOAD, **change})
    assert response.status_code == status
    assert response.json()["field"] == field
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_officers_decide_through_the_api_within_their_region(as_user, officer_fes, officer_casa, activities):
    created = post(as_user(officer_fes), "/api/v1/applications", PAYLOAD).json()
    assert created["channel"] == "api"
    reference = created["reference"]

    casa = as_user(officer_casa)
    assert casa.get(f"/api/v1/applications/{reference}").status_code == 404
    refused = post(casa, "/api/v1/applications/bulk-transitions", {"references": [reference], "name": "approve"})
    assert refused.json() == {
        "done": [],
        "refused": [{"reference": reference, "reason": "Demande introuvable dans votre périmètre."}],
    }

    fes = as_user(officer_fes)
    response = post(fes, f"/api/v1/applications/{reference}/transitions", {"name": "reject"})
    assert response.status_code == 400
    assert response.json()["field"] == "reason"
    response = post(fes, f"/api/v1/applications/{reference}/transitions", {"name": "approve"})
    body = response.json()
    assert body["state"] == "approved"
    number = body["registration_number"]
    assert fes.get(f"/api/v1/registrations/{number}").json()["status"] == "active"

    response = post(
        fes, f"/api/v1/registrations/{number}/strike-off", {"reason": "voluntary", "effective_date": "2001-01-01"}
    )
    assert response.status_code == 400
    assert response.json()["field"] == "effective_date"


@pytest.mark.django_db
def test_the_queue_does_not_grow_queries_with_files(as_user, officer_fes, activities, django_assert_max_num_queries):
    fes = as_user(officer_fes)
    for index in range(12):
        post(fes, "/api/v1/applications", {**PAYLOAD, "cin": f"BK9{index:04d}", "last_name": f"Nom{index}"})
    with django_assert_max_num_queries(6):
        body = fes.get("/api/v1/applications?state=submitted&limit=50").json()
    assert body["count"] == 12


@pytest.mark.django_db
def test_duplicates_are_listed_and_decided(as_user, officer_fes, activities):
    fes = as_user(officer_fes)
    post(fes, "/api/v1/applications", PAYLOAD)
    post(fes, "/api/v1/applications", {**PAYLOAD, "cin": "X77777", "first_name": "سلمى", "last_name": "الإدريسي"})
    listed = fes.get("/api/v1/duplicates").json()["items"]
    assert len(listed) == 1
    decided = post(fes, f"/api/v1/duplicates/{listed[0]['id']}/decision", {"merge": False, "note": "Homonymes"}).json()
    assert decided["status"] == "dismissed"
    assert DuplicateSuspicion.objects.get().status == "dismissed"


@pytest.mark.django_db
def test_imports_through_the_api(as_user, officer_fes, activities):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from moukawil.registry.imports import write_sample_csv

    rows = [{"cin": "AB1234", "prenom": "Salma", "nom": "Idrissi", "sexe": "F", "date_naissance": "12/04/1992",
             "province": "MA-FES", "activite": "SRV-001"}]  # fmt: skip
    client = as_user(officer_fes)
    response = client.post(
        "/api/v1/imports", {"file": SimpleUploadedFile("a.csv", write_sample_csv(rows)), "mode": "all_or_nothing"}
    )
    assert response.status_code == 202
    job = client.get(f"/api/v1/imports/{response.json()['id']}").json()
    assert job["status"] == "done"
    assert job["report"]["created"] == 1
    assert Application.objects.get().channel == "import"


@pytest.mark.django_db
def test_the_applicant_completes_his_file_through_the_api(as_user, entrepreneur, officer_fes, activities):
    client = as_user(entrepreneur)
    reference = post(client, "/api/v1/applications", PAYLOAD).json()["reference"]
    application = Application.objects.get(reference=reference)
    application_transition(actor=officer_fes, application=application, name="request_info", reason="Adresse ?")
    url = f"/api/v1/applications/{reference}/completion"
    bad = post(client, url, {**PAYLOAD, "activity_code": "NOPE"})
    assert bad.status_code == 400 and bad.json()["field"] == "activity_code"
    response = post(client, url, {**PAYLOAD, "address": "7 derb Fès", "message": "Adresse ajoutée."})
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "submitted"
    assert Application.objects.get(reference=reference).person.address == "7 derb Fès"
    again = post(client, url, {**PAYLOAD, "message": "Encore"})
    assert again.status_code == 403
