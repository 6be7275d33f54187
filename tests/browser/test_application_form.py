from moukawil.registry.models import Application
from tests.browser.test_register import log_in
from tests.factories import UserFactory

from .conftest import ARTIFACTS


def test_an_applicant_finds_his_activity_by_typing_and_chooses_his_nationality(page, activities, fes):
    log_in(page, UserFactory(email="yassir@exemple.ma", first_name="Yassir", last_name="Amrani"))
    page.goto("/registre/demande/")
    page.get_by_label("Numéro de la pièce").fill("BK 654 321")
    page.get_by_label("Sexe").select_option("M")
    page.get_by_label("Date de naissance").fill("1990-02-03")
    assert page.get_by_label("Date de naissance").bounding_box()["width"] >= 160
    assert page.get_by_label("Nationalité").input_value() == "MA"
    page.get_by_label("Préfecture ou province").select_option(label="Fès")

    search = page.get_by_label("Rechercher dans la liste")
    search.fill("REPARATION")  # case and accents ignored: « Entretien et réparation … »
    status = page.locator("#id_activity_matches")
    listed = page.locator("#id_activity option")
    assert 1 < listed.count() < 20 and all("réparation" in text.lower() for text in listed.all_inner_texts())
    assert f"{listed.count()} activités correspondent" in status.inner_text()
    search.fill("إصلاح السيارات")  # the Arabic name finds it too
    assert listed.all_inner_texts() == ["Entretien et réparation de véhicules automobiles"]
    search.fill("accessoir")
    assert "1 activité correspond, sélectionnée : Accessoiriste" in status.inner_text()
    search.fill("")
    assert listed.count() == sum(a.is_active for a in activities.values())
    # Keyboard only: type, Enter picks the first match and moves to the list (the form is not submitted).
    search.fill("accessoir")
    search.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_activity"
    assert page.locator("#id_activity").input_value() == str(activities["SRV-001"].pk)
    assert not Application.objects.exists()

    page.get_by_label("J'atteste l'exactitude").check()
    page.get_by_role("button", name="Déposer la demande").click()
    page.get_by_test_id("public-state").filter(has_text="Reçue, en attente d'instruction").wait_for()
    application = Application.objects.get()
    assert application.activity.name_fr == "Accessoiriste" and application.person.nationality == "MA"


def test_arabic_names_sit_under_the_latin_names_in_both_languages(page, activities):
    log_in(page, UserFactory())
    page.goto("/registre/demande/")
    for switch, first_is_left in ((None, True), ("العربية", False)):
        if switch:
            page.get_by_role("button", name=switch).click()
            page.locator("html[dir=rtl]").wait_for()
        boxes = {name: page.locator(f"#id_{name}").bounding_box()["x"] for name in
                 ("first_name", "last_name", "first_name_ar", "last_name_ar")}  # fmt: skip
        assert (boxes["first_name"] < boxes["last_name"]) is first_is_left
        assert (boxes["first_name_ar"] < boxes["last_name_ar"]) is first_is_left
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"application-form-{'ar' if switch else 'fr'}.png", full_page=True)
