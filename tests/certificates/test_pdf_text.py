"""What a reader finds in the certificate and the receipt, whatever the language of the page he printed them from:
every field, in both scripts, and numbers in their own order inside Arabic lines (read back with pdftotext)."""

import re
import shutil
import subprocess

import pytest
from django.utils import timezone, translation

from moukawil.certificates.services import document_issue
from moukawil.core import formats
from moukawil.declarations.documents import RECEIPT
from moukawil.declarations.periods import Period
from moukawil.declarations.services import declaration_submit
from moukawil.registry.documents import CERTIFICATE

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed"),
]
# pdftotext marks the direction of runs (U+202A-U+202C) and keeps the isolates fpdf2 was given (U+2066-U+2069).
MARKS = re.compile("[\u202a-\u202e\u2066-\u2069]")
NO_BREAK_SPACES = re.compile("[\u00a0\u202f]")  # pdftotext gives them as plain spaces


def text_of(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return NO_BREAK_SPACES.sub(" ", MARKS.sub("", text))


def squeezed(text: str) -> str:
    """pdftotext spaces out the letters of shaped Arabic words: compare Arabic without white space."""
    return re.sub(r"\s", "", text)


def has_arabic(text: str, phrase: str) -> bool:
    """Every word of the phrase (pdftotext may give the words of a wrapped Arabic cell in visual order)."""
    return all(word in squeezed(text) for word in phrase.split())


def reversed_runs(number: str) -> str:
    """``2019-000001-98`` as the bidirectional algorithm prints it unisolated after an Arabic word."""
    return "-".join(reversed(number.split("-")))


def line_with(text: str, arabic: str) -> str:
    """The line of the PDF's text that holds these Arabic words."""
    (line,) = [line for line in text.splitlines() if squeezed(arabic) in squeezed(line)]
    return line


@pytest.fixture
def declaration(registration, applicant_user):
    return declaration_submit(
        actor=applicant_user, registration=registration, period=Period(2024, "quarterly", 1), goods="123456.5",
        services="0",
    )  # fmt: skip


def certificate_from(client, language, registration):
    client.cookies["moukawil_language"] = language
    response = client.get(f"/registre/inscriptions/{registration.number}/attestation.pdf")
    assert response["Content-Type"] == "application/pdf"
    return response.content


def receipt_from(client, language, declaration):
    client.cookies["moukawil_language"] = language
    response = client.get(f"/declarations/recu/{declaration.pk}.pdf")
    assert response["Content-Type"] == "application/pdf"
    return response.content


@translation.override("fr")  # the PDF's labels are French; a page in Arabic leaves Arabic active after it
def assert_certificate_holds_every_field(text, registration):
    person, activity = registration.person, registration.activity
    number = registration.number
    assert "Attestation d'inscription" in text
    assert person.full_name in text and has_arabic(text, person.full_name_ar)
    assert person.get_identity_kind_display().split(" (")[0] in text and person.cin in text
    assert has_arabic(text, "رقم وثيقة الهوية")
    assert activity.name_fr in text and has_arabic(text, activity.name_ar)
    assert activity.get_category_display() in text
    assert registration.region.name_fr in text
    assert "10/01/2022" in text
    # The number in its own order, in the French column and inside the Arabic sentence at the foot of the page.
    assert number in text and reversed_runs(number) not in text
    assert number in line_with(text, "شهادة التسجيل رقم")
    assert formats.date(timezone.localdate()) in line_with(text, "مسلمة")
    assert "114-13" in line_with(text, "القانون رقم") and "13-114" not in text  # the law, in the Arabic banner


@translation.override("fr")
def assert_receipt_holds_every_field(text, declaration):
    registration, person = declaration.registration, declaration.registration.person
    amounts = [
        formats.money(amount)
        for amount in (declaration.turnover_goods, declaration.turnover_services, declaration.tax,
                       declaration.contribution, declaration.total_due)
    ]  # fmt: skip
    assert "Accusé de réception de déclaration" in text
    assert declaration.receipt_number in text and reversed_runs(declaration.receipt_number) not in text
    assert registration.number in text and reversed_runs(registration.number) not in text
    assert person.full_name in text and has_arabic(text, person.full_name_ar)
    assert "T1 2024 (trimestrielle)" in text
    assert amounts[0] == "123\u202f456,50\u00a0DH"  # grouped by thousands (fr_MA: narrow no-break space)
    for amount in amounts:
        assert NO_BREAK_SPACES.sub(" ", amount) in text
    assert "30/04/2024" in text  # the due date of the first quarter
    arabic = line_with(text, "عن التسجيل رقم")
    assert declaration.receipt_number in arabic and registration.number in arabic


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_certificate_holds_every_field_from_either_interface(language, registration, applicant_user, client):
    with translation.override(language):
        direct = document_issue(actor=applicant_user, kind=CERTIFICATE, subject=registration, site_url="http://x")
    assert_certificate_holds_every_field(text_of(direct), registration)
    client.force_login(applicant_user)
    assert_certificate_holds_every_field(text_of(certificate_from(client, language, registration)), registration)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_receipt_holds_every_field_from_either_interface(language, declaration, applicant_user, client):
    with translation.override(language):
        direct = document_issue(actor=applicant_user, kind=RECEIPT, subject=declaration, site_url="http://x")
    assert_receipt_holds_every_field(text_of(direct), declaration)
    client.force_login(applicant_user)
    assert_receipt_holds_every_field(text_of(receipt_from(client, language, declaration)), declaration)


def test_the_arabic_cookie_does_switch_the_pages(client, registration, applicant_user):
    """Guard for the tests above: the cookie they set does turn the site to Arabic."""
    client.force_login(applicant_user)
    client.cookies["moukawil_language"] = "ar"
    assert 'dir="rtl"' in client.get("/").content.decode()
