"""The registration certificate (attestation d'inscription): bilingual PDF with a signed QR code."""

from __future__ import annotations

from django.utils import timezone

from moukawil.certificates.pdf import arabic_line, banner, labelled_row, new_document, qr_block
from moukawil.core.formats import date, isolate

from .models import Registration


def certificate_pdf(registration: Registration, url: str, site_url: str) -> bytes:
    person, activity = registration.person, registration.activity
    pdf = new_document(f"Attestation d'inscription {registration.number}")
    banner(pdf, "Attestation d'inscription", "شهادة التسجيل")

    pdf.set_y(74)
    labelled_row(pdf, "Numéro d'inscription", registration.number, "رقم التسجيل")
    labelled_row(pdf, "Nom et prénom", person.full_name, "الاسم الكامل", person.full_name_ar)
    labelled_row(pdf, person.get_identity_kind_display().split(" (")[0], person.cin, "رقم وثيقة الهوية")
    labelled_row(pdf, "Activité", activity.name_fr, "النشاط", activity.name_ar)
    labelled_row(pdf, "Catégorie", activity.get_category_display(), "الصنف")
    labelled_row(pdf, "Région", registration.region.name_fr, "الجهة", registration.region.name_ar)
    labelled_row(pdf, "Inscrit depuis le", date(registration.registered_on), "تاريخ التسجيل")

    qr_block(
        pdf, url=url, site_url=site_url, top=205, title_fr="Vérifier cette attestation",
        what_fr="si l'inscription est en vigueur ou radiée",
        text_ar="امسح الرمز للتحقق من صلاحية التسجيل على الصفحة العمومية.",
    )  # fmt: skip

    pdf.set_xy(20, 275)
    pdf.set_font("Sans", "", 7.5)
    pdf.multi_cell(
        170, 4,
        f"Attestation délivrée le {date(timezone.localdate())} par Moukawil. Elle ne vaut que pour "
        "une inscription en vigueur : vérifiez-la en ligne ou avec la liste publique des radiations.",
        align="C",
    )  # fmt: skip
    arabic_line(
        pdf, f"شهادة التسجيل رقم {isolate(registration.number)} مسلمة بتاريخ {isolate(date(timezone.localdate()))} "
        "من طرف منصة مقاول.", x=20, y=pdf.get_y() + 0.5, w=170, h=4, size=8, align="C",
    )  # fmt: skip
    return bytes(pdf.output())
