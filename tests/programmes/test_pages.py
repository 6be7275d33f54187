import pytest

from moukawil.enterprises.models import Enterprise
from moukawil.programmes.models import ProgrammeApplication


@pytest.mark.django_db
def test_public_catalogue_and_checklist_in_french_and_arabic(client, programmes, enterprise_reference):
    page = client.get("/programmes/").content.decode()
    assert "Infitah" in page and "Intelaka" in page
    detail = client.get("/programmes/infitah/", {"region": "03", "turnover": "4000000"}).content.decode()
    assert (
        "Ni registre de commerce ni certificat" in detail and "le plafond est de 3\u202f000\u202f000\u00a0DH" in detail
    )
    partial = client.get("/programmes/infitah/", {"region": "03", "has_rc": "on", "turnover": "100000"},
                         HTTP_HX_REQUEST="true").content.decode()  # fmt: skip
    assert "Éligible : chaque critère est rempli." in partial and "<html" not in partial
    client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    assert "انفتاح" in client.get("/programmes/").content.decode()


@pytest.mark.django_db
def test_an_entrepreneur_registers_his_firm_checks_and_applies(client, entrepreneur, open_call, enterprise_reference,
                                                               fes_province):  # fmt: skip
    call = open_call("infitah")
    client.force_login(entrepreneur)
    form = {"legal_kind": "natural", "name": "Atelier Nour", "ice": "001561191000066", "created_on": "2020-02-01",
            "sector": enterprise_reference["sectors"]["C"].pk, "province": fes_province.pk, "last_turnover": "400000",
            "turnover_year": "2025", "employees": "2", "owner_gender": "F", "tp_number": "12345678"}  # fmt: skip
    refused = client.post("/entreprises/nouvelle/", {**form, "ice": "123"}).content.decode()
    assert 'id="id_ice_error"' in refused and not Enterprise.objects.exists()
    client.post("/entreprises/nouvelle/", form)
    enterprise = Enterprise.objects.get()
    assert enterprise.owner == entrepreneur
    page = client.get("/programmes/infitah/", {"entreprise": enterprise.pk}).content.decode()
    assert "Éligible" in page and f"Candidater à « {call.name} »" in page
    response = client.post(f"/programmes/appels/{call.pk}/candidater/", {"enterprise": enterprise.pk}, follow=True)
    assert "Candidature déposée." in response.content.decode()
    assert ProgrammeApplication.objects.get().applicant == entrepreneur
    assert call.name in client.get("/programmes/candidatures/").content.decode()


@pytest.mark.django_db
def test_officers_review_decide_and_commit_from_the_pages(client, officer_fes, officer_casa, open_call, make_enterprise,
                                                          django_assert_max_num_queries):  # fmt: skip
    from moukawil.programmes.services import application_create

    call = open_call("infitah")
    application = application_create(actor=officer_fes, call=call, enterprise=make_enterprise())
    client.force_login(officer_casa)
    assert "Atlas Services" not in client.get(f"/programmes/appels/{call.pk}/").content.decode()
    client.force_login(officer_fes)
    with django_assert_max_num_queries(12):
        assert "Atlas Services" in client.get(f"/programmes/appels/{call.pk}/").content.decode()
    act = f"/programmes/candidatures/{application.pk}/action/"
    client.post(act, {"action": "start_review"})
    refused = client.post(act, {"action": "accept"}, follow=True).content.decode()
    assert "Au moins une évaluation" in refused
    client.post(act, {"action": "assess", "score": "16", "comment": "Bon projet"})
    client.post(act, {"action": "accept"})
    page = client.post(act, {"action": "subsidy"}, follow=True).content.decode()
    assert "897,00\u00a0DH" in page
    assert "897" in client.get(f"/programmes/appels/{call.pk}/").content.decode()


@pytest.mark.django_db
def test_what_if_page_for_the_agency(client, agency_officer, officer_fes, open_call, make_enterprise):
    make_enterprise(last_turnover="500000")
    make_enterprise(last_turnover="5000000")
    call = open_call("infitah", budget="500")
    client.force_login(officer_fes)
    assert client.get(f"/programmes/appels/{call.pk}/simulation/").status_code == 403
    client.force_login(agency_officer)
    page = client.get(f"/programmes/appels/{call.pk}/simulation/").content.decode()
    assert 'data-testid="eligible">1<' in page and "Dépassement du budget" in page
    query = {"max_turnover": "6000000", "require_rc_or_tp": "on"}
    wider = client.get(f"/programmes/appels/{call.pk}/simulation/", query).content.decode()
    assert 'data-testid="eligible">2<' in wider


@pytest.mark.django_db
def test_the_agency_publishes_a_call_with_the_simulated_criteria(client, agency_officer, programmes, make_enterprise):
    from datetime import date

    from moukawil.programmes.models import Call
    from moukawil.programmes.services import call_create

    make_enterprise(last_turnover="5000000")
    call = call_create(actor=agency_officer, programme=programmes["infitah"], name="", year=2027, budget="100000",
                       opens_on=date(2027, 1, 1), closes_on=date(2027, 12, 31))  # fmt: skip
    client.force_login(agency_officer)
    query = {"max_turnover": "6000000", "require_rc_or_tp": "on"}
    page = client.get(f"/programmes/appels/{call.pk}/simulation/", query).content.decode()
    assert "Publier l&#x27;appel avec ces paramètres" in page or "Publier l'appel avec ces paramètres" in page
    assert 'name="max_turnover" value="6000000"' in page
    client.post(f"/programmes/appels/{call.pk}/publier/", {"max_turnover": "6000000", "require_rc_or_tp": "on"})
    call = Call.objects.get(pk=call.pk)
    assert call.status == "published"
    assert {"kind": "max_turnover", "params": {"amount": "6000000"}} in call.criteria


@pytest.mark.django_db
def test_programme_criteria_are_data_the_agency_edits(as_user, agency_officer, officer_fes, programmes):
    import json

    url = "/api/v1/programmes/moussanada/criteria"
    body = json.dumps({"criteria": [{"kind": "min_age_years", "params": {"years": 3}}, {"kind": "rural_only"}]})
    assert as_user(officer_fes).put(url, body, content_type="application/json").status_code == 403
    response = as_user(agency_officer).put(url, body, content_type="application/json")
    assert response.status_code == 200
    assert [c["description"] for c in response.json()["criteria"]] == [
        "Entreprise créée depuis au moins 3 an(s)",
        "Réservé au milieu rural",
    ]
    bad = as_user(agency_officer).put(url, json.dumps({"criteria": [{"kind": "astrologie"}]}),
                                      content_type="application/json")  # fmt: skip
    assert bad.status_code == 400 and "Critère inconnu" in bad.json()["message"]


@pytest.mark.django_db
def test_a_project_holder_applies_online(client, entrepreneur, open_call, fes):
    call = open_call("accompagnement-porteurs")
    client.force_login(entrepreneur)
    page = client.get("/programmes/accompagnement-porteurs/").content.decode()
    assert "Candidater comme porteur de projet" in page
    url = f"/programmes/appels/{call.pk}/mon-projet/"
    refused = client.post(url, {"holder_name": "Salma", "holder_cin": "12", "region": "03",
                                "project_summary": "Atelier"}, follow=True).content.decode()  # fmt: skip
    assert "CIN invalide" in refused
    response = client.post(url, {"holder_name": "Salma Idrissi", "holder_cin": "cd 445566", "region": "03",
                                 "project_summary": "Atelier de couture"}, follow=True)  # fmt: skip
    assert "Candidature déposée." in response.content.decode()
    application = ProgrammeApplication.objects.get()
    assert (application.applicant, application.holder_cin, application.state) == (entrepreneur, "CD445566", "submitted")


@pytest.mark.django_db
def test_an_officer_files_a_project_holder_at_the_counter(client, officer_fes, open_call):
    call = open_call("accompagnement-porteurs")
    client.force_login(officer_fes)
    assert "Enregistrer la candidature d" in client.get(f"/programmes/appels/{call.pk}/").content.decode()
    url = f"/programmes/appels/{call.pk}/porteur/"
    refused = client.post(url, {"holder_name": "", "holder_cin": "AB1234"}, follow=True).content.decode()
    assert "complétez le nom" in refused
    client.post(url, {"holder_name": "Omar Lahlou", "holder_cin": "AB123456", "region": "03",
                      "project_summary": "Unité de séchage de plantes aromatiques"})  # fmt: skip
    application = ProgrammeApplication.objects.get()
    assert (application.holder_name, application.created_by, application.applicant) == ("Omar Lahlou", officer_fes,
                                                                                         None)  # fmt: skip
