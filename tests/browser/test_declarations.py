from tests.browser.test_register import log_in


def test_an_entrepreneur_declares_a_quarter_and_sees_his_balance(page, registration, applicant_user):
    log_in(page, applicant_user)
    page.get_by_role("link", name="Mes déclarations", exact=True).click()
    page.get_by_label("Année").select_option("2025")
    page.get_by_role("button", name="Afficher").click()
    row = page.get_by_test_id("periods").get_by_role("row").filter(has_text="T2 2025")
    row.get_by_role("link", name="Déclarer").click()
    page.get_by_label("Chiffre d'affaires encaissé — services (DH)").fill("12000")
    page.get_by_role("button", name="Déclarer").click()
    # Services without the client breakdown: refused, with the reason next to the client lines.
    assert "Détaillez le chiffre d'affaires de services par client" in page.locator("#clients-error").inner_text()
    page.get_by_label("Client 1 : type").select_option("ice")
    page.get_by_label("Client 1 : ICE ou CIN").fill("001561191000066")
    page.get_by_label("Client 1 : montant (DH)").fill("12000")
    page.get_by_role("button", name="Déclarer").click()
    page.get_by_text("Déclaration T2 2025 enregistrée").wait_for()
    row = page.get_by_test_id("periods").get_by_role("row").filter(has_text="T2 2025")
    assert "Déclarée" in row.inner_text() and "420,00\u00a0DH" in row.inner_text()
    assert "420,00\u00a0DH" in page.get_by_test_id("balance").inner_text()


def test_anyone_simulates_the_tax_without_reloading_the_page(page):
    page.goto("/")
    page.get_by_role("link", name="Simulateur").click()
    page.get_by_label("Chiffre d'affaires encaissé — commerce, industrie, artisanat (DH)").fill("60000")
    page.get_by_label("Période contenant la date").fill("2024-05-10")
    page.get_by_role("button", name="Calculer").click()
    assert page.get_by_test_id("total").inner_text() == "870,00\u00a0DH"
    assert "ae.tax_rate.commercial" in page.get_by_test_id("simulation").inner_text()
    assert "goods=60000" in page.url  # the result can be shared: HTMX pushed the query to the address bar


def test_the_simulator_shows_what_a_client_withholds_above_the_threshold(page):
    from .conftest import ARTIFACTS

    page.set_viewport_size({"width": 390, "height": 900})
    page.goto("/simulateur/")
    page.get_by_label("Client 1 : ICE ou CIN").select_option("ice")
    page.get_by_label("Client 1 : montant (DH)").fill("50000")
    page.get_by_label("Client 1 : déjà encaissé dans l'année (DH)").fill("60000")
    page.get_by_label("Client 2 : ICE ou CIN").select_option("cin")
    page.get_by_label("Client 2 : montant (DH)").fill("20000")
    page.get_by_label("Période contenant la date").fill("2024-05-10")
    page.get_by_role("button", name="Calculer").click()
    assert page.get_by_test_id("withholding").inner_text() == "9\u202f000,00\u00a0DH"
    assert (
        page.get_by_test_id("total").inner_text() == "970,00\u00a0DH"
    )  # 400 DH of tax (1 % of 40,000) + 570 DH of AMO
    assert "73-II-G-9°" in page.get_by_test_id("rules").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "simulator-same-client-390.png", full_page=True)
