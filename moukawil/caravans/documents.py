"""The attendance certificate (attestation de présence), a kind of the document service (certificates.kinds).

Its number (series "PRE", gapless per year) is allocated the first time a copy is issued, inside the issuing
transaction, and only to a person checked in at the stop. The public learns the number, the campaign, the city and
the day: no name (loi 09-08).
"""

from __future__ import annotations

import re

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moukawil.certificates.kinds import VALID, DocumentKind, PublicField, PublicView, number_next, register
from moukawil.certificates.pdf import arabic_line, banner, labelled_row, new_document, qr_block
from moukawil.core import formats
from moukawil.core.enums import AuditEventType
from moukawil.core.errors import Conflict
from moukawil.core.permissions import require

from .models import Registration
from .permissions import can_issue_certificate
from .workflow import State

NUMBER = re.compile(r"PRE-\d{4}-\d{6}")


def _find(number: str) -> Registration | None:
    return (
        Registration.objects.select_related("stop__campaign", "stop__region").filter(certificate_number=number).first()
    )


def _public(registration: Registration) -> PublicView:
    stop = registration.stop
    return PublicView(
        status=VALID,
        fields=[
            PublicField(_("Numéro de l'attestation"), registration.certificate_number or ""),
            PublicField(_("Campagne"), stop.campaign.title_fr, stop.campaign.title_ar),
            PublicField(_("Escale"), stop.city, stop.city_ar),
            PublicField(_("Date"), formats.date(stop.day)),
        ],
    )


def _payload(registration: Registration) -> dict:
    return {
        "v": 1,
        "n": registration.certificate_number,
        "s": registration.stop_id,
        "d": registration.stop.day.isoformat(),
    }


def _check_issue(actor, registration: Registration) -> Registration:
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("stop__campaign", "stop__region", "stop__host")
        .get(pk=registration.pk)
    )
    require(can_issue_certificate(actor, registration))
    if registration.state != State.PRESENT:
        raise Conflict("attendance.absent", "L'attestation de présence suppose une présence enregistrée.",
                       field="state")  # fmt: skip
    if not registration.certificate_number:
        registration.certificate_number = number_next(ATTENDANCE, year=registration.stop.day.year)
        registration.save(update_fields=["certificate_number"])
    return registration


def attendance_pdf(registration: Registration, url: str, site_url: str) -> bytes:
    stop = registration.stop
    pdf = new_document(f"Attestation de présence {registration.certificate_number}")
    banner(pdf, "Attestation de présence", "شهادة الحضور")
    pdf.set_y(74)
    labelled_row(pdf, "Numéro", registration.certificate_number or "", "الرقم")
    labelled_row(pdf, "Nom", registration.name, "الاسم")
    if registration.enterprise_name:
        labelled_row(pdf, "Entreprise", registration.enterprise_name, "المقاولة")
    labelled_row(pdf, "Campagne", stop.campaign.title_fr, "الحملة", stop.campaign.title_ar)
    labelled_row(pdf, "Escale", f"{stop.city} — {stop.venue}", "المحطة",
                 " — ".join(x for x in (stop.city_ar, stop.venue_ar) if x))  # fmt: skip
    labelled_row(pdf, "Date", formats.date(stop.day), "التاريخ")
    qr_block(
        pdf, url=url, site_url=site_url, top=205, title_fr="Vérifier cette attestation",
        what_fr="si l'attestation de présence est authentique",
        text_ar="امسح الرمز للتحقق من صحة شهادة الحضور على الصفحة العمومية.",
    )  # fmt: skip
    pdf.set_xy(20, 275)
    pdf.set_font("Sans", "", 7.5)
    pdf.multi_cell(170, 4, f"Attestation délivrée le {formats.date(timezone.localdate())} par Moukawil.", align="C")
    arabic_line(pdf, f"شهادة مسلمة بتاريخ {formats.isolate(formats.date(timezone.localdate()))} من طرف منصة مقاول.",
                x=20, y=pdf.get_y() + 0.5, w=170, h=4, size=8, align="C")  # fmt: skip
    return bytes(pdf.output())


ATTENDANCE = register(
    DocumentKind(
        code="presence",
        label=_("Attestation de présence à une escale"),
        valid_label=_("Attestation de présence authentique"),
        revoked_label=_("Attestation annulée le {date}"),
        example="PRE-2026-000123",
        is_well_formed=lambda number: bool(NUMBER.fullmatch(number)),
        find=_find,
        number_of=lambda registration: registration.certificate_number,
        public=_public,
        payload=_payload,
        render=attendance_pdf,
        check_issue=_check_issue,
        revoked=lambda: [],
        audit_event=AuditEventType.ATTENDANCE_CERTIFICATE_ISSUED,
        series="PRE",
    )
)
