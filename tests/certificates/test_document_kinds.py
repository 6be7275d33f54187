"""The document service: every kind gets a gapless number, a signed QR code that opens its public verification
page, and a signed revocation list. Tested on its first two kinds, the registration certificate and the
declaration receipt."""

import re
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from moukawil.certificates import kinds, signing
from moukawil.certificates.kinds import get_kind, signed_token, verify
from moukawil.certificates.services import document_issue
from moukawil.core import clock
from moukawil.core.enums import AuditEventType
from moukawil.core.errors import Conflict
from moukawil.core.models import AuditEvent
from moukawil.declarations.periods import Period
from moukawil.declarations.services import declaration_amend, declaration_submit
from moukawil.registry.documents import certificate_payload

HOST = "127.0.0.1:8123"  # make demo PORT=8123: the codes must point there, not at settings.SITE_URL


@pytest.fixture
def served_on_8123(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]


def declare(registration, actor, quarter, goods="1000"):
    return declaration_submit(
        actor=actor, registration=registration, period=Period(2024, "quarterly", quarter), goods=goods, services="0"
    )


def qr_address(pdf: bytes) -> str:
    """The QR code is also a link on the PDF: its address is the code's content."""
    (address,) = re.findall(rb"/URI \((.*?)\)", pdf)
    return address.decode()


def open_qr(client, address: str) -> str:
    parts = urlsplit(address)
    assert parts.netloc == HOST
    return client.get(f"{parts.path}?{parts.query}").content.decode()


@pytest.mark.django_db
def test_the_receipts_qr_code_opens_its_verification_page(client, registration, applicant_user, served_on_8123):
    declaration = declare(registration, applicant_user, 1)
    client.force_login(applicant_user)
    pdf = client.get(f"/declarations/recu/{declaration.pk}.pdf", HTTP_HOST=HOST).content
    assert pdf.startswith(b"%PDF")
    address = qr_address(pdf)
    assert address.startswith(f"http://{HOST}/verifier/recu/{declaration.receipt_number}/?jeton=")
    assert AuditEvent.objects.for_target(declaration).filter(event_type=AuditEventType.RECEIPT_ISSUED).exists()

    client.logout()
    page = open_qr(client, address)
    assert "Accusé de réception valide : la déclaration est en vigueur" in page
    assert "Code QR authentique" in page
    assert registration.number in page and "T1 2024" in page
    # Only what is safe: no name, no identity number, no amounts.
    person = registration.person
    assert person.full_name not in page and person.cin not in page and "1 000" not in page and "1000" not in page


@pytest.mark.django_db
def test_the_certificates_qr_code_still_verifies(client, registration, applicant_user, served_on_8123):
    client.force_login(applicant_user)
    pdf = client.get(f"/registre/inscriptions/{registration.number}/attestation.pdf", HTTP_HOST=HOST).content
    address = qr_address(pdf)
    assert address.startswith(f"http://{HOST}/verifier/attestation/{registration.number}/?jeton=")
    client.logout()
    page = open_qr(client, address)
    assert "Inscription en vigueur" in page and "Code QR authentique" in page
    assert "Mohamed El Amrani" in page and registration.person.cin not in page

    # A certificate printed before document kinds: its token names no kind, and both pages accept it.
    old_token = signing.sign({**certificate_payload(registration), "i": "2026-01-05"})
    old_page = client.get(f"/verifier/{registration.number}/?jeton={old_token}").content.decode()
    assert "Code QR authentique : attestation signée par le registre le 05/01/2026" in old_page
    page = client.get(f"/verifier/attestation/{registration.number}/?jeton={old_token}").content.decode()
    assert "Code QR authentique : document signé par le registre le 05/01/2026" in page


@pytest.mark.django_db
def test_an_amended_declarations_first_receipt_shows_as_replaced(client, registration, applicant_user):
    first = declare(registration, applicant_user, 1)
    second = declaration_amend(actor=applicant_user, declaration=first, goods="2000", services="0", reason="Oubli")
    first.refresh_from_db()
    token = signed_token(get_kind("recu"), first)  # a receipt printed before the amendment
    page = client.get(f"/verifier/recu/{first.receipt_number}/?jeton={token}").content.decode()
    assert f"Remplacé : la déclaration a été rectifiée le {clock.today():%d/%m/%Y}" in page
    assert "Code QR authentique" in page  # authentic, but no longer in force
    assert "Accusé de réception valide" in client.get(f"/verifier/recu/{second.receipt_number}/").content.decode()

    body = client.get(f"/api/v1/verification/recu/{first.receipt_number}").json()
    assert (body["status"], body["revoked_on"]) == ("revoked", clock.today().isoformat())
    assert body["message"].startswith("Remplacé")
    assert {f["label"] for f in body["fields"]} == {
        "Numéro de l'accusé", "Numéro d'inscription", "Période", "Version", "Déposée le"
    }  # fmt: skip

    published = client.get("/verifier/recu/revocations.json").json()
    assert published["revoked"] == [{"n": first.receipt_number, "d": clock.today().isoformat()}]
    body = signing.canonical({k: published[k] for k in ("kind", "generated_at", "revoked")})
    signing.public_key().verify(signing.unb64url(published["signature"]), body)  # raises if forged
    assert client.get("/api/v1/verification/recu/revocations").json()["revoked"] == published["revoked"]


@pytest.mark.django_db
def test_receipt_numbers_are_gapless_per_year_of_filing(client, registration, applicant_user):
    year = clock.today().year
    first = declare(registration, applicant_user, 1)
    with pytest.raises(Conflict):  # refused inside its transaction: the number it took is rolled back
        declare(registration, applicant_user, 1)
    second = declare(registration, applicant_user, 2)
    amended = declaration_amend(actor=applicant_user, declaration=second, goods="5", services="0", reason="Erreur")
    assert [d.receipt_number for d in (first, second, amended)] == [
        f"REC-{year}-0000001", f"REC-{year}-0000002", f"REC-{year}-0000003"
    ]  # fmt: skip
    client.force_login(applicant_user)
    listed = client.get("/api/v1/declarations", {"current_only": "false"}).json()["items"]
    assert sorted(d["receipt_number"] for d in listed) == [d.receipt_number for d in (first, second, amended)]


@pytest.mark.django_db
def test_forged_or_garbled_codes_are_refused_in_french(client, registration, applicant_user):
    first, second = declare(registration, applicant_user, 1), declare(registration, applicant_user, 2)
    kind = get_kind("recu")
    token = signed_token(kind, first)
    forged_body = signing.b64url(signing.canonical({**signing.verify(token), "p": "T4 2024"}))
    forgeries = [
        f"{forged_body}.{token.split('.')[1]}",  # data changed after signing
        "n'importe quoi",  # garbled
        signed_token(kind, second),  # a genuine code copied onto another receipt
        signed_token(get_kind("attestation"), registration),  # a genuine code of another kind
    ]
    for forged in forgeries:
        assert verify(kind, first.receipt_number, forged).signature == "forged"
        page = client.get(f"/verifier/recu/{first.receipt_number}/", {"jeton": forged}).content.decode()
        assert "Le code QR n&#x27;est pas authentique ou ne correspond pas à ce numéro" in page
    body = client.get(f"/api/v1/verification/recu/{first.receipt_number}", {"token": "garbled"}).json()
    assert body["signature"] == "forged" and "n'est pas authentique" in body["signature_message"]


@pytest.mark.django_db
def test_unknown_numbers_and_kinds_give_a_friendly_answer(client, registration):
    page = client.get("/verifier/recu/REC-2026-0999999/")
    assert page.status_code == 200 and "Aucun document de ce type ne porte ce numéro." in page.content.decode()
    page = client.get("/verifier/recu/", {"numero": "12345"}).content.decode()
    assert "n&#x27;a pas la forme attendue (par exemple REC-2026-0000123)" in page
    assert client.get("/verifier/recu/REC-2026-0999999/", {"jeton": "x.y"}).status_code == 200
    assert client.get("/verifier/passeport/123/").status_code == 404
    response = client.get("/api/v1/verification/passeport/123")
    assert response.status_code == 404 and response.json()["message"] == "Type de document inconnu : « passeport »."
    assert client.get("/api/v1/verification/recu/nimporte").json()["status"] == "malformed"


@pytest.mark.django_db
def test_an_officer_of_another_region_gets_no_receipt(client, registration, applicant_user, officer_casa, entrepreneur):
    declaration = declare(registration, applicant_user, 1)
    client.force_login(officer_casa)
    assert client.get(f"/declarations/recu/{declaration.pk}.pdf").status_code == 404
    refusals = {officer_casa: "autre région", entrepreneur: "Seuls l'auto-entrepreneur et les agents de sa région"}
    for stranger, reason in refusals.items():  # the service checks too: the API, the CLI cannot forget it
        with pytest.raises(PermissionDenied, match=reason):
            document_issue(actor=stranger, kind=get_kind("recu"), subject=declaration, site_url="http://x")


def test_without_a_request_the_codes_use_site_url(settings):
    from moukawil.certificates.kinds import site_url_of

    settings.SITE_URL = "https://moukawil.example.ma"
    assert site_url_of(None) == "https://moukawil.example.ma"


ATTENDANCE = {"P-7": {"number": "P-7", "stop": "Caravane de Taza, 12/03/2026"}}


@pytest.fixture
def attendance_kind():
    """A new kind is a declaration and a renderer: here an attendance certificate kept in a dictionary."""
    kind = kinds.register(
        kinds.DocumentKind(
            code="presence", label="Attestation de présence", valid_label="Présence attestée",
            revoked_label="Annulée le {date}", example="P-1", is_well_formed=lambda n: n.startswith("P-"),
            find=ATTENDANCE.get, number_of=lambda a: a["number"],
            public=lambda a: kinds.PublicView(kinds.VALID, [kinds.PublicField("Étape", a["stop"])]),
            payload=lambda a: {"n": a["number"]},
            render=lambda a, url, site_url: f"{translation.get_language()} {url}".encode(),
            check_issue=lambda actor, a: a, revoked=list, audit_event=AuditEventType.CERTIFICATE_ISSUED,
        )
    )  # fmt: skip
    yield kind
    kinds._KINDS.pop(kind.code)


@pytest.mark.django_db
def test_a_new_kind_gets_the_whole_machinery(client, attendance_kind):
    with translation.override("ar"):  # the reader browses in Arabic; the PDF's French column stays French
        language, address = kinds.document_pdf(attendance_kind, ATTENDANCE["P-7"], site_url="http://x").decode().split()
    assert language == "fr"
    page = client.get(address.removeprefix("http://x")).content.decode()
    assert "Présence attestée" in page and "Caravane de Taza" in page and "Code QR authentique" in page
    assert client.get("/api/v1/verification/presence/revocations").json()["revoked"] == []


@pytest.mark.django_db(transaction=True)
def test_concurrent_filings_leave_no_gap_in_receipt_numbers(registration, applicant_user):
    """Sixteen filings at once, two per quarter: eight are refused (already declared) and give their number back."""
    from moukawil.declarations.models import Declaration
    from tests.registry.test_concurrency import in_parallel

    periods = [Period(year, "quarterly", quarter) for year in (2023, 2024) for quarter in (1, 2, 3, 4)]
    outcomes = in_parallel(
        16,
        lambda i: declaration_submit(
            actor=applicant_user, registration=registration, period=periods[i % 8], goods="0", services="0"
        ),
    )
    assert sum(isinstance(o, Conflict) for o in outcomes) == 8, [o for o in outcomes if isinstance(o, Exception)]
    year = clock.today().year
    numbers = sorted(Declaration.objects.values_list("receipt_number", flat=True))
    assert numbers == [f"REC-{year}-{n:07d}" for n in range(1, 9)]
