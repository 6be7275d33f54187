import re

from moukawil.registry.models import Application
from tests.factories import PASSWORD, UserFactory


def log_in(page, user):
    page.goto("/connexion/")
    page.get_by_label("Adresse e-mail").fill(user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def test_apply_online_then_an_officer_approves_and_the_entrepreneur_sees_his_number(
    page, browser, live_server, activities, fes
):
    entrepreneur = UserFactory(email="salma@exemple.ma", first_name="Salma", last_name="Idrissi")
    log_in(page, entrepreneur)
    page.get_by_role("link", name="Mon inscription").click()
    page.get_by_role("link", name="Déposer une demande d'inscription").click()
    page.get_by_label("Numéro de la pièce").fill("bk 123 456")
    page.get_by_label("Sexe").select_option("F")
    page.get_by_label("Date de naissance").fill("1992-04-12")
    page.get_by_label("Préfecture ou province").select_option(label="Fès")
    page.get_by_label("Téléphone").fill("0661234567")
    page.get_by_label(re.compile(r"^Activité")).select_option(label="Accessoiriste")
    page.get_by_label("J'atteste l'exactitude").check()
    page.get_by_role("button", name="Déposer la demande").click()
    page.get_by_test_id("public-state").filter(has_text="Reçue, en attente d'instruction").wait_for()
    reference = Application.objects.get().reference

    officer_context = browser.new_context(base_url=live_server.url)
    officer_page = officer_context.new_page()
    log_in(officer_page, UserFactory(ccis_officer=True, region=fes))
    officer_page.get_by_role("link", name="Demandes", exact=True).click()
    officer_page.get_by_role("link", name=reference).click()
    officer_page.get_by_role("button", name="Accepter").click()
    officer_page.get_by_test_id("state").filter(has_text="Acceptée").wait_for()
    number = officer_page.get_by_test_id("registration-number").inner_text()
    officer_context.close()

    page.reload()
    assert page.get_by_test_id("registration-number").inner_text() == number
    assert "Acceptée : vous êtes inscrit au registre" in page.get_by_test_id("public-state").inner_text()


def test_certificate_download_and_public_verification(page, submit, officer_fes, applicant_user):
    from moukawil.registry.services import application_transition

    application = submit(actor=applicant_user, channel="online")
    number = application_transition(actor=officer_fes, application=application, name="approve").registration.number
    log_in(page, applicant_user)
    page.get_by_role("link", name="Mon inscription").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger mon attestation (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"attestation-{number}.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"

    # Anyone, without logging in, checks the number printed on the certificate.
    page.context.clear_cookies()
    page.goto("/")
    page.get_by_role("link", name="Vérifier une inscription").click()
    page.get_by_label("Numéro d'inscription").fill(number)
    page.get_by_role("button", name="Vérifier").click()
    assert "Inscription en vigueur" in page.get_by_test_id("verdict").inner_text()
    assert "Mohamed El Amrani" in page.get_by_test_id("verification-result").inner_text()
