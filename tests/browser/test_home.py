"""Every role logs in and its home page names what to do next, in French and in Arabic."""

import pytest

from moukawil.accounts.models import User
from tests.factories import PASSWORD, UserFactory

# (factory traits, what the French page tells to do, the same in Arabic)
ROLES = {
    "entrepreneur": ({}, "Déposez votre demande d'inscription", "أودع طلب تسجيلك"),
    "ccis_officer": ({"ccis_officer": True}, "Aucun dossier n'attend", "لا يوجد ملف في الانتظار"),
    "agency_officer": ({"agency_officer": True}, "Aucun dossier n'attend", "لا يوجد ملف في الانتظار"),
    "viewer": ({"viewer": True}, "Votre compte est en lecture seule", "حسابك للاطلاع فقط"),
    "bank_officer": (
        {"bank_officer": True},
        "aucune demande de financement n'attend votre décision",
        "لا يوجد أي طلب تمويل في انتظار قراركم",
    ),
    "vendor": ({"vendor": True}, "demandez l'agrément Infitah de votre entreprise", "اطلبوا اعتماد مقاولتكم في انفتاح"),
    "admin": ({"admin": True}, "Aucun dossier n'attend", "لا يوجد ملف في الانتظار"),
}


def log_in(page, user):
    page.goto("/connexion/")
    page.get_by_label("Adresse e-mail").fill(user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


@pytest.mark.parametrize("role", list(ROLES))
def test_each_home_names_what_to_do_next_in_french_and_arabic(page, role):
    traits, french, arabic = ROLES[role]
    log_in(page, UserFactory(**traits))
    next_step = page.get_by_test_id("next-step")
    assert french in next_step.inner_text()
    page.get_by_role("button", name="العربية").click()
    page.wait_for_selector("html[dir=rtl]")
    assert arabic in page.get_by_test_id("next-step").inner_text()
    assert "À faire maintenant" not in page.locator("main").inner_text()


def test_the_administrator_creates_a_chamber_officer_from_his_home(page, fes):
    log_in(page, UserFactory(admin=True))
    page.get_by_role("link", name="Gérer les comptes").click()
    page.get_by_role("link", name="Nouveau compte").click()
    page.get_by_label("Adresse e-mail").fill("agent.nouveau@ccis-fes.ma")
    page.get_by_label("Nom de famille", exact=True).fill("Alaoui")
    page.get_by_label("Rôle").select_option("ccis_officer")
    page.get_by_role("button", name="Créer le compte").click()
    assert "Un agent de chambre doit être rattaché à une région." in page.locator("#id_region_error").inner_text()
    page.get_by_label("Région").select_option("03")
    page.get_by_role("button", name="Créer le compte").click()
    page.get_by_text("Compte créé pour agent.nouveau@ccis-fes.ma").wait_for()
    assert User.objects.get(email="agent.nouveau@ccis-fes.ma").region == fes
