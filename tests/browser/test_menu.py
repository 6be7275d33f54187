"""The main menu on a phone (390 px): folded behind one button that says whether it is open, works from the keyboard
and in both languages, for every role; on a desktop the menu shows in full and the button is gone."""

import pytest

from tests.browser.test_register import log_in
from tests.factories import UserFactory

PHONE = {"width": 390, "height": 844}
ROLES = {
    "anonymous": None,
    "entrepreneur": {},
    "ccis_officer": {"ccis_officer": True},
    "agency_officer": {"agency_officer": True},
    "viewer": {"viewer": True},
    "admin": {"admin": True},
    "bank_officer": {"bank_officer": True},
    "vendor": {"vendor": True},
}
LABELS = {"fr": ("Menu", "Accueil", "العربية"), "ar": ("القائمة", "الرئيسية", "Français")}


def _in_language(page, language: str) -> None:
    page.goto("/")
    if language == "ar":
        page.get_by_test_id("menu-toggle").click()
        page.get_by_role("button", name="العربية").click()
        page.wait_for_selector("html[dir=rtl]")


@pytest.mark.parametrize("language", ["fr", "ar"])
@pytest.mark.parametrize("role", list(ROLES))
def test_on_a_phone_every_roles_menu_folds_behind_a_button_used_from_the_keyboard(page, role, language):
    if ROLES[role] is not None:
        log_in(page, UserFactory(**ROLES[role]))
        page.get_by_test_id("menu-toggle").wait_for(state="attached")
    page.set_viewport_size(PHONE)
    _in_language(page, language)
    name, home, other_language = LABELS[language]
    toggle = page.get_by_role("button", name=name)
    menu = page.locator("#main-menu")
    # Folded: one button, the links hidden, the header one line high and nothing wider than the phone.
    assert toggle.get_attribute("aria-expanded") == "false"
    assert toggle.get_attribute("aria-controls") == "main-menu"
    assert not menu.is_visible()
    assert not page.get_by_role("link", name=home, exact=True).is_visible()
    assert page.locator("header").bounding_box()["height"] < 80
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # From the keyboard: Tab reaches the button (after the skip link and the brand), Enter opens, Escape closes.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.testid") == "menu-toggle"
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    page.get_by_role("link", name=home, exact=True).wait_for()
    assert page.get_by_role("button", name=other_language).is_visible()
    links = menu.locator(".nav-link")
    assert links.count() >= 2
    for i in range(links.count()):  # each link readable on the phone, none cut at its edge
        box = links.nth(i).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not menu.is_visible()
    assert page.evaluate("document.activeElement.dataset.testid") == "menu-toggle"
    page.keyboard.press("Space")
    assert toggle.get_attribute("aria-expanded") == "true"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "false"
    if language == "ar":  # right to left: the brand on the right, the button on the left
        brand = page.locator(".navbar-brand").bounding_box()
        assert brand["x"] > toggle.bounding_box()["x"]


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_on_a_desktop_the_menu_shows_in_full_without_the_button(page, language):
    log_in(page, UserFactory(ccis_officer=True))
    page.get_by_test_id("user-badge").wait_for()
    if language == "ar":
        page.get_by_role("button", name="العربية").click()
        page.wait_for_selector("html[dir=rtl]")
        page.wait_for_load_state("load")  # the right-to-left stylesheet applied, not only the page's first bytes
    assert not page.get_by_test_id("menu-toggle").is_visible()
    assert page.get_by_role("link", name=LABELS[language][1], exact=True).is_visible()
    assert page.get_by_test_id("user-badge").is_visible()


def test_without_javascript_the_phone_menu_stays_open(browser, live_server, territory):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto("/")
    assert not page.get_by_test_id("menu-toggle").is_visible()
    assert page.get_by_role("link", name="Accueil", exact=True).is_visible()
    context.close()
