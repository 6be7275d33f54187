"""Hostile input refused once for the whole API and every page: a NUL character in the query string, the path, a
JSON body or a form (PostgreSQL refuses it in text: it answered 500 there), an absurd offset, a JSON null where a
value is required, a year or a budget out of bounds — a French message naming the field, never a 500."""

import json

import pytest

LISTS = ["/api/v1/registrations", "/api/v1/enterprises", "/api/v1/organisations", "/api/v1/users",
         "/api/v1/applications", "/api/v1/calls", "/api/v1/audit-events"]  # fmt: skip
PAGES = ["/registre/inscriptions/", "/entreprises/", "/comptes/", "/organisations/", "/journal/"]


@pytest.fixture
def api(client, as_user, admin_user):
    client.raise_request_exception = False
    return as_user(admin_user)


@pytest.mark.django_db
@pytest.mark.parametrize("path", LISTS)
def test_a_nul_in_the_search_of_a_list_is_refused_naming_the_field(api, path):
    answer = api.get(path, {"q": "Fas\x00si"})
    assert answer.status_code == 422, answer.content[:300]
    body = answer.json()
    assert body["field"] == "q" and "caractère nul" in body["message"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", [p for p in LISTS if p != "/api/v1/calls"])  # the calls are not paged
def test_an_absurd_offset_is_refused_on_every_list(api, path):
    answer = api.get(path, {"offset": "9223372036854775808"})
    assert answer.status_code == 422 and answer.json()["field"] == "offset"


@pytest.mark.django_db
def test_a_nul_in_a_json_body_is_refused_naming_the_field(api):
    answer = api.patch("/api/v1/organisations/1", json.dumps({"name_fr": "CCIS\x00"}), content_type="application/json")
    assert answer.status_code == 422 and answer.json()["field"] == "name_fr"
    answer = api.post("/api/v1/applications/bulk-transitions",
                      json.dumps({"name": "approve", "references": ["A", "B\x00"]}),
                      content_type="application/json")  # fmt: skip
    assert answer.status_code == 422 and answer.json()["field"] == "references.1"


@pytest.mark.django_db
def test_a_null_where_a_value_is_required_is_refused_naming_the_field(api):
    answer = api.patch("/api/v1/organisations/1", json.dumps({"name_fr": None}), content_type="application/json")
    assert answer.status_code == 400 and answer.json()["field"] == "name_fr", answer.content


@pytest.mark.django_db
def test_an_e_mail_over_254_characters_is_refused_by_the_api(api):
    answer = api.post("/api/v1/users", json.dumps({"email": "a" * 250 + "@x.ma", "role": "viewer"}),
                      content_type="application/json")  # fmt: skip
    assert answer.status_code == 422 and answer.json()["field"] == "email"


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "value"), [("year", -1), ("budget", 1.6e-277), ("budget", 1e20)])
def test_a_call_out_of_bounds_is_refused_naming_the_field(client, as_user, agency_officer, programmes, field, value):
    client.raise_request_exception = False
    data = {"programme": "infitah", "year": 2026, "budget": 1000, "opens_on": "2026-01-01", "closes_on": "2026-02-01"}
    answer = as_user(agency_officer).post("/api/v1/calls", json.dumps({**data, field: value}),
                                          content_type="application/json")  # fmt: skip
    assert answer.status_code in (400, 422) and answer.json()["field"] == field, answer.content
    assert client.get("/api/v1/calls").status_code == 200


@pytest.mark.django_db
def test_the_openapi_document_lists_the_error_responses(client):
    document = client.get("/api/v1/openapi.json").json()
    patch = document["paths"]["/api/v1/organisations/{organisation_id}"]["patch"]["responses"]
    assert {"400", "401", "403", "404", "409", "422", "429"} <= set(patch)
    assert patch["422"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorOut"}
    call = document["paths"]["/api/v1/calls"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    budget = document["components"]["schemas"][call["$ref"].split("/")[-1]]["properties"]["budget"]["anyOf"][0]
    assert budget["minimum"] == 0 and budget["exclusiveMaximum"] == 1e10


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_a_nul_in_the_search_of_a_page_gets_a_french_400(client, admin_user, page):
    client.raise_request_exception = False
    client.force_login(admin_user)
    answer = client.get(page, {"q": "Fas\x00si"})
    assert answer.status_code == 400
    assert "q : le caractère nul (U+0000) n&#x27;est pas accepté." in answer.content.decode()


@pytest.mark.django_db
def test_a_simulation_before_the_known_rules_is_refused_naming_the_date(client):
    client.raise_request_exception = False
    answer = client.get("/api/v1/rules/simulate", {"goods": "0", "periodicity": "monthly", "on": "2000-01-01"})
    assert answer.status_code == 400 and answer.json()["field"] == "on"


@pytest.mark.django_db
def test_statistics_of_a_year_before_the_known_rules_is_not_a_server_error(as_user, client, admin_user):
    client.raise_request_exception = False
    answer = as_user(admin_user).get("/api/v1/declarations/missing", {"year": 2000, "period": 1})
    assert answer.status_code == 400 and "aucune valeur avant le 01/01/2015" in answer.json()["message"]
