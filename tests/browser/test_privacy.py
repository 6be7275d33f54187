"""The entrepreneur sees his data and asks for a rectification; the chamber's officer accepts it; the viewer sees
identities masked."""

from datetime import date

from moukawil.registry.enums import Channel
from moukawil.registry.models import Person
from moukawil.registry.services import application_create, application_transition
from tests.factories import UserFactory

from .test_register import log_in


def test_my_data_then_a_rectification_accepted_by_the_chamber(
    page, browser, live_server, activities, applicant, applicant_user, officer_fes
):
    application = application_create(
        actor=applicant_user, applicant=applicant(cin="BK123456", birth_date=date(1988, 4, 2)),
        activity=activities["SRV-001"], channel=Channel.ONLINE,
    )  # fmt: skip
    application_transition(actor=officer_fes, application=application, name="approve")
    log_in(page, applicant_user)
    page.get_by_role("link", name="Mes données", exact=True).click()
    assert "BK123456" in page.get_by_test_id("my-identity").inner_text()
    with page.expect_download() as download_info:
        page.get_by_test_id("my-data-download").click()
    assert download_info.value.suggested_filename.startswith("mes-donnees-")
    page.get_by_label("Donnée à rectifier").select_option(label="Nom")
    page.get_by_label("Valeur correcte").fill("El Fassi")
    page.get_by_label("Motif").fill("Nom mal orthographié au guichet")
    page.get_by_role("button", name="Envoyer la demande").click()
    page.get_by_text("Demande de rectification envoyée à votre chambre.").wait_for()
    assert "À traiter" in page.get_by_test_id("my-rectifications").inner_text()

    officer_context = browser.new_context(base_url=live_server.url)
    officer_page = officer_context.new_page()
    log_in(officer_page, officer_fes)
    officer_page.get_by_role("link", name="Rectifications", exact=True).click()
    officer_page.get_by_test_id("rectification-rows").get_by_role("link").first.click()
    assert officer_page.get_by_test_id("new-value").inner_text() == "El Fassi"
    officer_page.get_by_role("button", name="Accepter et rectifier").click()
    officer_page.get_by_test_id("rectification-state").filter(has_text="Acceptée").wait_for()
    officer_context.close()
    assert Person.objects.get(cin="BK123456").last_name == "El Fassi"

    viewer_context = browser.new_context(base_url=live_server.url)
    viewer_page = viewer_context.new_page()
    log_in(viewer_page, UserFactory(viewer=True))
    viewer_page.goto(f"/registre/demandes/{application.reference}/")
    body = viewer_page.locator("main").inner_text()
    assert "BK••••56" in body and "BK123456" not in body and "02/04/1988" not in body
    viewer_context.close()
