"""What a person types, through the API and through the pages: the same check refuses the same input with the same
French message naming the field — never a 500, never a negative subsidy."""

import json
from datetime import date

import pytest
from django.utils.html import escape

from moukawil.programmes.models import Call
from tests.factories import UserFactory

ABSURD_NUMBERS = [-0.3, "-1", 1e20, "1e20", 1.6e-277, "1.6e-277", float("nan"), "NaN", float("inf"), "Infinity", "abc"]


def typed(value) -> str:
    """What a person types in a form for the JSON value ``value`` (NaN, Infinity, 1e+20…)."""
    return value if isinstance(value, str) else json.dumps(value)


def post(client, path, data):
    return client.post(path, json.dumps(data), content_type="application/json")


def refused(response, field: str, label: str) -> str:
    """The answer is a 400 or 422 naming ``field``, its French message naming ``label``; the message."""
    assert response.status_code in (400, 422), (response.status_code, response.content)
    body = response.json()
    assert body["field"] == field, body
    assert label in body["message"], body
    return body["message"]


@pytest.fixture
def draft_call(agency_officer, programmes):
    from moukawil.programmes.services import call_create

    return call_create(actor=agency_officer, programme=programmes["infitah"], name="", year=2026, budget="1000000",
                       opens_on=date(2026, 1, 1), closes_on=date(2026, 12, 31))  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("value", [*ABSURD_NUMBERS, 1.5, "1,5"])
def test_the_what_if_and_the_publication_refuse_an_absurd_rate_as_the_page_does(
    as_user, client, agency_officer, draft_call, value
):
    api = as_user(agency_officer)
    message = refused(post(api, f"/api/v1/calls/{draft_call.pk}/what-if", {"subsidy_rate": value}), "subsidy_rate",
                      "Taux de subvention")  # fmt: skip
    refused(post(api, f"/api/v1/calls/{draft_call.pk}/publish", {"subsidy_rate": value}), "subsidy_rate",
            "Taux de subvention")  # fmt: skip
    assert Call.objects.get(pk=draft_call.pk).status == Call.Status.DRAFT
    del client.defaults["HTTP_AUTHORIZATION"]
    client.force_login(agency_officer)
    page = client.get(f"/programmes/appels/{draft_call.pk}/simulation/", {"subsidy_rate": typed(value)})
    assert page.status_code == 200 and escape(message) in page.content.decode()
    published = client.post(f"/programmes/appels/{draft_call.pk}/publier/", {"subsidy_rate": typed(value)}, follow=True)
    assert escape(message) in published.content.decode()
    assert Call.objects.get(pk=draft_call.pk).status == Call.Status.DRAFT


@pytest.mark.django_db
@pytest.mark.parametrize("value", [*ABSURD_NUMBERS, "12.345"])
def test_the_what_if_refuses_an_absurd_cap_as_the_page_does(as_user, client, agency_officer, draft_call, value):
    message = refused(post(as_user(agency_officer), f"/api/v1/calls/{draft_call.pk}/what-if", {"subsidy_cap": value}),
                      "subsidy_cap", "Plafond par bénéficiaire")  # fmt: skip
    del client.defaults["HTTP_AUTHORIZATION"]
    client.force_login(agency_officer)
    page = client.get(f"/programmes/appels/{draft_call.pk}/simulation/", {"subsidy_cap": typed(value)})
    assert escape(message) in page.content.decode()


@pytest.mark.django_db
def test_a_sensible_what_if_still_answers(as_user, agency_officer, draft_call):
    answer = post(as_user(agency_officer), f"/api/v1/calls/{draft_call.pk}/what-if",
                  {"subsidy_rate": "0,3", "subsidy_cap": 800})  # fmt: skip
    assert answer.status_code == 200 and answer.json()["amount_per_beneficiary"] == "800.00"


@pytest.mark.django_db
@pytest.mark.parametrize("value", [-5, *ABSURD_NUMBERS])
def test_eligibility_refuses_an_absurd_turnover_as_the_page_does(client, programmes, value):
    message = refused(post(client, "/api/v1/programmes/infitah/eligibility", {"region_code": "03", "turnover": value}),
                      "turnover", "Chiffre d'affaires")  # fmt: skip
    page = client.get("/programmes/infitah/", {"region": "03", "turnover": typed(value)}).content.decode()
    assert escape(message) in page and 'data-testid="verdict"' not in page


@pytest.mark.django_db
@pytest.mark.parametrize("value", [-1, 1e20, "2.5", "NaN"])
def test_eligibility_refuses_an_absurd_headcount(client, programmes, value):
    message = refused(post(client, "/api/v1/programmes/infitah/eligibility", {"region_code": "03", "employees": value}),
                      "employees", "Effectif")  # fmt: skip
    page = client.get("/programmes/infitah/", {"region": "03", "employees": typed(value)}).content.decode()
    assert escape(message) in page


@pytest.mark.django_db
def test_the_eligibility_reason_shows_the_centimes_that_decide(client, programmes):
    answer = post(client, "/api/v1/programmes/infitah/eligibility",
                  {"region_code": "03", "has_rc": True, "turnover": "2999999.99"})  # fmt: skip
    reason = answer.json()["criteria"][1]["reason"]
    assert "2\u202f999\u202f999,99\u00a0DH" in reason and "3\u202f000\u202f000\u00a0DH" in reason, reason


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field", "label"),
    [
        ({"budget": "-1"}, "budget", "Budget"),
        ({"budget": 1e20}, "budget", "Budget"),
        ({"budget": "NaN"}, "budget", "Budget"),
        ({"year": 99999}, "year", "Année"),
        ({"year": 1e20}, "year", "Année"),
        ({"quotas": {"03": -1}}, "quotas", "Quota"),
        ({"quotas": {"03": 1e20}}, "quotas", "Quota"),
        ({"opens_on": "1000-01-01"}, "opens_on", "Ouverture"),
    ],
)
def test_a_call_with_absurd_figures_is_refused(as_user, agency_officer, programmes, change, field, label):
    data = {"programme": "infitah", "year": 2026, "budget": "1000000", "opens_on": "2026-01-01",
            "closes_on": "2026-12-31", **change}  # fmt: skip
    refused(post(as_user(agency_officer), "/api/v1/calls", data), field, label)
    assert not Call.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["-5", "1e20", "NaN", "Infinity", "1.6e-277"])
def test_the_tax_simulator_refuses_absurd_turnovers_as_the_page_does(client, value):
    answer = client.get("/api/v1/rules/simulate", {"goods": value})
    message = refused(answer, "goods", "Chiffre d'affaires")
    page = client.get("/simulateur/", {"goods": value, "periodicity": "quarterly"}).content.decode()
    assert escape(message) in page


@pytest.mark.django_db
def test_the_tax_simulator_refuses_a_date_out_of_the_platforms_years(client):
    refused(client.get("/api/v1/rules/simulate", {"on": "2999-01-01"}), "on", "Date hors des règles connues")
    page = client.get("/simulateur/", {"on": "2999-01-01", "periodicity": "quarterly"})
    assert page.status_code == 200 and "Date hors des règles connues" in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["-5", "1e20", "NaN", "1.6e-277"])
def test_declarations_and_payments_refuse_absurd_amounts(as_user, registration, applicant_user, agency_officer, value):
    number = registration.number
    data = {"year": 2024, "period": 1, "periodicity": "quarterly", "turnover_goods": value}
    refused(post(as_user(applicant_user), f"/api/v1/registrations/{number}/declarations", data), "turnover_goods",
            "Chiffre d'affaires")  # fmt: skip
    payment = {"amount": value, "channel": "bank", "reference": "VIR-1", "paid_on": "2024-05-01"}
    refused(post(as_user(agency_officer), f"/api/v1/registrations/{number}/payments", payment), "amount",
            "Montant payé")  # fmt: skip


@pytest.mark.django_db
def test_a_declaration_for_an_absurd_year_is_refused(as_user, registration, applicant_user):
    data = {"year": 10**20, "period": 1, "periodicity": "quarterly"}
    refused(post(as_user(applicant_user), f"/api/v1/registrations/{registration.number}/declarations", data), "year",
            "Année")  # fmt: skip
    # Bounded in the schema (2000 to 2100): refused before the permission is looked at.
    answer = as_user(applicant_user).get("/api/v1/declarations/statistics", {"year": 10**20})
    assert answer.status_code == 422 and answer.json()["field"] == "year"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "field"),
    [({"limit": 0}, "limit"), ({"limit": 10**20}, "limit"), ({"offset": -1}, "offset"), ({"offset": 10**20}, "offset"),
     ({"limit": "NaN"}, "limit")],
)  # fmt: skip
def test_pagination_refuses_absurd_limits_and_offsets_in_french(as_user, officer_fes, params, field):
    answer = as_user(officer_fes).get("/api/v1/registrations", params)
    assert answer.status_code == 422 and answer.json()["field"] == field
    assert (answer.json()["message"].startswith("Données invalides") and "Valeur" in answer.json()["message"]) or (
        "nombre entier" in answer.json()["message"]
    )


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["-1", 1e20, "NaN", "2.5"])
def test_an_assessment_with_an_absurd_mark_is_refused_as_the_page_does(
    as_user, client, officer_fes, open_call, make_enterprise, value
):
    from moukawil.programmes.services import application_create, application_transition

    application = application_create(actor=officer_fes, call=open_call("infitah"), enterprise=make_enterprise())
    application_transition(actor=officer_fes, application=application, name="start_review")
    url = f"/api/v1/programme-applications/{application.pk}"
    message = refused(post(as_user(officer_fes), f"{url}/assessments", {"score": value, "comment": "Bien"}), "score",
                      "Note sur 20")  # fmt: skip
    del client.defaults["HTTP_AUTHORIZATION"]
    client.force_login(officer_fes)
    page = client.post(f"/programmes/candidatures/{application.pk}/action/",
                       {"action": "assess", "score": typed(value), "comment": "Bien"}, follow=True)  # fmt: skip
    assert escape(message) in page.content.decode()
    assert not application.assessments.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/api/v1/applications", "/api/v1/registrations", "/api/v1/declarations", "/api/v1/programme-applications",
     "/api/v1/duplicates", "/api/v1/audit-events"],
)  # fmt: skip
@pytest.mark.parametrize("role", ["bank_officer", "vendor"])
def test_a_partner_organisation_is_refused_the_lists_it_may_not_use_with_the_reason(as_user, territory, path, role):
    answer = as_user(UserFactory(**{role: True})).get(path)
    assert answer.status_code == 403, answer.content
    assert answer.json()["code"] == "permission_denied" and "agents" in answer.json()["message"]


@pytest.mark.django_db
def test_an_entrepreneur_still_lists_his_own_files(as_user, registration, applicant_user):
    api = as_user(applicant_user)
    for path in ("/api/v1/applications", "/api/v1/registrations", "/api/v1/declarations",
                 "/api/v1/programme-applications"):  # fmt: skip
        assert api.get(path).status_code == 200, path
    assert api.get("/api/v1/registrations").json()["count"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["1e20", str(10**20), "-1", "abc"])
def test_pages_with_an_absurd_year_fall_back_to_the_current_one(client, officer_fes, year):
    client.force_login(officer_fes)
    for path in ("/registre/chiffres/", "/declarations/statistiques/", "/declarations/suivi/"):
        assert client.get(path, {"annee": year, "periode": year}).status_code == 200, path


@pytest.mark.django_db
def test_an_arabic_page_refuses_in_arabic_and_the_api_in_french(client, programmes):
    answer = post(client, "/api/v1/programmes/infitah/eligibility", {"region_code": "03", "turnover": "-5"})
    assert answer.json()["message"] == "Chiffre d'affaires : montant positif ou nul attendu."
    client.cookies["moukawil_language"] = "ar"
    page = client.get("/programmes/infitah/", {"region": "03", "turnover": "-5"}).content.decode()
    assert "يجب أن يكون المبلغ موجبا أو صفرا" in page and "montant positif" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("value", [True, [1], {"montant": 1}])
def test_a_number_that_is_not_one_names_the_field(client, programmes, value):
    answer = post(client, "/api/v1/programmes/infitah/eligibility", {"region_code": "03", "turnover": value})
    assert answer.status_code == 422
    assert answer.json()["field"] == "turnover" and "Un nombre est attendu" in answer.json()["message"]


@pytest.mark.django_db
def test_the_accounts_list_refuses_an_absurd_offset_like_every_list(as_user, admin_user):
    answer = as_user(admin_user).get("/api/v1/users", {"offset": 10**20})
    assert answer.status_code == 422 and answer.json()["field"] == "offset"
