"""A chamber officer opens his convention and sees the progress bars, the chart and the map, in French and Arabic."""

from datetime import date

from tests.browser.test_register import log_in
from tests.conventions.seed import fes_anpme_convention
from tests.indicators.rows import make_registrations

from .conftest import ARTIFACTS


def test_a_chamber_officer_follows_his_convention_in_french_and_arabic(page, fes, officer_fes, activities):
    fes_anpme_convention(fes, officer_fes)
    make_registrations(fes, date(2019, 12, 31), 500)
    log_in(page, officer_fes)
    page.get_by_role("link", name="Conventions").first.click()
    page.get_by_role("link", name="CCIS Fès-Meknès × ANPME").click()
    bars = page.locator("progress.mk-progress")
    assert bars.count() == 2
    assert [bars.nth(i).get_attribute("value") for i in range(2)] == ["100", "33"]
    page.wait_for_function("!!Chart.getChart(document.querySelector('canvas[data-chart=chart-progress]'))")
    assert page.get_by_test_id("region-map").is_visible()
    assert page.locator("[data-testid=region-map] path").count() == 12
    assert page.locator("path.mk-outlined").get_attribute("data-region") == "03"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "convention-fr.png", full_page=True)

    page.get_by_role("button", name="العربية").click()
    page.wait_for_selector("html[dir=rtl]")
    assert page.locator("progress.mk-progress").count() == 2
    page.wait_for_function("!!Chart.getChart(document.querySelector('canvas[data-chart=chart-progress]'))")
    assert page.get_by_test_id("region-map").is_visible()
    assert "تقدم" in page.locator("main").inner_text() or "الالتزامات" in page.locator("main").inner_text()
    page.screenshot(path=ARTIFACTS / "convention-ar.png", full_page=True)
