"""Account management from the app, for administrators: the page and the API call the same services, so they
refuse the same input with the same French message on the same field; every change is audited."""

from html import unescape

import pytest

from moukawil.accounts.models import User
from moukawil.core.enums import AuditEventType
from moukawil.core.models import AuditEvent
from tests.factories import OrganisationFactory, UserFactory


def page_of(response) -> str:
    return unescape(response.content.decode())


@pytest.mark.django_db
def test_only_the_administrator_manages_accounts_and_others_are_told_why(client, agency_officer, admin_user):
    client.force_login(agency_officer)
    assert 'href="/comptes/"' not in client.get("/").content.decode()
    refused = client.get("/comptes/")
    assert refused.status_code == 403
    assert "Seuls les administrateurs gèrent les comptes et les rôles." in page_of(refused)
    assert client.post("/comptes/nouveau/", {"email": "x@exemple.ma", "role": "viewer"}).status_code == 403
    assert not User.objects.filter(email="x@exemple.ma").exists()
    client.force_login(admin_user)
    assert 'href="/comptes/"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_accounts_are_listed_with_filters(client, admin_user, officer_fes, officer_casa, fes):
    gone = UserFactory(viewer=True, email="parti@exemple.ma", is_active=False)
    client.force_login(admin_user)
    everyone = page_of(client.get("/comptes/"))
    assert officer_fes.email in everyone and gone.email in everyone
    in_fes = page_of(client.get("/comptes/?role=ccis_officer&region=03"))
    assert officer_fes.email in in_fes and officer_casa.email not in in_fes
    inactive = page_of(client.get("/comptes/?active=0"))
    assert gone.email in inactive and officer_fes.email not in inactive
    found = client.get("/comptes/?q=chraibi", headers={"HX-Request": "true"})
    assert officer_casa.email in page_of(found) and "<html" not in page_of(found)  # HTMX gets the table only


@pytest.mark.django_db
def test_creating_a_chamber_officer_names_the_missing_region_then_audits_the_account(client, admin_user, fes):
    client.force_login(admin_user)
    data = {"email": "Nouvel.Agent@CCIS-fes.ma", "first_name": "Youssef", "last_name": "Idrissi",
            "first_name_ar": "يوسف", "last_name_ar": "الإدريسي", "role": "ccis_officer"}  # fmt: skip
    refused = page_of(client.post("/comptes/nouveau/", data))
    assert 'id="id_region_error"' in refused
    assert "Un agent de chambre doit être rattaché à une région." in refused
    bad_email = page_of(client.post("/comptes/nouveau/", {**data, "email": "pas-une-adresse", "region": "03"}))
    assert 'id="id_email_error"' in bad_email and "Adresse e-mail invalide." in bad_email
    response = client.post("/comptes/nouveau/", {**data, "region": "03"}, follow=True)
    officer = User.objects.get(email="nouvel.agent@ccis-fes.ma")
    assert officer.role == "ccis_officer" and officer.region == fes and officer.last_name_ar == "الإدريسي"
    assert not officer.has_usable_password()
    assert "Mot de passe oublié" in page_of(response)
    assert AuditEvent.objects.filter(event_type=AuditEventType.USER_CREATED, target_id=str(officer.pk)).exists()


@pytest.mark.django_db
def test_a_bank_officer_needs_his_bank(client, admin_user):
    vendor = OrganisationFactory(vendor=True)
    client.force_login(admin_user)
    data = {"email": "banquier@exemple.ma", "role": "bank_officer"}
    assert "doit être rattaché à son organisation" in page_of(client.post("/comptes/nouveau/", data))
    wrong = page_of(client.post("/comptes/nouveau/", {**data, "organisation": vendor.pk}))
    assert 'id="id_organisation_error"' in wrong and "Un chargé de financement appartient à une banque." in wrong


@pytest.mark.django_db
def test_changing_a_role_and_region_is_audited(client, admin_user, officer_fes, casa):
    client.force_login(admin_user)
    url = f"/comptes/{officer_fes.pk}/"
    assert 'value="03" selected' in client.get(url).content.decode()
    refused = page_of(client.post(url, {"role": "ccis_officer", "region": ""}))
    assert "Un agent de chambre doit être rattaché à une région." in refused
    client.post(url, {"role": "ccis_officer", "region": casa.code})
    officer_fes.refresh_from_db()
    assert officer_fes.region == casa
    event = AuditEvent.objects.get(event_type=AuditEventType.USER_ROLE_CHANGED, target_id=str(officer_fes.pk))
    assert event.before["region"] != event.after["region"]


@pytest.mark.django_db
def test_deactivation_asks_for_confirmation_then_audits(client, admin_user, officer_fes):
    client.force_login(admin_user)
    url = f"/comptes/{officer_fes.pk}/activation/"
    confirm = page_of(client.get(url))
    assert "Désactiver le compte de" in confirm and officer_fes.email in confirm
    officer_fes.refresh_from_db()
    assert officer_fes.is_active  # asking is not doing
    client.post(url)
    officer_fes.refresh_from_db()
    assert not officer_fes.is_active
    assert "Réactiver le compte de" in page_of(client.get(url))
    client.post(url)
    officer_fes.refresh_from_db()
    assert officer_fes.is_active
    kinds = set(AuditEvent.objects.filter(target_id=str(officer_fes.pk)).values_list("event_type", flat=True))
    assert {AuditEventType.USER_DEACTIVATED, AuditEventType.USER_REACTIVATED} <= kinds


@pytest.mark.django_db
def test_the_administrator_cannot_deactivate_himself(client, admin_user):
    client.force_login(admin_user)
    response = client.post(f"/comptes/{admin_user.pk}/activation/", follow=True)
    assert "Vous ne pouvez pas désactiver votre propre compte." in page_of(response)
    admin_user.refresh_from_db()
    assert admin_user.is_active


@pytest.mark.django_db
def test_refusals_are_in_arabic_on_an_arabic_page(client, admin_user):
    client.force_login(admin_user)
    client.cookies["moukawil_language"] = "ar"
    page = page_of(client.post("/comptes/nouveau/", {"email": "a@exemple.ma", "role": "ccis_officer"}))
    assert "يجب أن يكون موظف الغرفة تابعًا لجهة." in page
    assert "Un agent de chambre" not in page and "Nouveau compte" not in page


# --- The API: the same services, the same messages, the same field names ------------------------------------------


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


@pytest.mark.django_db
def test_the_api_refuses_what_the_form_refuses_on_the_same_field(as_user, admin_user, fes):
    api = as_user(admin_user)
    refused = post(api, "/api/v1/users", {"email": "agent@exemple.ma", "role": "ccis_officer"})
    assert refused.status_code == 400
    assert refused.json()["field"] == "region"
    assert refused.json()["message"] == "Un agent de chambre doit être rattaché à une région."
    assert post(api, "/api/v1/users", {"email": "non", "role": "viewer"}).json()["field"] == "email"
    assert (
        post(api, "/api/v1/users", {"email": "a@exemple.ma", "role": "ccis_officer", "region": "99"}).json()["field"]
        == "region"
    )
    created = post(api, "/api/v1/users", {"email": "Agent@Exemple.ma", "role": "ccis_officer", "region": "03"})
    assert created.status_code == 201
    assert created.json()["email"] == "agent@exemple.ma" and created.json()["region"]["code"] == "03"


@pytest.mark.django_db
def test_the_api_lists_and_changes_accounts_for_administrators_only(as_user, admin_user, officer_fes, agency_officer):
    api = as_user(admin_user)
    listed = api.get("/api/v1/users?role=ccis_officer").json()
    assert [u["email"] for u in listed["items"]] == [officer_fes.email]
    changed = api.patch(
        f"/api/v1/users/{officer_fes.pk}", {"role": "agency_officer", "region": None}, content_type="application/json"
    ).json()
    assert changed["role"] == "agency_officer" and changed["region"] is None
    off = api.patch(f"/api/v1/users/{officer_fes.pk}", {"is_active": False}, content_type="application/json")
    assert off.json()["is_active"] is False
    agency = as_user(agency_officer)
    refused = agency.get("/api/v1/users")
    assert refused.status_code == 403
    assert refused.json()["message"] == "Seuls les administrateurs gèrent les comptes et les rôles."
    assert (
        agency.patch(
            f"/api/v1/users/{officer_fes.pk}", {"is_active": True}, content_type="application/json"
        ).status_code
        == 403
    )
