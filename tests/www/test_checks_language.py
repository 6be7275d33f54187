"""Automatic check results and the refusals they cause read in the page's language, with Latin values isolated."""

from __future__ import annotations

from datetime import date

import pytest

from moukawil.registry.checks import check_adult, reason_of
from tests.www.test_registry_pages import form_data


@pytest.mark.django_db
def test_check_results_on_an_application_follow_the_page_language(client, submit, officer_fes):
    application = submit(cin="BK555555", first_name="Salma")
    client.force_login(officer_fes)
    url = f"/registre/demandes/{application.reference}/"
    assert "Aucune inscription active pour cette pièce." in client.get(url).content.decode()
    client.cookies["moukawil_language"] = "ar"
    page = client.get(url).content.decode()
    assert "لا يوجد تسجيل ساري المفعول لهذه الوثيقة." in page
    assert "Aucune inscription active" not in page


def test_a_number_inside_an_arabic_reason_is_isolated():
    from django.utils import translation

    check = check_adult(birth_date=date(2010, 5, 1), on=date(2026, 1, 1)).as_dict()
    assert reason_of(check) == "Le demandeur a 15 ans : le statut est réservé aux majeurs."
    with translation.override("ar"):
        assert reason_of(check) == "عمر صاحب الطلب \u206615\u2069 سنة: النظام مخصص للراشدين."


@pytest.mark.django_db
def test_a_refusal_of_the_form_reads_in_arabic(client, entrepreneur, activities):
    client.force_login(entrepreneur)
    client.cookies["moukawil_language"] = "ar"
    page = client.post("/registre/demande/", form_data(activities, birth_date="2012-01-01")).content.decode()
    assert "النظام مخصص للراشدين" in page
    assert "réservé aux majeurs" not in page


@pytest.mark.django_db
def test_a_field_refused_by_the_service_reads_in_arabic_on_the_page_and_in_french_in_the_api(
    client, entrepreneur, activities, as_user
):
    client.force_login(entrepreneur)
    client.cookies["moukawil_language"] = "ar"
    page = client.post("/registre/demande/", form_data(activities, cin="12")).content.decode()
    assert "رقم البطاقة الوطنية غير صحيح: «\u206612\u2069»" in page
    assert "CIN invalide" not in page
    del client.cookies["moukawil_language"]
    client.logout()
    api = as_user(entrepreneur)
    payload = {**form_data(activities, cin="12"), "activity_code": "SRV-001", "province_code": "MA-FES"}
    response = api.post("/api/v1/applications", payload, content_type="application/json")
    assert response.status_code in (400, 422) and "CIN invalide" in response.json()["message"], response.json()
