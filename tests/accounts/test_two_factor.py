"""Two-factor login (TOTP) for officers and administrators when MOUKAWIL_REQUIRE_2FA is on: enrol once with a QR
code, then a code after the password at every login; nothing else is reachable meanwhile, not even through the API
with the session."""

import re

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from moukawil.core.enums import AuditEventType
from moukawil.core.models import AuditEvent
from tests.factories import PASSWORD, UserFactory


@pytest.fixture
def required(settings):
    settings.MOUKAWIL_REQUIRE_2FA = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp makes a code wait 1 s, 2 s, 4 s… after failures


def code_of(device, *, offset=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def log_in(user, *, address="203.0.113.40"):
    client = Client(REMOTE_ADDR=address)
    response = client.post("/connexion/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.mark.django_db
def test_an_officer_enrols_with_a_qr_code_then_reaches_the_pages(required, officer_fes):
    client = log_in(officer_fes)
    response = client.get("/registre/demandes/")
    assert response.status_code == 302 and response["Location"].startswith("/connexion/double-authentification/")

    page = client.get(response["Location"])
    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html and "Activer la double authentification" in html
    secret = re.search(r'data-testid="otp-secret">(\w+)<', html).group(1)
    device = TOTPDevice.objects.get(user=officer_fes, confirmed=False)
    assert len(secret) >= 32

    wrong = client.post(response["Location"], {"code": "000000"})
    assert "Code incorrect ou expiré" in wrong.content.decode()
    done = client.post(response["Location"], {"code": code_of(device), "next": "/registre/demandes/"})
    assert done.status_code == 302 and done["Location"] == "/registre/demandes/"
    assert client.get("/registre/demandes/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(event_type=AuditEventType.USER_2FA_ENROLLED, actor=officer_fes).exists()


@pytest.mark.django_db
def test_the_next_login_asks_for_the_code_after_the_password(required, agency_officer):
    device = TOTPDevice.objects.create(user=agency_officer, name="app", confirmed=True)
    client = log_in(agency_officer)
    response = client.get("/journal/")
    assert response.status_code == 302 and response["Location"].startswith("/connexion/code/")
    # The session alone opens nothing, not the API either.
    api = client.get("/api/v1/me")
    assert api.status_code == 403 and api.json()["code"] == "second_factor_required"
    assert client.post("/connexion/code/", {"code": "123"}).status_code == 200  # refused, asked again
    assert client.post("/connexion/code/", {"code": code_of(device), "next": "/journal/"})["Location"] == "/journal/"
    assert client.get("/journal/").status_code == 200
    assert client.get("/api/v1/me").status_code == 200


@pytest.mark.django_db
def test_administrators_and_the_admin_site_too(required, territory):
    admin = UserFactory(admin=True, is_superuser=True)
    client = log_in(admin)
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/")["Location"].startswith("/connexion/double-authentification/")


@pytest.mark.django_db
def test_entrepreneurs_and_partners_log_in_with_their_password(required, applicant_user):
    client = log_in(applicant_user)
    assert client.get("/").status_code == 200
    bank = UserFactory(bank_officer=True)
    assert log_in(bank, address="203.0.113.41").get("/").status_code == 200


@pytest.mark.django_db
def test_off_the_password_is_enough(officer_fes):
    assert log_in(officer_fes).get("/registre/demandes/").status_code == 200


@pytest.mark.django_db
def test_a_password_login_asks_for_the_code_again_in_a_session_that_kept_one(required, agency_officer):
    """The server signed the officer out without emptying his session (the authentication backend changed at an
    upgrade: his session names one no longer used), and Django keeps a session's data at a login that knows its
    user: the verified second factor stayed in it, and the password alone reopened everything."""
    from django.contrib.auth import BACKEND_SESSION_KEY

    device = TOTPDevice.objects.create(user=agency_officer, name="app", confirmed=True)
    client = log_in(agency_officer)
    client.post("/connexion/code/", {"code": code_of(device), "next": "/journal/"})
    assert client.get("/journal/").status_code == 200
    session = client.session
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session.save()
    assert client.get("/journal/")["Location"].startswith("/connexion/")  # signed out

    client.post("/connexion/", {"username": agency_officer.email, "password": PASSWORD})
    response = client.get("/journal/")
    assert response.status_code == 302 and response["Location"].startswith("/connexion/code/")
