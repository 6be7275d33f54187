"""The figures pages as a person sees them: charts drawn beside their tables, nothing wider than the screen on a
1280-px monitor or a 390-px phone (screenshots kept in test-artifacts/)."""

import pytest

from moukawil.registry.services import application_transition
from tests.browser.test_register import log_in
from tests.factories import UserFactory

from .conftest import ARTIFACTS


@pytest.mark.parametrize("width", [1280, 390])
def test_register_figures_fit_the_screen_with_their_charts(page, submit, officer_fes, width):
    for index, gender in enumerate("FMF"):
        application = submit(cin=f"BK{index}1111", gender=gender)
        if index == 0:
            application_transition(actor=officer_fes, application=application, name="approve")
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, UserFactory(agency_officer=True))
    page.goto("/registre/chiffres/")
    drawn = "id => !!Chart.getChart(document.querySelector(`canvas[data-chart='${id}']`))"
    for chart_id in ("chart-by-month", "chart-by-region", "chart-by-gender"):
        page.wait_for_function(f"({drawn})('{chart_id}')")
    page.get_by_text("Tableau par mois").click()  # the monthly table unfolds
    assert page.get_by_role("table", name="Demandes et inscriptions par mois").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"register-figures-{width}.png", full_page=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_declaration_statistics_fit_the_screen_with_their_charts(page, registration, applicant_user, width):
    from moukawil.declarations.periods import Period
    from moukawil.declarations.services import declaration_submit

    declaration_submit(actor=applicant_user, registration=registration, period=Period(2024, "quarterly", 1),
                       goods="100000", services="0")  # fmt: skip
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, UserFactory(agency_officer=True))
    page.goto("/declarations/statistiques/?annee=2024")
    page.wait_for_function("!!Chart.getChart(document.querySelector('canvas[data-chart=chart-by-region]'))")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"declaration-statistics-{width}.png", full_page=True)
