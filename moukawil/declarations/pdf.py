"""The receipt of a declaration (accusé de réception), bilingual, laid out like the registration certificate, with
its receipt number and signed QR code (declarations/documents.py declares the kind)."""

from __future__ import annotations

from django.utils import timezone

from moukawil.certificates.pdf import arabic_line, banner, labelled_row, new_document, qr_block
from moukawil.core.formats import date, isolate, money

from .models import Declaration


def receipt_pdf(declaration: Declaration, url: str, site_url: str) -> bytes:
    registration, person = declaration.registration, declaration.registration.person
    period = declaration.period_obj
    pdf = new_document(f"Accusé de réception — déclaration {period.label} — {registration.number}")
    banner(pdf, "Accusé de réception de déclaration", "وصل إيداع التصريح")
    pdf.set_y(70)
    labelled_row(pdf, "Numéro de l'accusé", declaration.receipt_number or "", "رقم الوصل")
    labelled_row(pdf, "Numéro d'inscription", registration.number, "رقم التسجيل")
    labelled_row(pdf, "Auto-entrepreneur", person.full_name, "المقاول الذاتي", person.full_name_ar)
    labelled_row(pdf, "Période", f"{period.label} ({declaration.get_periodicity_display().lower()})", "الفترة")
    version = f"version {declaration.version}" + (" (rectificative)" if declaration.version > 1 else "")
    labelled_row(pdf, "Déposée le", f"{date(declaration.submitted_at, 'time')} — {version}",
                 "تاريخ الإيداع")  # fmt: skip
    labelled_row(pdf, "CA hors services", money(declaration.turnover_goods), "رقم المعاملات خارج الخدمات")
    labelled_row(pdf, "CA services", money(declaration.turnover_services), "رقم معاملات الخدمات")
    labelled_row(pdf, "Impôt sur le revenu", money(declaration.tax), "الضريبة على الدخل")
    if declaration.withholding:
        labelled_row(pdf, "Retenue par les clients", money(declaration.withholding), "الاقتطاع من طرف الزبناء")
    labelled_row(pdf, "Cotisation AMO", money(declaration.contribution), "اشتراك التأمين الإجباري عن المرض")
    labelled_row(pdf, "Total à payer", money(declaration.total_due), "المبلغ الواجب أداؤه")
    due = date(declaration.due_date) + (" — déposée en retard" if declaration.is_late else "")
    labelled_row(pdf, "Date limite", due, "آخر أجل")
    qr_block(
        pdf, url=url, site_url=site_url, top=pdf.get_y() + 2, title_fr="Vérifier cet accusé de réception",
        what_fr="si cette déclaration est en vigueur ou a été remplacée par une rectification",
        text_ar="امسح الرمز للتحقق من صلاحية هذا الوصل على الصفحة العمومية.",
    )  # fmt: skip
    pdf.set_xy(20, 266)
    pdf.set_font("Sans", "", 7.5)
    rules = " ; ".join(f"{r['code']} = {r['value']}" for r in declaration.rules)
    pdf.multi_cell(170, 3.5, f"Règles appliquées : {rules}.", align="L")
    pdf.set_xy(20, 280)
    pdf.set_font("Sans", "", 7.5)
    pdf.cell(170, 4, f"Accusé délivré le {date(timezone.localdate())} par Moukawil.", align="C")
    arabic_line(
        pdf, f"وصل رقم {isolate(declaration.receipt_number or '')} عن التسجيل رقم {isolate(registration.number)}، "
        f"مسلم بتاريخ {isolate(date(timezone.localdate()))} من طرف منصة مقاول.", x=20, y=284.5, w=170, h=4, size=8,
        align="C",
    )  # fmt: skip
    return bytes(pdf.output())
