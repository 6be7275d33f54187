from tests.factories import PASSWORD, UserFactory

from .conftest import ARTIFACTS


def test_a_chamber_officer_logs_in_in_french_and_switches_to_arabic(page, fes):
    officer = UserFactory(
        ccis_officer=True,
        region=fes,
        email="omar.fassi@ccis-fes.ma",
        first_name="Omar",
        last_name="Fassi",
        first_name_ar="عمر",
        last_name_ar="الفاسي",
    )
    page.goto("/")
    page.get_by_role("navigation").get_by_role("link", name="Se connecter").click()
    page.get_by_label("Adresse e-mail").fill(officer.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    page.get_by_role("heading", name="Chambre de commerce — région Fès-Meknès").wait_for()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.get_by_test_id("user-badge").inner_text().startswith("Omar Fassi")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "home-ccis-fr.png", full_page=True)

    page.get_by_role("button", name="العربية").click()
    page.wait_for_selector("html[dir=rtl]")
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.get_by_test_id("user-badge").inner_text().startswith("عمر الفاسي")
    # The navigation reads from the right: the brand sits right of the menu.
    brand = page.locator(".navbar-brand").bounding_box()
    menu = page.locator(".navbar-nav").bounding_box()
    assert brand["x"] > menu["x"]
    page.screenshot(path=ARTIFACTS / "home-ccis-ar.png", full_page=True)

    page.get_by_role("button", name="Français").click()
    page.wait_for_selector("html[dir=ltr]")


def test_an_officer_filters_organisations_without_reloading(page, fes):
    officer = UserFactory(ccis_officer=True, region=fes)
    page.goto("/connexion/")
    page.get_by_label("Adresse e-mail").fill(officer.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("link", name="Organisations").click()
    page.get_by_label("Rechercher").fill("CCIS")
    page.get_by_test_id("result-count").filter(has_text="1 organisation").wait_for()
    assert "CCIS Fès-Meknès" in page.locator("#results").inner_text()
    assert "Casablanca" not in page.locator("#results").inner_text()
