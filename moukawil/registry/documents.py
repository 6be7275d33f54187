"""The registration certificate, first kind of the document service (certificates.kinds).

Its number is the registration number itself (series "RNAE", allocated when the registration is approved). What
anyone may learn about it: valid or struck off, the holder's name, activity and dates — nothing else (loi 09-08: no
CIN, no address, no phone). ``/verifier/<number>/`` and ``GET /api/v1/verification/{number}``, which QR codes
printed before document kinds open, keep answering with :func:`public_status`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moukawil.certificates import signing
from moukawil.certificates.kinds import REVOKED, VALID, DocumentKind, PublicField, PublicView, register
from moukawil.core import formats
from moukawil.core.enums import AuditEventType
from moukawil.core.errors import Conflict
from moukawil.core.permissions import require

from .enums import RegistrationStatus
from .models import Person, Registration
from .numbers import is_valid_registration_number
from .pdf import certificate_pdf
from .permissions import can_download_certificate


def _find(number: str) -> Registration | None:
    return Registration.objects.select_related("person", "activity", "region").filter(number=number).first()


def _public(registration: Registration) -> PublicView:
    person, activity = registration.person, registration.activity
    return PublicView(
        status=VALID if registration.status == RegistrationStatus.ACTIVE else REVOKED,
        revoked_on=registration.struck_off_on,
        fields=[
            PublicField(_("Numéro d'inscription"), registration.number),
            PublicField(_("Auto-entrepreneur"), person.full_name, person.full_name_ar),
            PublicField(_("Activité"), activity.name_fr, activity.name_ar),
            PublicField(_("Inscrit le"), formats.date(registration.registered_on)),
        ],
    )


def certificate_payload(registration: Registration) -> dict:
    """The data signed into a certificate's QR code (the kind's code and the issue date are added to it)."""
    return {
        "v": 1,
        "n": registration.number,
        "nm": registration.person.full_name,
        "a": registration.activity.code,
        "r": registration.registered_on.isoformat(),
    }


def _check_issue(actor, registration: Registration) -> Registration:
    # Read again: the status may have changed since the caller loaded the row (a striking off in between).
    registration = Registration.objects.select_related("person", "activity", "region").get(pk=registration.pk)
    require(can_download_certificate(actor, registration))
    if registration.status != RegistrationStatus.ACTIVE:
        raise Conflict(
            "certificate.struck_off",
            f"L'inscription {registration.number} est radiée depuis le {registration.struck_off_on:%d/%m/%Y} : "
            "aucune attestation ne peut être délivrée.",
        )
    return registration


def _struck_off():
    return (
        Registration.objects.filter(status=RegistrationStatus.STRUCK_OFF)
        .order_by("number")
        .values_list("number", "struck_off_on")
    )


CERTIFICATE = register(
    DocumentKind(
        code="attestation",
        label=_("Attestation d'inscription"),
        valid_label=_("Inscription en vigueur"),
        revoked_label=_("Inscription radiée depuis le {date}"),
        example="2026-000123-47",
        is_well_formed=is_valid_registration_number,
        find=_find,
        number_of=lambda registration: registration.number,
        public=_public,
        payload=certificate_payload,
        render=certificate_pdf,
        check_issue=_check_issue,
        revoked=_struck_off,
        audit_event=AuditEventType.CERTIFICATE_ISSUED,
        tokens_without_kind=True,
    )
)


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


PUBLIC_NAME_FIELDS = ("first_name", "last_name", "first_name_ar", "last_name_ar")
PUBLIC_STATUS_VALUES = (
    "status", "registered_on", "struck_off_on", "activity__name_fr", "activity__name_ar",
    *(f"person__{name}" for name in PUBLIC_NAME_FIELDS),
)  # fmt: skip


def public_status(number: str) -> PublicStatus:
    """The first verification answer, kept for ``/verifier/<number>/`` and its API (printed QR codes open it)."""
    number = (number or "").strip()
    if not is_valid_registration_number(number):
        return PublicStatus(number=number, status="malformed")
    # The answer's nine values, not three model instances with every column (the page of every printed QR code:
    # half the time of the lookup, docs/benchmarks.md, session 9).
    row = Registration.objects.filter(number=number).values(*PUBLIC_STATUS_VALUES).first()
    if row is None:
        return PublicStatus(number=number, status="unknown")
    person = Person(**{name: row[f"person__{name}"] for name in PUBLIC_NAME_FIELDS})  # for its names' rules
    return PublicStatus(
        number=number,
        status="valid" if row["status"] == RegistrationStatus.ACTIVE else "struck_off",
        name=person.full_name,
        name_ar=person.full_name_ar,
        activity=row["activity__name_fr"],
        activity_ar=row["activity__name_ar"],
        registered_on=row["registered_on"],
        struck_off_on=row["struck_off_on"],
    )


def revocation_list() -> dict:
    """Every struck-off number with its date, signed, in the first published shape (``/verifier/radiations.json``);
    ``/verifier/attestation/revocations.json`` gives the same list in every kind's shape."""
    revoked = [{"n": number, "d": on.isoformat()} for number, on in _struck_off()]
    data = {"generated_at": timezone.now().isoformat(timespec="seconds"), "revoked": revoked}
    return {**data, "signature": signing.signature(data)}
