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


def test_an_officer_finds_an_enterprise_by_its_ice_and_edits_it_without_retyping_its_dates(page, officer_fes,
                                                                                          make_enterprise):  # fmt: skip
    from datetime import date

    make_enterprise(name="Atlas Bâtiment")
    enterprise = make_enterprise(name="Atlas Digital", ice="001561191000066", created_on=date(2018, 3, 1))
    log_in(page, officer_fes)
    page.goto("/entreprises/")
    page.get_by_label("Nom, ICE, RC ou IF").fill("001 561 191 000 066")
    page.get_by_role("button", name="Rechercher", exact=True).click()
    page.wait_for_url("**/entreprises/?q=*")
    assert page.get_by_test_id("enterprises").get_by_role("link").all_inner_texts() == ["Atlas Digital"]
    page.get_by_role("link", name="Atlas Digital").click()
    page.get_by_role("link", name="Modifier", exact=True).click()
    assert page.get_by_label("Date de création").input_value() == "2018-03-01"
    page.get_by_label("Effectif").fill("4")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.get_by_text("Entreprise Atlas Digital enregistrée.").wait_for()
    enterprise.refresh_from_db()
    assert (enterprise.employees, enterprise.created_on) == (4, date(2018, 3, 1))
