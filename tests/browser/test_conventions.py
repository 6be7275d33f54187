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


def test_an_officer_changes_a_draft_conventions_target_and_sees_it_in_french_and_arabic(
    page, fes, officer_fes, activities
):
    """The edit journey: the officer changes the 2019 target from 500 to 1,000 on the page; the bar halves. The edit
    pages and the regional dashboard's provinces in Arabic carry no French and no serious accessibility fault."""
    from .accessibility import serious_violations, untranslated_french

    convention = fes_anpme_convention(fes, officer_fes)
    make_registrations(fes, date(2019, 12, 31), 500)
    log_in(page, officer_fes)
    page.goto(f"/conventions/{convention.pk}/")
    page.get_by_role("link", name="Modifier : Auto-entrepreneurs inscrits — 2019").click()
    page.get_by_label("Cible").fill("1000")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(f"**/conventions/{convention.pk}/")
    assert "Engagement modifié." in page.locator("main").inner_text() or "Engagement modifié." in page.content()
    bars = page.locator("progress.mk-progress")
    assert [bars.nth(i).get_attribute("value") for i in range(2)] == ["50", "33"]
    assert "1\u202f000" in page.get_by_test_id("progress").inner_text()
    page.get_by_role("link", name="Modifier la convention").click()
    page.get_by_label("Intitulé").fill("CCIS Fès-Meknès × ANPME — révisée")
    page.locator("#id_ends_on").fill("2021-12-31")
    page.locator("input[name=parties]").first.check()  # the seed's convention was recorded without its parties
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(f"**/conventions/{convention.pk}/")
    assert page.get_by_role("heading", name="CCIS Fès-Meknès × ANPME — révisée").is_visible()
    page.goto("/tableaux-de-bord/?province=MA-FES")
    assert page.get_by_test_id("by-province").is_visible()

    page.get_by_role("button", name="العربية").click()
    page.wait_for_selector("html[dir=rtl]")
    # The convention's title, its commitments' labels and its parties' names are data (typed in French).
    data = {"CCIS", "Fès", "Meknès", "ANPME", "révisée", "Auto", "entrepreneurs", "inscrits"}
    data |= {w for party in convention.parties.all() for w in party.name_fr.split()}
    data |= set(officer_fes.display_name.split())
    for path in (f"/conventions/{convention.pk}/", f"/conventions/{convention.pk}/modifier/",
                 f"/conventions/{convention.pk}/engagements/{convention.commitments.first().pk}/",
                 "/tableaux-de-bord/?province=MA-FES"):  # fmt: skip
        page.goto(path)
        assert untranslated_french(page, allowed=data) == [], path
        assert serious_violations(page) == [], path
    assert page.get_by_test_id("by-province").is_visible()
    page.screenshot(path=ARTIFACTS / "dashboard-provinces-ar.png", full_page=True)
