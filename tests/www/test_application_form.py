"""The register's application form: what a person meets (names in reading order, a country list, activities by
category with a search box) and one validation shared with the API (the service's ``clean_applicant``)."""

import re

import pytest
from django.utils import translation

from moukawil.core.countries import COUNTRY_CODES, country_choices
from moukawil.registry.models import Application
from tests.api.test_registry_api import PAYLOAD
from tests.www.test_registry_pages import form_data


def options_of(page: str, select_id: str) -> str:
    return re.search(rf'<select[^>]*id="{select_id}".*?</select>', page, re.S).group(0)


@pytest.mark.django_db
def test_nationality_is_a_list_of_countries_morocco_first_in_the_page_language(client, entrepreneur, activities):
    client.force_login(entrepreneur)
    page = client.get("/registre/demande/").content.decode()
    assert "code ISO" not in page
    select = options_of(page, "id_nationality")
    values = re.findall(r'<option value="([A-Z]{2})"', select)
    assert values[0] == "MA" and '<option value="MA" selected>Maroc</option>' in select
    assert {"FR", "DZ", "SN", "ES"} <= set(values) and "EH" not in values and "EU" not in values
    assert select.index(">Algérie<") < select.index(">Égypte<") < select.index(">Espagne<")  # accents ignored

    client.cookies["moukawil_language"] = "ar"
    select = options_of(client.get("/registre/demande/").content.decode(), "id_nationality")
    assert '<option value="MA" selected>المغرب</option>' in select and ">فرنسا<" in select


def test_the_form_offers_exactly_the_codes_the_service_accepts():
    for language in ("fr", "ar"):
        assert {code for code, _name in country_choices(language)} == COUNTRY_CODES


@pytest.mark.django_db
def test_activities_are_grouped_by_category_in_a_searchable_list(client, entrepreneur, activities):
    client.force_login(entrepreneur)
    page = client.get("/registre/demande/").content.decode()
    select = options_of(page, "id_activity")
    groups = re.findall(r'<optgroup label="([^"]+)">', select)
    assert groups == [
        "Commerciale",
        "Industrielle",
        "Artisanale",
        "Prestation de services",
        "Professions exclues du statut",
    ]
    assert len(re.findall(r"<option value=\"\d+\"", select)) == len(activities) - sum(
        not a.is_active for a in activities.values()
    )
    accessoiriste = next(a for a in activities.values() if a.name_fr == "Accessoiriste")
    option = re.search(rf'<option value="{accessoiriste.pk}"[^>]*>', select).group(0)
    assert f'data-search="{accessoiriste.code} Accessoiriste {accessoiriste.name_ar}"' in option
    # The search box has its own label, controls the list and announces the number of matches.
    assert '<label class="form-label small mb-1" for="id_activity_search">' in page
    assert 'aria-controls="id_activity" aria-describedby="id_activity_matches"' in page
    assert 'id="id_activity_matches" aria-live="polite"' in page
    assert "/static/moukawil/searchable-select.js" in page

    client.cookies["moukawil_language"] = "ar"
    select = options_of(client.get("/registre/demande/").content.decode(), "id_activity")
    assert f">{accessoiriste.name_ar}</option>" in select
    with translation.override("ar"):
        assert f'<optgroup label="{translation.gettext("Artisanale")}">' in select


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_arabic_names_come_in_the_same_order_as_latin_names(client, entrepreneur, activities, language):
    """First name then last name in source order, and no container flips the direction of the Arabic row: in both
    languages the Arabic first name sits where the Latin first name sits."""
    client.force_login(entrepreneur)
    client.cookies["moukawil_language"] = language
    page = client.get("/registre/demande/").content.decode()
    assert page.index('id="id_first_name"') < page.index('id="id_last_name"')
    assert page.index('id="id_first_name_ar"') < page.index('id="id_last_name_ar"')
    row = page[page.rindex('<div class="row', 0, page.index('id="id_first_name_ar"')) :]
    assert row.startswith('<div class="row align-items-end">')  # no dir, no lang: the page's own direction
    assert re.search(r'<input type="text" name="first_name_ar"[^>]*lang="ar" dir="rtl"', page)


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["QQ", "EH", "EU", "M", "MAR"])
def test_form_and_api_refuse_the_same_nationalities_with_the_same_message(
    client, as_user, entrepreneur, activities, code
):
    client.force_login(entrepreneur)
    page = client.post("/registre/demande/", form_data(activities, nationality=code)).content.decode()
    response = as_user(entrepreneur).post(
        "/api/v1/applications", {**PAYLOAD, "nationality": code}, content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["field"] == "nationality"
    message = response.json()["message"]
    assert message.startswith("Nationalité inconnue")
    assert 'id="id_nationality_error"' in page and message.replace("'", "&#x27;") in page
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_a_foreign_applicant_chooses_his_country_on_the_form(client, entrepreneur, activities):
    client.force_login(entrepreneur)
    client.post(
        "/registre/demande/", form_data(activities, nationality="SN", identity_kind="residence_card", cin="E12345")
    )
    assert Application.objects.get().person.nationality == "SN"
