"""What anyone may learn about a registration number: valid, struck off or unknown, with the holder's name,
activity and dates — nothing else (loi 09-08: no CIN, no address, no phone)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import timezone

from moukawil.registry.enums import RegistrationStatus
from moukawil.registry.models import Registration
from moukawil.registry.numbers import is_valid_registration_number

from . import signing


@dataclass(frozen=True)
class PublicStatus:
    number: str
    status: str  # valid, struck_off, unknown, malformed
    name: str = ""
    name_ar: str = ""
    activity: str = ""
    activity_ar: str = ""
    registered_on: date | None = None
    struck_off_on: date | None = None


def public_status(number: str) -> PublicStatus:
    number = (number or "").strip()
    if not is_valid_registration_number(number):
        return PublicStatus(number=number, status="malformed")
    registration = Registration.objects.select_related("person", "activity").filter(number=number).first()
    if registration is None:
        return PublicStatus(number=number, status="unknown")
    person, activity = registration.person, registration.activity
    return PublicStatus(
        number=number,
        status="valid" if registration.status == RegistrationStatus.ACTIVE else "struck_off",
        name=person.full_name,
        name_ar=person.full_name_ar,
        activity=activity.name_fr,
        activity_ar=activity.name_ar,
        registered_on=registration.registered_on,
        struck_off_on=registration.struck_off_on,
    )


def certificate_payload(registration: Registration) -> dict:
    """The data signed into a certificate's QR code (short keys: a QR code holds little)."""
    return {
        "v": 1,
        "n": registration.number,
        "nm": registration.person.full_name,
        "a": registration.activity.code,
        "r": registration.registered_on.isoformat(),
        "i": timezone.localdate().isoformat(),
    }


def verification_url(registration: Registration, token: str | None = None) -> str:
    url = f"{settings.SITE_URL}/verifier/{registration.number}/"
    return f"{url}?jeton={token}" if token else url


def revocation_list() -> dict:
    """Every struck-off number with its date, signed, so that an offline verifier can refresh its copy."""
    revoked = [
        {"n": number, "d": struck_off_on.isoformat()}
        for number, struck_off_on in Registration.objects.filter(status=RegistrationStatus.STRUCK_OFF)
        .order_by("number")
        .values_list("number", "struck_off_on")
    ]
    data = {"generated_at": timezone.now().isoformat(timespec="seconds"), "revoked": revoked}
    return {**data, "signature": signing.sign(data).split(".")[1]}
