import shutil
import subprocess

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from moukawil.certificates import signing
from moukawil.certificates.kinds import signed_token
from moukawil.certificates.services import document_issue
from moukawil.core.enums import AuditEventType
from moukawil.core.errors import Conflict
from moukawil.core.models import AuditEvent
from moukawil.registry.documents import CERTIFICATE, public_status, revocation_list
from moukawil.registry.enums import Channel
from moukawil.registry.services import application_transition, registration_strike_off


def certificate_issue(actor, registration):
    return document_issue(actor=actor, kind=CERTIFICATE, subject=registration, site_url="http://testserver")


@pytest.fixture
def registration(submit, officer_fes, applicant_user):
    application = submit(actor=applicant_user, channel=Channel.ONLINE)
    return application_transition(actor=officer_fes, application=application, name="approve").registration


@pytest.mark.django_db
def test_the_holder_downloads_a_pdf_and_the_copy_is_audited(registration, applicant_user):
    content = certificate_issue(applicant_user, registration)
    assert content.startswith(b"%PDF")
    assert AuditEvent.objects.for_target(registration).filter(event_type=AuditEventType.CERTIFICATE_ISSUED).count() == 1
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()
        assert "Attestation d'inscription" in text
        assert registration.number in text
        assert "Mohamed El Amrani" in text


@pytest.mark.django_db
def test_only_the_holder_and_officers_of_the_region_get_it(registration, officer_casa, entrepreneur, officer_fes):
    assert certificate_issue(officer_fes, registration).startswith(b"%PDF")
    for stranger in (officer_casa, entrepreneur):
        with pytest.raises(PermissionDenied):
            certificate_issue(stranger, registration)


@pytest.mark.django_db
def test_no_certificate_once_struck_off(registration, officer_fes, applicant_user):
    registration_strike_off(
        actor=officer_fes, registration=registration, reason="voluntary", effective_date=timezone.localdate()
    )
    with pytest.raises(Conflict, match="radiée"):
        certificate_issue(applicant_user, registration)


@pytest.mark.django_db
def test_the_qr_payload_is_signed_and_tampering_is_detected(registration):
    token = signed_token(CERTIFICATE, registration)
    assert signing.verify(token)["n"] == registration.number
    _body, signature = token.split(".")
    forged = signing.b64url(signing.canonical({**signing.verify(token), "nm": "Quelqu'un d'autre"}))
    assert signing.verify(f"{forged}.{signature}") is None
    assert signing.verify("n'importe quoi") is None


@pytest.mark.django_db
def test_public_status_says_valid_struck_off_unknown_or_malformed(registration, officer_fes):
    status = public_status(registration.number)
    assert (status.status, status.name) == ("valid", "Mohamed El Amrani")
    person, activity = registration.person, registration.activity
    assert (status.name, status.name_ar) == (person.full_name, person.full_name_ar)
    assert (status.activity, status.activity_ar) == (activity.name_fr, activity.name_ar)
    assert (status.registered_on, status.struck_off_on) == (registration.registered_on, None)
    assert not hasattr(status, "cin")
    year = timezone.localdate().year
    from moukawil.registry.numbers import registration_number

    assert public_status(registration_number(year, 999)).status == "unknown"
    assert public_status(registration.number[:-2] + "00").status == "malformed"
    registration_strike_off(
        actor=officer_fes, registration=registration, reason="fraud", effective_date=timezone.localdate()
    )
    assert public_status(registration.number).status == "struck_off"


@pytest.mark.django_db
def test_the_revocation_list_is_signed(registration, officer_fes):
    registration_strike_off(
        actor=officer_fes, registration=registration, reason="voluntary", effective_date=timezone.localdate()
    )
    published = revocation_list()
    assert published["revoked"] == [{"n": registration.number, "d": timezone.localdate().isoformat()}]
    body = signing.canonical({"generated_at": published["generated_at"], "revoked": published["revoked"]})
    signing.public_key().verify(signing.unb64url(published["signature"]), body)  # raises if forged


@pytest.mark.django_db
def test_public_pages_and_api(client, registration, applicant_user):
    page = client.get(f"/verifier/{registration.number}/").content.decode()
    assert "Inscription en vigueur" in page
    assert registration.person.cin not in page
    token = signed_token(CERTIFICATE, registration)
    page = client.get(f"/verifier/{registration.number}/?jeton={token}").content.decode()
    assert "Code QR authentique" in page
    page = client.get(f"/verifier/{registration.number}/?jeton={token[:-4]}AAAA").content.decode()
    assert "n'est pas authentique" in page

    body = client.get(f"/api/v1/verification/{registration.number}").json()
    assert body["status"] == "valid"
    assert "cin" not in body and "phone" not in body
    assert client.get("/api/v1/verification/public-key").json()["pem"].startswith("-----BEGIN PUBLIC KEY-----")
    assert client.get("/verifier/radiations.json").json()["revoked"] == []

    client.force_login(applicant_user)
    response = client.get(f"/registre/inscriptions/{registration.number}/attestation.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
