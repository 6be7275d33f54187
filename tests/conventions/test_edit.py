"""Editing a convention and its commitments: pages (HTMX delete), API, the same checks, the states that lock the
text, the audit, the ministry viewer refused with the policy's reason."""

from datetime import date

import pytest

from moukawil.accounts.services import api_token_create
from moukawil.conventions.services import convention_transition
from moukawil.core.enums import AuditEventType
from moukawil.core.models import AuditEvent
from tests.conventions.seed import fes_anpme_convention
from tests.factories import UserFactory
from tests.indicators.rows import make_registrations


@pytest.fixture
def convention(fes, officer_fes):
    return fes_anpme_convention(fes, officer_fes)


def _api(client, user):
    _token, secret = api_token_create(actor=user, user=user, name="test")
    return {"Authorization": f"Bearer {secret}"}


def _steps(convention, officer, *names):
    dates = {"adopt": date(2019, 3, 14), "sign": date(2019, 3, 28), "start": None}
    for name in names:
        convention = convention_transition(actor=officer, convention=convention, name=name, on=dates[name])
    return convention


COMMITMENT = {"label": "Inscrits — 2019", "indicator": "register.registrations", "scope": "region", "region": "",
              "starts_on": "2019-01-01", "ends_on": "2019-12-31", "target": "500", "cumulative": "on"}  # fmt: skip


@pytest.mark.django_db
def test_an_officer_edits_a_draft_convention_on_its_page(client, convention, officer_fes):
    client.force_login(officer_fes)
    page = client.get(f"/conventions/{convention.pk}/modifier/").content.decode()
    assert 'name="title"' in page and 'name="adopted_on"' not in page  # a step's date comes with its step
    from moukawil.territory.models import Organisation

    parties = list(Organisation.objects.active().filter(region=convention.region).values_list("pk", flat=True)[:2])
    response = client.post(f"/conventions/{convention.pk}/modifier/", {
        "title": "CCIS Fès-Meknès × ANPME (révisée)", "kind": "framework", "object": "Objet révisé",
        "parties": parties, "starts_on": "2019-01-01", "ends_on": "2021-12-31",
    })  # fmt: skip
    assert response.status_code == 302
    convention.refresh_from_db()
    assert (convention.title, convention.kind, convention.ends_on) == (
        "CCIS Fès-Meknès × ANPME (révisée)",
        "framework",
        date(2021, 12, 31),
    )
    event = AuditEvent.objects.filter(event_type=AuditEventType.CONVENTION_UPDATED).get()
    assert event.before["title"] == "CCIS Fès-Meknès × ANPME" and event.after["ends_on"] == "2021-12-31"
    assert event.before["parties"] == [] and sorted(event.after["parties"]) == sorted(parties)
    assert "CCIS Fès-Meknès × ANPME (révisée)" in client.get(f"/conventions/{convention.pk}/").content.decode()


@pytest.mark.django_db
def test_once_adopted_only_the_steps_dates_change_and_the_page_says_why(client, convention, officer_fes):
    convention = _steps(convention, officer_fes, "adopt")
    client.force_login(officer_fes)
    page = client.get(f"/conventions/{convention.pk}/modifier/").content.decode()
    assert "seule la date d&#x27;adoption peut être corrigée" in page
    assert 'name="adopted_on"' in page and 'name="title"' not in page
    client.post(f"/conventions/{convention.pk}/modifier/", {"adopted_on": "2019-03-15"})
    convention.refresh_from_db()
    assert convention.adopted_on == date(2019, 3, 15)
    headers = _api(client, officer_fes)
    refused = client.patch(f"/api/v1/conventions/{convention.pk}", {"title": "Autre"}, content_type="application/json",
                           headers=headers)  # fmt: skip
    assert refused.status_code == 400 and refused.json()["field"] == "title"
    assert "adoptée par l'assemblée générale" in refused.json()["message"]
    # Commitments are the convention's text: locked too, on the pages and the API.
    assert "Ajouter un engagement chiffré" not in client.get(f"/conventions/{convention.pk}/").content.decode()
    commitment = convention.commitments.first()
    refused = client.delete(f"/api/v1/conventions/{convention.pk}/commitments/{commitment.pk}", headers=headers)
    assert refused.status_code == 400 and "avenant" in refused.json()["message"]
    assert convention.commitments.count() == 2


@pytest.mark.django_db
def test_in_execution_only_documents_may_be_joined(client, convention, officer_fes):
    convention = _steps(convention, officer_fes, "adopt", "sign", "start")
    client.force_login(officer_fes)
    page = client.get(f"/conventions/{convention.pk}/modifier/").content.decode()
    assert "seuls des documents peuvent encore y être joints" in page and '<form method="post" class' not in page
    response = client.patch(f"/api/v1/conventions/{convention.pk}", {"signed_on": "2019-03-29"},
                            content_type="application/json", headers=_api(client, officer_fes))  # fmt: skip
    assert response.status_code == 400 and response.json()["field"] == "signed_on"


@pytest.mark.django_db
def test_the_ministry_viewer_is_refused_with_the_reason(client, convention):
    viewer = UserFactory(viewer=True)
    client.force_login(viewer)
    page = client.get(f"/conventions/{convention.pk}/modifier/")
    assert page.status_code == 403 and "lecture seule" in page.content.decode()
    commitment = convention.commitments.first()
    assert client.get(f"/conventions/{convention.pk}/engagements/{commitment.pk}/").status_code == 403
    assert client.post(f"/conventions/{convention.pk}/engagements/{commitment.pk}/supprimer/").status_code == 403
    detail = client.get(f"/conventions/{convention.pk}/").content.decode()
    assert "Modifier la convention" not in detail and "/supprimer/" not in detail
    headers = _api(client, viewer)
    refused = client.patch(f"/api/v1/conventions/{convention.pk}", {"title": "X"}, content_type="application/json",
                           headers=headers)  # fmt: skip
    assert refused.status_code == 403 and "lecture seule" in refused.json()["message"]
    refused = client.patch(f"/api/v1/conventions/{convention.pk}/commitments/{commitment.pk}", {"target": "9"},
                           content_type="application/json", headers=headers)  # fmt: skip
    assert refused.status_code == 403
    assert (
        convention.commitments.count() == 2
        and not AuditEvent.objects.filter(
            event_type__in=[AuditEventType.CONVENTION_UPDATED, AuditEventType.COMMITMENT_UPDATED]
        ).exists()
    )


@pytest.mark.django_db
def test_an_officer_changes_a_commitment_and_sees_the_new_target(client, convention, fes, officer_fes, activities):
    make_registrations(fes, date(2019, 12, 31), 500)
    commitment = convention.commitments.get(ends_on=date(2019, 12, 31))
    client.force_login(officer_fes)
    form = client.get(f"/conventions/{convention.pk}/engagements/{commitment.pk}/").content.decode()
    assert 'value="500"' in form and "Modifier l'engagement chiffré" in form
    response = client.post(f"/conventions/{convention.pk}/engagements/{commitment.pk}/",
                           {**COMMITMENT, "region": fes.pk, "target": "1000"})  # fmt: skip
    assert response.status_code == 302
    page = client.get(f"/conventions/{convention.pk}/").content.decode()
    assert "1\u202f000" in page or "1\u00a0000" in page
    assert 'value="50"' in page  # 500 of 1,000
    event = AuditEvent.objects.get(event_type=AuditEventType.COMMITMENT_UPDATED)
    assert (event.before["target"], event.after["target"]) == ("500.00", "1000.00")


@pytest.mark.django_db
def test_an_officer_removes_a_commitment_with_htmx(client, convention, officer_fes):
    commitment = convention.commitments.first()
    client.force_login(officer_fes)
    assert f"/engagements/{commitment.pk}/supprimer/" in client.get(f"/conventions/{convention.pk}/").content.decode()
    response = client.post(f"/conventions/{convention.pk}/engagements/{commitment.pk}/supprimer/",
                           headers={"HX-Request": "true"})  # fmt: skip
    assert response.status_code == 204 and response["HX-Redirect"] == f"/conventions/{convention.pk}/"
    assert convention.commitments.count() == 1
    assert AuditEvent.objects.filter(event_type=AuditEventType.COMMITMENT_DELETED).count() == 1
    assert "Engagement supprimé." in client.get(f"/conventions/{convention.pk}/").content.decode()


@pytest.mark.django_db
def test_the_api_adds_changes_and_removes_a_commitment(client, convention, fes, officer_fes, activities):
    from moukawil.territory.models import Province

    meknes = Province.objects.get(code="MA-MEK")
    make_registrations(fes, date(2019, 6, 1), 30, province=meknes)
    make_registrations(fes, date(2019, 6, 1), 70)  # in the region's first province, Fès
    headers = _api(client, officer_fes)
    url = f"/api/v1/conventions/{convention.pk}/commitments"
    created = client.post(url, {"indicator": "register.registrations", "scope": "province", "province": "MA-MEK",
                                "starts_on": "2019-01-01", "ends_on": "2019-12-31", "target": "60",
                                "label": "Meknès"}, content_type="application/json", headers=headers)  # fmt: skip
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["scope"], body["value"], body["percent"]) == ("province", "30", "50.0")
    changed = client.patch(f"{url}/{body['commitment_id']}", {"target": "30"}, content_type="application/json",
                           headers=headers)  # fmt: skip
    assert changed.status_code == 200 and (changed.json()["target"], changed.json()["percent"]) == ("30.00", "100.0")
    removed = client.delete(f"{url}/{body['commitment_id']}", headers=headers)
    assert removed.status_code == 204 and convention.commitments.count() == 2
    assert client.delete(f"{url}/{body['commitment_id']}", headers=headers).status_code == 404


BAD_COMMITMENTS = [
    ({"label": "x" * 201}, "label"),
    ({"target": "1e20"}, "target"),
    ({"target": "-5"}, "target"),
    ({"target": "NaN"}, "target"),
    ({"target": "Infinity"}, "target"),
    ({"starts_on": "2019-12-31", "ends_on": "2019-01-01"}, "ends_on"),
    ({"indicator": "register.unknown"}, "indicator"),
    ({"scope": "commune", "commune_code": "99.999.99.99"}, "commune_code"),
    ({"scope": "province", "province": ""}, "province"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("change", "field"), BAD_COMMITMENTS)
def test_the_form_and_the_api_refuse_the_same_bad_commitment_naming_the_field(
    client, convention, fes, officer_fes, change, field
):
    commitment = convention.commitments.first()
    client.force_login(officer_fes)
    response = client.post(f"/conventions/{convention.pk}/engagements/{commitment.pk}/",
                           {**COMMITMENT, "region": fes.pk, **change})  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200 and f'id="id_{field}_error"' in page  # the message under its field
    payload = {k: v for k, v in {**COMMITMENT, "region": "03", **change}.items() if k != "cumulative"}
    refused = client.patch(f"/api/v1/conventions/{convention.pk}/commitments/{commitment.pk}", payload,
                           content_type="application/json", headers=_api(client, officer_fes))  # fmt: skip
    assert refused.status_code in (400, 422) and refused.json()["field"] == field, refused.json()
    commitment.refresh_from_db()
    assert commitment.target == 500 and commitment.indicator == "register.registrations"


@pytest.mark.django_db
@pytest.mark.parametrize(("change", "field"), [
    ({"title": "Convention\x00"}, "title"), ({"title": "x" * 201}, "title"), ({"kind": "treaty"}, "kind"),
    ({"starts_on": "2020-01-01", "ends_on": "2019-01-01"}, "ends_on"), ({"starts_on": "1900-01-01"}, "starts_on"),
])  # fmt: skip
def test_the_api_refuses_a_bad_convention_naming_the_field(client, convention, officer_fes, change, field):
    refused = client.patch(f"/api/v1/conventions/{convention.pk}", change, content_type="application/json",
                           headers=_api(client, officer_fes))  # fmt: skip
    assert refused.status_code in (400, 422) and refused.json()["field"] == field, refused.json()
    convention.refresh_from_db()
    assert convention.title == "CCIS Fès-Meknès × ANPME" and convention.ends_on == date(2020, 12, 31)


@pytest.mark.django_db
def test_a_nul_byte_on_the_edit_pages_is_refused_naming_the_field(client, convention, fes, officer_fes):
    client.force_login(officer_fes)
    commitment = convention.commitments.first()
    response = client.post(f"/conventions/{convention.pk}/engagements/{commitment.pk}/",
                           {**COMMITMENT, "region": fes.pk, "label": "a\x00b"})  # fmt: skip
    assert response.status_code == 400 and "label : le caractère nul" in response.content.decode()
    response = client.post(f"/conventions/{convention.pk}/modifier/", {"title": "a\x00b"})
    assert response.status_code == 400 and "title : le caractère nul" in response.content.decode()
    refused = client.patch(f"/api/v1/conventions/{convention.pk}/commitments/{commitment.pk}", {"label": "a\x00"},
                           content_type="application/json", headers=_api(client, officer_fes))  # fmt: skip
    assert refused.status_code == 422 and refused.json()["field"] == "label"


@pytest.mark.django_db
def test_a_commune_commitment_names_the_commune_and_its_census_population(client, convention, officer_fes):
    client.force_login(officer_fes)
    client.post(f"/conventions/{convention.pk}/engagements/", {
        **COMMITMENT, "scope": "commune", "commune_code": "03.171.01.03", "label": "Aïn Taoujdat"})  # fmt: skip
    page = client.get(f"/conventions/{convention.pk}/").content.decode()
    assert "Commune Ain Taoujdate (33\u202f055 habitants en 2024)" in page or "Commune Ain Taoujdate (33" in page
    assert "Non mesurable à cette échelle" in page


@pytest.mark.django_db
def test_an_adopted_conventions_commitment_page_says_why_it_is_locked(client, convention, officer_fes):
    convention = _steps(convention, officer_fes, "adopt")
    client.force_login(officer_fes)
    page = client.get(f"/conventions/{convention.pk}/engagements/").content.decode()
    assert 'data-testid="locked"' in page and 'name="target"' not in page
    response = client.post(f"/conventions/{convention.pk}/engagements/", {**COMMITMENT, "scope": "national"})
    assert "joignez un avenant" in response.content.decode() and convention.commitments.count() == 2
    refused = client.patch(f"/api/v1/conventions/{convention.pk}", {"adopted_on": None},
                           content_type="application/json", headers=_api(client, officer_fes))  # fmt: skip
    assert refused.status_code == 400 and refused.json()["field"] == "adopted_on"
