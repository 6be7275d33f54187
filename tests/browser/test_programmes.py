from tests.browser.test_register import log_in


def test_an_entrepreneur_checks_his_eligibility_then_applies(page, entrepreneur, open_call, make_enterprise):
    call = open_call("infitah")
    without_rc = make_enterprise(owner=entrepreneur, name="Atelier sans registre", rc_number="", rc_court=None)
    make_enterprise(owner=entrepreneur, name="Nour Digital SARL")
    log_in(page, entrepreneur)
    page.goto("/")
    page.get_by_role("link", name="Mes programmes").click()
    page.get_by_role("link", name="Voir les programmes").click()
    page.get_by_role("link", name="Infitah — permis numérique et pack TI subventionné").click()
    # The checklist answers criterion by criterion, without reloading the page.
    page.get_by_label("Mon entreprise").select_option(str(without_rc.pk))
    page.get_by_role("button", name="Vérifier", exact=True).click()
    checklist = page.get_by_test_id("checklist")
    checklist.get_by_text("Non éligible pour l'instant").wait_for()
    assert "Ni registre de commerce ni certificat de taxe professionnelle" in checklist.inner_text()
    page.get_by_label("Mon entreprise").select_option(label="Nour Digital SARL")
    page.get_by_role("button", name="Vérifier", exact=True).click()
    page.get_by_text("Éligible : chaque critère est rempli.").wait_for()
    page.get_by_role("button", name=f"Candidater à « {call.name} »").click()
    page.get_by_text("Candidature déposée.").wait_for()
    assert page.get_by_test_id("state").inner_text() == "Déposée"
