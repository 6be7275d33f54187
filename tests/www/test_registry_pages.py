import pytest

from moukawil.registry.enums import Channel
from moukawil.registry.models import Application, Registration
from moukawil.registry.services import application_transition
from moukawil.registry.workflow import State
from moukawil.territory.models import Province


def form_data(activities, **overrides):
    data = {
        "identity_kind": "cin", "cin": "BK555555", "first_name": "Salma", "last_name": "Idrissi", "gender": "F",
        "birth_date": "1992-04-12", "nationality": "MA", "phone": "0661234567", "consent": "on",
        "province": Province.objects.get(code="MA-FES").pk, "activity": activities["SRV-001"].pk,
    }  # fmt: skip
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_an_entrepreneur_applies_online_and_sees_his_file(client, entrepreneur, activities):
    client.force_login(entrepreneur)
    assert 'href="/registre/mon-dossier/"' in client.get("/").content.decode()
    response = client.post("/registre/demande/", form_data(activities), follow=True)
    page = response.content.decode()
    application = Application.objects.get()
    assert application.channel == Channel.ONLINE
    assert f"Demande {application.reference} déposée." in page
    assert "Reçue, en attente d&#x27;instruction" in page
    assert "Retirer la demande" in page


@pytest.mark.django_db
def test_the_form_shows_a_refusal_next_to_its_field(client, entrepreneur, activities):
    client.force_login(entrepreneur)
    page = client.post("/registre/demande/", form_data(activities, is_salaried="on")).content.decode()
    assert 'id="id_is_salaried_error"' in page
    assert "Un salarié ne peut pas s&#x27;inscrire" in page
    page = client.post("/registre/demande/", form_data(activities, cin="12")).content.decode()
    assert 'id="id_cin_error"' in page
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_officers_work_a_queue_limited_to_their_region(
    client, submit, officer_fes, officer_casa, django_assert_max_num_queries
):
    names = ["Tazi", "Alaoui", "Bennani", "Chraibi", "Fassi"]
    files = [submit(cin=f"BK70{i}", last_name=name, last_name_ar="") for i, name in enumerate(names)]
    client.force_login(officer_fes)
    with django_assert_max_num_queries(10):
        page = client.get("/registre/demandes/?state=submitted").content.decode()
    assert all(f.reference in page for f in files)
    assert "5 demandes" in page
    # Search by a spelling of the name that differs from the stored one.
    page = client.get("/registre/demandes/?q=Mohammed+Chraibi", HTTP_HX_REQUEST="true").content.decode()
    assert files[3].reference in page and files[2].reference not in page

    client.force_login(officer_casa)
    assert files[0].reference not in client.get("/registre/demandes/").content.decode()
    assert client.get(f"/registre/demandes/{files[0].reference}/").status_code == 404


@pytest.mark.django_db
def test_bulk_decision_from_the_queue(client, submit, officer_fes):
    files = [submit(cin=f"BK80{i}") for i in range(3)]
    client.force_login(officer_fes)
    response = client.post(
        "/registre/demandes/decisions/",
        {"references": [f.reference for f in files[:2]], "name": "approve", "next": "/registre/demandes/"},
        follow=True,
    )
    assert "2 dossier(s) traité(s)" in response.content.decode()
    assert Registration.objects.count() == 2
    assert Application.objects.get(pk=files[2].pk).state == State.SUBMITTED


@pytest.mark.django_db
def test_a_rejection_needs_its_reason_code(client, submit, officer_fes):
    application = submit()
    client.force_login(officer_fes)
    url = f"/registre/demandes/{application.reference}/action/"
    page = client.post(url, {"name": "reject", "reason": "Illisible"}, follow=True).content.decode()
    assert "Choisissez le motif du refus dans la liste." in page
    client.post(url, {"name": "reject", "reason": "Illisible", "rejection_reason": "documents"})
    assert Application.objects.get(pk=application.pk).state == State.REJECTED


@pytest.mark.django_db
def test_counter_entry_and_strike_off(client, activities, officer_fes):
    client.force_login(officer_fes)
    response = client.post("/registre/guichet/", form_data(activities))
    application = Application.objects.get()
    assert response["Location"] == f"/registre/demandes/{application.reference}/"
    assert application.channel == Channel.COUNTER
    application = application_transition(actor=officer_fes, application=application, name="approve")
    number = application.registration.number
    page = client.post(
        f"/registre/inscriptions/{number}/", {"reason": "voluntary", "effective_date": "2001-01-01"}
    ).content.decode()
    assert "La radiation ne peut pas précéder l&#x27;inscription." in page
    client.post(
        f"/registre/inscriptions/{number}/",
        {"reason": "voluntary", "effective_date": application.registration.registered_on.isoformat()},
    )
    assert Registration.objects.get(number=number).status == "struck_off"


@pytest.mark.django_db
def test_entrepreneurs_cannot_open_the_queue(client, entrepreneur):
    client.force_login(entrepreneur)
    assert client.get("/registre/demandes/").status_code == 403


@pytest.mark.django_db
def test_the_duplicate_queue_lists_open_suspicions_of_the_region(client, submit, officer_fes, officer_casa):
    submit(cin="A111111")
    newcomer = submit(cin="Z999999", first_name="Mohammed")
    client.force_login(officer_fes)
    page = client.get("/registre/doublons/").content.decode()
    assert newcomer.reference in page and "A111111" in page
    client.force_login(officer_casa)
    assert newcomer.reference not in client.get("/registre/doublons/").content.decode()


@pytest.mark.django_db
def test_the_applicant_completes_his_file_from_his_page(client, entrepreneur, activities, officer_fes):
    client.force_login(entrepreneur)
    client.post("/registre/demande/", form_data(activities))
    application = Application.objects.get()
    application_transition(
        actor=officer_fes, application=application, name="request_info", reason="Indiquez votre adresse."
    )
    page = client.get("/registre/mon-dossier/").content.decode()
    url = f"/registre/demandes/{application.reference}/completer/"
    assert f'href="{url}"' in page
    form = client.get(url).content.decode()
    assert "Indiquez votre adresse." in form and 'value="BK555555"' in form and "disabled" in form
    refused = client.post(url, form_data(activities, birth_date="2030-01-01", address="3 rue Fès"))
    assert 'id="id_birth_date_error"' in refused.content.decode()
    assert Application.objects.get().state == State.INFO_REQUESTED
    response = client.post(
        url, form_data(activities, cin="ZZ111111", address="3 rue Fès", message="Voici mon adresse."), follow=True
    )
    assert "renvoyée à la chambre" in response.content.decode()
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert application.person.cin == "BK555555"  # the disabled field ignores what is posted
    assert application.person.address == "3 rue Fès"
