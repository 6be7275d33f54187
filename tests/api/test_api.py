import pytest

from moukawil.core.enums import AuditEventType
from moukawil.core.models import AuditEvent
from moukawil.territory.models import Organisation
from tests.factories import OrganisationFactory


@pytest.mark.django_db
def test_health_answers_without_authentication(client):
    body = client.get("/api/v1/health").json()
    assert body["status"] == "ok"
    assert body["database"] in {"sqlite", "postgresql"}


@pytest.mark.django_db
def test_the_openapi_schema_documents_every_endpoint(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/health",
        "/api/v1/regions",
        "/api/v1/organisations",
        "/api/v1/audit-events",
        "/api/v1/me",
    ):
        assert path in schema["paths"], path
    assert "TokenAuth" in schema["components"]["securitySchemes"]
    assert client.get("/api/v1/docs").status_code == 200


@pytest.mark.django_db
def test_reference_data_is_public(client, territory):
    regions = client.get("/api/v1/regions").json()
    assert len(regions) == 12
    assert {"code": "03", "name_ar": "فاس مكناس"}.items() <= regions[2].items()
    assert len(client.get("/api/v1/provinces?region=03").json()) == 9


@pytest.mark.django_db
def test_without_credentials_the_answer_is_401_in_the_one_error_shape(client):
    response = client.get("/api/v1/organisations")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    client.defaults["HTTP_AUTHORIZATION"] = "Bearer mkw_faux"
    assert client.get("/api/v1/me").status_code == 401


@pytest.mark.django_db
def test_a_bearer_token_identifies_its_user(as_user, officer_fes):
    me = as_user(officer_fes).get("/api/v1/me").json()
    assert me["email"] == officer_fes.email
    assert me["region"]["code"] == "03"
    assert me["role_label"] == "Agent de chambre (CCIS)"


@pytest.mark.django_db
def test_refusals_say_why_in_french(as_user, officer_fes):
    response = as_user(officer_fes).post(
        "/api/v1/organisations",
        {"kind": "bank", "name_fr": "Banque du Nord"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json() == {
        "code": "permission_denied",
        "message": "Seuls l'agence nationale et les administrateurs gèrent les organisations.",
    }
    assert not Organisation.objects.filter(name_fr="Banque du Nord").exists()


@pytest.mark.django_db
def test_invalid_input_names_the_field(as_user, agency_officer):
    client = as_user(agency_officer)
    response = client.post("/api/v1/organisations", {"kind": "bank"}, content_type="application/json")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["field"] == "name_fr"
    assert "obligatoire" in body["message"]

    response = client.post(
        "/api/v1/organisations",
        {"kind": "ccis", "name_fr": "Chambre sans région"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "region"

    response = client.post(
        "/api/v1/organisations",
        {"kind": "bank", "name_fr": "Banque", "region_code": "99"},
        content_type="application/json",
    )
    assert response.json() == {
        "code": "region.unknown",
        "message": "Région inconnue : « 99 ».",
        "field": "region_code",
    }


@pytest.mark.django_db
def test_an_agency_officer_creates_and_edits_an_organisation(as_user, agency_officer):
    client = as_user(agency_officer)
    response = client.post(
        "/api/v1/organisations",
        {"kind": "municipal_council", "name_fr": "Conseil communal de Taoujdat", "region_code": "03"},
        content_type="application/json",
    )
    assert response.status_code == 201
    organisation_id = response.json()["id"]
    response = client.patch(
        f"/api/v1/organisations/{organisation_id}", {"city": "Taoujdat"}, content_type="application/json"
    )
    assert response.json()["city"] == "Taoujdat"
    events = AuditEvent.objects.filter(target_id=str(organisation_id), target_type="territory.organisation")
    assert set(events.values_list("event_type", flat=True)) == {
        AuditEventType.ORGANISATION_CREATED,
        AuditEventType.ORGANISATION_UPDATED,
    }


@pytest.mark.django_db
def test_lists_do_not_grow_queries_with_rows(as_user, agency_officer, fes, django_assert_max_num_queries):
    client = as_user(agency_officer)
    OrganisationFactory.create_batch(30, region=fes)
    with django_assert_max_num_queries(6):
        body = client.get("/api/v1/organisations?limit=100").json()
    assert body["count"] >= 42
    with django_assert_max_num_queries(6):
        client.get("/api/v1/audit-events?limit=100")


@pytest.mark.django_db
def test_api_tokens_are_managed_through_the_api(as_user, entrepreneur):
    client = as_user(entrepreneur)
    created = client.post("/api/v1/tokens", {"name": "Comptabilité", "valid_days": 30}, content_type="application/json")
    assert created.status_code == 201
    raw = created.json()["token"]
    assert raw.startswith("mkw_")
    listed = client.get("/api/v1/tokens").json()
    assert {t["name"] for t in listed} == {"tests", "Comptabilité"}
    assert "token" not in listed[0]
    revoked = client.delete(f"/api/v1/tokens/{created.json()['id']}").json()
    assert revoked["revoked_at"] is not None


def test_no_two_schemas_of_the_api_share_a_name():
    """The OpenAPI document names each schema by its class name: two apps' ``RegistrationOut`` would be one entry,
    and a client (and schemathesis) would read one endpoint's answers against the other's shape."""
    import importlib
    import pkgutil

    from ninja import Schema

    import moukawil.api

    seen: dict[str, str] = {}
    clashes = []
    for module_info in pkgutil.iter_modules(moukawil.api.__path__):
        module = importlib.import_module(f"moukawil.api.{module_info.name}")
        for name, value in vars(module).items():
            if isinstance(value, type) and issubclass(value, Schema) and value.__module__ == module.__name__:
                if name in seen:
                    clashes.append((name, seen[name], module.__name__))
                seen.setdefault(name, module.__name__)
    assert not clashes
