"""Every main page, as each kind of person meets it, in French and in Arabic: no serious or critical axe-core
violation, and no French left untranslated on the Arabic pages."""

import json

import pytest
from django.conf import settings

from tests.factories import PASSWORD, UserFactory

from .accessibility import serious_violations, untranslated_french

PUBLIC_PAGES = ["/", "/programmes/", "/programmes/infitah/", "/simulateur/", "/regles/", "/verifier/", "/connexion/"]


def _menu(page) -> list[str]:
    """The pages of the reader's navigation menu (his main pages), home first."""
    hrefs = page.locator("nav .navbar-nav a.nav-link").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    return list(dict.fromkeys(hrefs))


def _enter_as(page, live_server, user, language: str) -> None:
    """Log ``user`` in through the login page (none: stay anonymous), then read the site in ``language``."""
    page.context.clear_cookies()
    if user is not None:
        page.goto("/connexion/")
        page.get_by_label("Adresse e-mail").fill(user.email)
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        page.get_by_test_id("user-badge").wait_for()
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_main_pages_have_no_serious_accessibility_violation_and_arabic_pages_no_french(
    page, live_server, language, registration, applicant_user, officer_fes, agency_officer, open_call, make_enterprise
):
    call = open_call("infitah")
    make_enterprise(owner=applicant_user)
    readers = {
        "public": (None, PUBLIC_PAGES),
        "entrepreneur": (applicant_user, []),
        "chamber": (officer_fes, []),
        "agency": (agency_officer, [f"/programmes/appels/{call.pk}/simulation/"]),
        "viewer": (UserFactory(viewer=True), []),
        "bank": (UserFactory(bank_officer=True), []),
        "vendor": (UserFactory(vendor=True), []),
        "administrator": (UserFactory(admin=True), []),
    }
    # People's and organisations' names are data, written in Latin letters in the fixtures.
    people = [user for user, _extra in readers.values() if user is not None]
    data_words = {w for user in people for w in user.display_name.split()}
    data_words |= {w for user in people if user.organisation for w in user.organisation.name_fr.split()}
    data_words |= {"Atlas", "Services", "Omar", "Fassi"}
    data_words |= set(call.name.split())  # a call's name is data (its programme's French name and year)
    problems: dict[str, object] = {}
    for reader, (user, extra) in readers.items():
        _enter_as(page, live_server, user, language)
        page.goto("/")
        assert page.locator("html").get_attribute("lang") == language
        for path in list(dict.fromkeys(["/", *_menu(page), *extra])):
            page.goto(path)
            if violations := serious_violations(page):
                problems[f"{reader} {path} axe"] = violations
            if language == "ar" and (french := untranslated_french(page, allowed=data_words)):
                problems[f"{reader} {path} french"] = french
    assert problems == {}, json.dumps(problems, ensure_ascii=False, indent=1)
