"""Logging in as an officer with two-factor login on (enrol with the QR code, then the code), and the lock-out page
after too many failures, in the browser, in French and in Arabic."""

import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD

from .accessibility import PolicyWatch, serious_violations, untranslated_french

SHOTS = os.environ.get("SHOTS_DIR")


def _shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _read_in(page, live_server, language):
    cookie = {"name": django_settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}
    page.context.add_cookies([cookie])


def _code(user):
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_an_officer_enrols_an_authenticator_then_works(page, live_server, settings, officer_fes, language):
    settings.MOUKAWIL_REQUIRE_2FA = True
    watch = PolicyWatch(page)
    _read_in(page, live_server, language)
    page.goto("/connexion/")
    page.locator("#id_username").fill(officer_fes.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.get_by_test_id("otp-qr").wait_for()
    assert page.get_by_test_id("otp-qr").evaluate("img => img.naturalWidth") > 100
    assert serious_violations(page) == []
    if language == "ar":
        assert untranslated_french(page, allowed={"FreeOTP", "Aegis", "Google", "Authenticator"}) == []
    _shot(page, f"otp-enrol-{language}")
    page.locator("#id_code").fill(_code(officer_fes))
    page.locator("main form button[type=submit]").first.click()
    page.get_by_test_id("user-badge").wait_for()
    assert "/connexion/" not in page.url
    _shot(page, f"otp-done-{language}")

    # The next login asks for the code after the password.
    page.context.clear_cookies()
    _read_in(page, live_server, language)
    page.goto("/registre/demandes/")
    page.locator("#id_username").fill(officer_fes.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.locator("#id_code").wait_for()
    assert "/connexion/code/" in page.url
    _shot(page, f"otp-verify-{language}")
    page.locator("#id_code").fill(_code(officer_fes))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/registre/demandes/")
    assert watch.violations == []


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_lock_out_page_says_why_and_for_how_long(page, live_server, officer_fes, language):
    _read_in(page, live_server, language)
    for _ in range(5):
        page.goto("/connexion/")
        page.locator("#id_username").fill(officer_fes.email)
        page.locator("#id_password").fill("pas-le-bon-mot-de-passe")
        page.locator("form button[type=submit]").last.click()
        page.wait_for_load_state()
    assert page.locator("h1").inner_text() == ("Connexion bloquée" if language == "fr" else "الدخول محظور")
    assert "15" in page.locator(".alert").inner_text()
    assert serious_violations(page) == []
    if language == "ar":
        assert untranslated_french(page, allowed={"moukawil", "axes_reset_username"}) == []
    _shot(page, f"locked-out-{language}")
