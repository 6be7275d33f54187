"""The whole Infitah journey in a browser: an enterprise of the register (RC, nothing to upload) registers to a
training, the officer records its success, the permit's PDF and its public verification, the pack order, the bank's
approval, the vendor's delivery and the receipt confirmed."""

from datetime import timedelta

from moukawil.core import clock
from moukawil.infitah import services
from moukawil.infitah.models import PackOrder
from tests.browser.test_register import log_in
from tests.factories import OrganisationFactory, UserFactory


def _as(browser, live_server, user):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, user)
    return page


def test_infitah_journey_from_training_to_receipt(page, browser, live_server, officer_fes, agency_officer,
                                                  make_enterprise, open_call):  # fmt: skip
    open_call("infitah")
    owner = UserFactory(email="amina.tazi@exemple.ma", first_name="Amina", last_name="Tazi")
    make_enterprise(owner=owner, name="Tazi Couture SARL")
    bank = OrganisationFactory(bank=True, name_fr="Banque Atlas")
    banker = UserFactory(bank_officer=True, organisation=bank, email="karim@banque-atlas.ma")
    vendor_user = UserFactory(vendor=True, email="ventes@saiss-info.ma")
    vendor = services.vendor_apply(actor=vendor_user, ice="001479720450097", association_number="APEBI-7")
    services.vendor_transition(actor=agency_officer, vendor=vendor, name="approve")
    today = clock.today()
    offer = services.offer_save(actor=vendor_user, data=services.OfferData(
        "Portable 15 pouces, clé 3G", "2990", 12, today, today + timedelta(days=60)))  # fmt: skip
    services.offer_transition(actor=vendor_user, offer=offer, name="submit")
    services.offer_transition(actor=agency_officer, offer=offer, name="approve")
    services.session_create(actor=officer_fes, place="CCIS Fès, salle 2", region=officer_fes.region,
                            starts_on=today + timedelta(days=5), capacity=20)  # fmt: skip

    # The entrepreneur: eligible from the register, he registers online.
    log_in(page, owner)
    page.get_by_role("link", name="Infitah", exact=True).click()
    page.get_by_text("inscrivez-vous à une session de formation ci-dessous").wait_for()
    page.get_by_test_id("sessions").get_by_role("link").first.click()
    page.get_by_role("button", name="M'inscrire à cette session").click()
    page.get_by_text("Entreprise inscrite à la formation.").wait_for()

    # The chamber officer records the success: the permit is issued.
    officer = _as(browser, live_server, officer_fes)
    officer.goto(page.url)
    officer.get_by_role("button", name="Noter la réussite (délivre le permis)").click()
    officer.get_by_text("Inscription mise à jour.").wait_for()
    number = officer.get_by_test_id("registrations").get_by_role("link").first.inner_text()
    assert number.startswith("PN-")

    # The permit's PDF and its public verification.
    page.goto("/infitah/")
    with page.expect_response(lambda r: "/pdf/" in r.url) as response:
        page.get_by_role("link", name="Télécharger le permis (PDF)").click()
    assert response.value.headers["content-type"] == "application/pdf"
    page.goto(f"/verifier/permis/{number}/")
    page.get_by_text("Permis numérique valide").wait_for()

    # The order: 897 DH by the state, 2,093 DH financed by the bank.
    page.goto("/infitah/offres/")
    page.get_by_label("Banque partenaire qui finance le reste").select_option(label="Banque Atlas")
    page.get_by_role("button", name="Commander ce pack").click()
    page.get_by_text("la banque étudie le financement").first.wait_for()
    assert "897,00" in page.get_by_test_id("order").inner_text()

    # The bank officer approves with terms.
    banking = _as(browser, live_server, banker)
    banking.get_by_text("1 demande de financement attend votre décision").wait_for()
    banking.goto("/infitah/financements/")
    assert "2\u202f093,00" in banking.get_by_test_id("financing").inner_text()
    banking.get_by_label("Mensualité (DH)").fill("95")
    banking.get_by_role("button", name="Accorder").click()
    banking.get_by_text("Décision enregistrée").wait_for()

    # The vendor delivers with the serial number.
    selling = _as(browser, live_server, vendor_user)
    selling.get_by_text("1 commande financée attend votre livraison").wait_for()
    selling.goto("/infitah/offres/")
    selling.get_by_label("Numéro de série de l'ordinateur").fill("5CD2419XQ7")
    selling.get_by_role("button", name="Marquer livré").click()
    selling.get_by_text("Commande mise à jour.").wait_for()

    # The entrepreneur confirms receipt.
    page.goto("/infitah/")
    page.get_by_text("Livré : confirmez la réception").wait_for()
    page.get_by_role("button", name="Confirmer la réception").click()
    page.get_by_text("Réception confirmée : pack remis").wait_for()
    order = PackOrder.objects.get()
    assert (order.state, order.serial_number, order.financing.monthly_payment) == ("received", "5CD2419XQ7", 95)
