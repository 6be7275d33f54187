"""A dashboard is written once per refresh, scope, language and address, and shared by its readers: each still gets
his own refresh button or read-only notice, a refresh shows at once, a chamber never reads another's page."""

from datetime import date

import pytest
from django.test import Client

from moukawil.accounts.enums import Role
from moukawil.indicators.services import summaries_refresh
from tests.factories import UserFactory
from tests.indicators.rows import make_registrations

pytestmark = pytest.mark.django_db


def _page(user, address="/tableaux-de-bord/?annee=2019", language="fr") -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.cookies["moukawil_language"] = language
    client.force_login(user)
    response = client.get(address)
    assert response.status_code == 200
    return response.content.decode()


def test_readers_share_the_figures_not_each_others_buttons(fes, activities, agency_officer):
    make_registrations(fes, date(2019, 5, 2), 7)
    summaries_refresh(actor=agency_officer, all_years=True)
    agency = _page(agency_officer)
    assert 'data-code="register.registrations">7<' in agency
    assert "Recalculer les chiffres" in agency and 'data-testid="read-only"' not in agency

    viewer = _page(UserFactory(role=Role.VIEWER))  # the same national view, written for the agency
    assert 'data-code="register.registrations">7<' in viewer
    assert 'data-testid="read-only"' in viewer and "Recalculer les chiffres" not in viewer

    client = Client()
    client.force_login(agency_officer)
    page = client.get("/tableaux-de-bord/?annee=2019")
    assert "csrfmiddlewaretoken" in page.content.decode()
    client.handler.enforce_csrf_checks = True  # the refresh button's token is this reader's, not the kept page's
    token = page.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    answer = client.post("/tableaux-de-bord/recalcul/", {"csrfmiddlewaretoken": token})
    assert answer.status_code == 302


def test_a_refresh_shows_at_once_and_each_language_has_its_page(fes, activities, agency_officer):
    make_registrations(fes, date(2019, 5, 2), 7)
    summaries_refresh(actor=agency_officer, all_years=True)
    assert 'data-code="register.registrations">7<' in _page(agency_officer)
    make_registrations(fes, date(2019, 6, 2), 5)
    assert 'data-code="register.registrations">7<' in _page(agency_officer)  # the summaries wait for a refresh
    summaries_refresh(actor=agency_officer, all_years=True)
    assert 'data-code="register.registrations">12<' in _page(agency_officer)

    arabic = _page(agency_officer, language="ar")
    assert "Tableau de bord national" not in arabic and 'data-code="register.registrations">12<' in arabic
    assert "Tableau de bord national" in _page(agency_officer)
    other_year = _page(agency_officer, "/tableaux-de-bord/?annee=2020")
    assert 'data-code="register.registrations">0<' in other_year


def test_each_chamber_reads_its_own_regions_page_whatever_the_address(fes, casa, activities, officer_fes, officer_casa):
    make_registrations(fes, date(2019, 5, 2), 3)
    make_registrations(casa, date(2019, 5, 2), 4)
    summaries_refresh(actor=None, all_years=True)

    def provinces(officer) -> str:
        page = _page(officer, f"/tableaux-de-bord/?annee=2019&region={fes.code}")
        return page.split('data-testid="by-province"')[1].split("</table>")[0]

    assert "Fès-Meknès" in provinces(officer_fes) and '<td class="text-end">3</td>' in provinces(officer_fes)
    casablanca = provinces(officer_casa)  # the same address, after Fès's page was kept
    assert "Fès-Meknès" not in casablanca and '<td class="text-end">4</td>' in casablanca
    make_registrations(fes, date(2019, 5, 3), 2)
    summaries_refresh(actor=None, all_years=True)
    assert '<td class="text-end">5</td>' in provinces(officer_fes)


def test_the_page_is_written_once_per_address_whatever_its_unknown_parameters(
    fes, activities, agency_officer, monkeypatch
):
    from moukawil.www import indicators_views

    make_registrations(fes, date(2019, 5, 2), 7)
    summaries_refresh(actor=agency_officer, all_years=True)
    written = []
    original = indicators_views._dashboard_parts
    monkeypatch.setattr(indicators_views, "_dashboard_parts", lambda *a: written.append(1) or original(*a))
    assert 'data-code="register.registrations">7<' in _page(agency_officer, "/tableaux-de-bord/?annee=2019")
    junk = _page(agency_officer, "/tableaux-de-bord/?annee=2019&x=1&categorie=")
    assert 'data-code="register.registrations">7<' in junk
    _page(agency_officer, "/tableaux-de-bord/?x=2&annee=2019")
    assert len(written) == 1  # one page written, read back for the two other addresses
    links = _page(agency_officer, "/tableaux-de-bord/?annee=2019&x=1")
    assert 'href="?annee=2019&format=csv&tableau=indicateurs"' in links  # its links carry the filters only
    _page(agency_officer, "/tableaux-de-bord/?annee=2020")
    assert len(written) == 2
