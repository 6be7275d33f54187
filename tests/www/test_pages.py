import re

import pytest
from django.core import mail

from moukawil.accounts.models import User
from tests.factories import PASSWORD, OrganisationFactory, UserFactory


@pytest.mark.django_db
def test_visitors_see_the_public_home_in_french(client, territory):
    page = client.get("/").content.decode()
    assert '<html lang="fr" dir="ltr">' in page
    assert "Créer mon compte d'entrepreneur" in page


@pytest.mark.django_db
def test_switching_to_arabic_turns_the_page_right_to_left(client, territory):
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "/"}, follow=True)
    page = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "bootstrap.rtl.min.css" in page
    assert "إنشاء حسابي" in page  # "Créer mon compte" in Arabic


@pytest.mark.django_db
def test_login_by_email_whatever_its_case(client, officer_fes):
    response = client.post("/connexion/", {"username": officer_fes.email.upper(), "password": PASSWORD}, follow=True)
    page = response.content.decode()
    assert "Chambre de commerce — région Fès-Meknès" in page
    assert "Vous voyez les dossiers de votre région uniquement" in page


@pytest.mark.django_db
def test_a_wrong_password_is_refused_with_a_message(client, officer_fes):
    page = client.post("/connexion/", {"username": officer_fes.email, "password": "faux"}).content.decode()
    assert "Adresse e-mail ou mot de passe incorrect." in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("entrepreneur", "Votre espace d'entrepreneur"),
        ("officer_fes", "Chambre de commerce — région Fès-Meknès"),
        ("agency_officer", "Vue nationale"),
        ("admin_user", "Vue nationale"),
    ],
)
def test_each_role_has_its_home(client, request, fixture, expected, django_assert_max_num_queries):
    client.force_login(request.getfixturevalue(fixture))
    with django_assert_max_num_queries(10):  # + the coming caravan stops, + the conventions in execution: one each
        page = client.get("/").content.decode()
    assert expected in page


@pytest.mark.django_db
def test_partners_and_viewers_have_their_home(client, territory):
    banker = UserFactory(bank_officer=True)
    client.force_login(banker)
    assert "Espace partenaire" in client.get("/").content.decode()
    client.force_login(UserFactory(viewer=True))
    assert "Votre compte est en lecture seule" in client.get("/").content.decode()


@pytest.mark.django_db
def test_the_menu_follows_the_role(client, entrepreneur, officer_fes):
    client.force_login(entrepreneur)
    page = client.get("/").content.decode()
    assert 'href="/journal/"' not in page
    response = client.get("/journal/")
    assert response.status_code == 403
    assert "réservée aux agents" in response.content.decode()
    client.force_login(officer_fes)
    assert 'href="/journal/"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login_page(client, territory):
    response = client.get("/organisations/")
    assert response.status_code == 302
    assert response["Location"].startswith("/connexion/?next=")


@pytest.mark.django_db
def test_signup_then_home(client, territory):
    response = client.post(
        "/inscription/",
        {
            "first_name": "Hajar",
            "last_name": "Tazi",
            "email": "hajar@exemple.ma",
            "password": "Soleil-de-Fes-2026",
            "consent": "on",
        },
        follow=True,
    )
    assert "Bienvenue, Hajar Tazi" in response.content.decode()


@pytest.mark.django_db
def test_signup_errors_are_shown_next_to_their_field(client, entrepreneur):
    page = client.post(
        "/inscription/",
        {"first_name": "Hajar", "last_name": "Tazi", "email": entrepreneur.email, "password": "123"},
    ).content.decode()
    assert 'id="id_consent_error"' in page
    assert 'aria-invalid="true"' in page
    assert User.objects.filter(first_name="Hajar").count() == 0
    page = client.post(
        "/inscription/",
        {
            "first_name": "Hajar",
            "last_name": "Tazi",
            "email": entrepreneur.email,
            "password": "Soleil-de-Fes-2026",
            "consent": "on",
        },
    ).content.decode()
    assert re.search(r'id="id_email_error"[^>]*>\s*Un compte existe déjà pour cette adresse e-mail', page)


@pytest.mark.django_db
def test_password_reset_sends_a_french_email(client, entrepreneur):
    client.post("/mot-de-passe/oubli/", {"email": entrepreneur.email})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Moukawil : choisir un nouveau mot de passe"
    link = re.search(r"http://testserver(/mot-de-passe/nouveau/\S+)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    page = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "Nouveau-Mot-2026!", "new_password2": "Nouveau-Mot-2026!"},
        follow=True,
    ).content.decode()
    assert "Mot de passe changé" in page
    entrepreneur.refresh_from_db()
    assert entrepreneur.check_password("Nouveau-Mot-2026!")


@pytest.mark.django_db
def test_organisation_filters_answer_htmx_with_the_table_only(client, agency_officer, fes):
    OrganisationFactory(kind="municipal_council", name_fr="Conseil communal de Taoujdat", region=fes)
    client.force_login(agency_officer)
    response = client.get("/organisations/?q=taoujdat", HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "<html" not in page
    assert "Conseil communal de Taoujdat" in page
    assert "1 organisation" in page


@pytest.mark.django_db
def test_organisation_form_refuses_a_chamber_without_region(client, agency_officer):
    client.force_login(agency_officer)
    page = client.post("/organisations/nouvelle/", {"kind": "ccis", "name_fr": "Chambre X"}).content.decode()
    assert "Une chambre de commerce est rattachée à une région." in page
    response = client.post("/organisations/nouvelle/", {"kind": "bank", "name_fr": "Banque Populaire (test)"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_tokens_are_created_from_the_account_page(client, entrepreneur):
    client.force_login(entrepreneur)
    page = client.post("/compte/jetons/", {"name": "Caisse", "valid_days": 90}, HTTP_HX_REQUEST="true").content.decode()
    assert "Copiez ce jeton maintenant" in page
    assert re.search(r"mkw_[\w-]{20,}", page)
    page = client.post("/compte/jetons/", {"name": "", "valid_days": 9999}, HTTP_HX_REQUEST="true").content.decode()
    assert "Copiez ce jeton" not in page
    assert 'id="id_valid_days_error"' in page
