"""The permis numérique as a bilingual PDF, laid out like the register's other documents (certificates.pdf)."""

from __future__ import annotations

from django.utils import timezone

from moukawil.certificates.pdf import arabic_line, banner, labelled_row, new_document, qr_block
from moukawil.core.formats import date, isolate

from .models import Permit


def permit_pdf(permit: Permit, url: str, site_url: str) -> bytes:
    enterprise = permit.enterprise
    pdf = new_document(f"Permis numérique Infitah — {permit.number}")
    banner(pdf, "Permis numérique Infitah", "الرخصة الرقمية - برنامج انفتاح")
    pdf.set_y(70)
    labelled_row(pdf, "Numéro du permis", permit.number, "رقم الرخصة")
    labelled_row(pdf, "Entreprise", enterprise.name, "المقاولة", enterprise.name_ar)
    identifiers = " — ".join(x for x in (enterprise.rc, f"TP {enterprise.tp_number}" if enterprise.tp_number else "",
                                         f"ICE {enterprise.ice}" if enterprise.ice else "") if x)  # fmt: skip
    labelled_row(pdf, "Identifiants", identifiers or "—", "المعرفات")
    labelled_row(pdf, "Région", permit.region.name_fr, "الجهة", permit.region.name_ar)
    if permit.registration_id:
        session = permit.registration.session
        labelled_row(pdf, "Formation suivie", f"{session.place} — {date(session.starts_on)}", "التكوين")
    labelled_row(pdf, "Délivré le", date(permit.issued_on), "تاريخ التسليم")
    labelled_row(
        pdf, "Droit ouvert", "Pack TI subventionné : 30 % du prix, plafonné à 1 500 DH TTC", "الحق المخول",
        "عرض معلوماتي مدعم: 30٪ من الثمن في حدود 1500 درهم",
    )  # fmt: skip
    qr_block(
        pdf, url=url, site_url=site_url, top=pdf.get_y() + 2, title_fr="Vérifier ce permis",
        what_fr="si ce permis numérique est valide ou a été révoqué",
        text_ar="امسح الرمز للتحقق من صلاحية هذه الرخصة على الصفحة العمومية.",
    )  # fmt: skip
    pdf.set_xy(20, 280)
    pdf.set_font("Sans", "", 7.5)
    pdf.cell(170, 4, f"Permis délivré le {date(timezone.localdate())} par Moukawil (programme Infitah).", align="C")
    arabic_line(
        pdf, f"رخصة رقم {isolate(permit.number)} مسلمة بتاريخ {isolate(date(timezone.localdate()))} من طرف منصة مقاول.",
        x=20, y=284.5, w=170, h=4, size=8, align="C",
    )  # fmt: skip
    return bytes(pdf.output())
