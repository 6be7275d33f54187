"""The layout shared by the register's documents (certificate, receipt…): bilingual page, banner, rows, QR code.

fpdf2 shapes Arabic with HarfBuzz (``set_text_shaping``) using Noto Sans Arabic; Latin text uses Noto Sans.
Both fonts come from npm (@expo-google-fonts) at build time, like the other front-end packages. An Arabic line that
holds numbers, dates or references is written with ``arabic_line``: its Latin tokens, marked with
``core.formats.isolate``, are drawn apart, left to right, or the bidirectional algorithm would print "114-13" as
"13-114".
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

import segno
from django.conf import settings

if TYPE_CHECKING:
    from fpdf import FPDF

from moukawil.core.formats import LRI, PDI, isolate

FONTS = Path(settings.NODE_MODULES) / "@expo-google-fonts"
GREEN = (0, 98, 51)


def register_fonts(pdf: FPDF) -> None:
    pdf.add_font("Sans", "", FONTS / "noto-sans/400Regular/NotoSans_400Regular.ttf")
    pdf.add_font("Sans", "B", FONTS / "noto-sans/700Bold/NotoSans_700Bold.ttf")
    pdf.add_font("Arabic", "", FONTS / "noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf")
    pdf.add_font("Arabic", "B", FONTS / "noto-sans-arabic/700Bold/NotoSansArabic_700Bold.ttf")
    pdf.set_text_shaping(True)


def labelled_row(pdf: FPDF, label_fr: str, value: str, label_ar: str, value_ar: str = "") -> None:
    """One line of the certificate: French label, value (wrapped; Arabic value under it), Arabic label."""
    top = pdf.get_y()
    pdf.set_font("Sans", "", 9)
    pdf.set_text_color(90, 90, 90)
    pdf.set_xy(20, top + 1)
    pdf.cell(42, 6, label_fr)
    pdf.set_font("Arabic", "", 10)
    pdf.set_xy(150, top)
    pdf.cell(40, 7, label_ar, align="R")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("Sans", "B", 11)
    pdf.set_xy(63, top + 0.5)
    pdf.multi_cell(85, 6, value, align="L")
    if value_ar:
        pdf.set_font("Arabic", "B", 11)
        pdf.set_x(63)
        pdf.multi_cell(85, 7, value_ar, align="R")
    bottom = pdf.get_y() + 1.5
    pdf.set_draw_color(225, 225, 225)
    pdf.line(20, bottom, 190, bottom)
    pdf.set_y(bottom + 2)


def new_document(title: str) -> FPDF:
    """An A4 page of the register's documents, fonts loaded, Arabic shaping on. fpdf2 (with fontTools and Pillow:
    55 MB) is imported on the first document, not by every process that imports a module that can make one — a
    bulk import and its reader process were each 55 MB bigger for it."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_author("Moukawil — Registre national de l'auto-entrepreneur")
    pdf.set_auto_page_break(False)
    register_fonts(pdf)
    pdf.add_page()
    return pdf


def banner(pdf: FPDF, title_fr: str, title_ar: str) -> None:
    """The register's green band at the top of its documents, then the document's title in both languages."""
    pdf.set_fill_color(*GREEN)
    pdf.rect(0, 0, 210, 30, style="F")
    pdf.set_text_color(255, 255, 255)
    pdf.set_font("Sans", "B", 13)
    pdf.set_xy(20, 9)
    pdf.cell(100, 7, "Registre national de l'auto-entrepreneur")
    pdf.set_font("Arabic", "B", 14)
    pdf.set_xy(110, 8)
    pdf.cell(80, 9, "السجل الوطني للمقاول الذاتي", align="R")
    pdf.set_font("Sans", "", 9)
    pdf.set_xy(20, 17)
    pdf.cell(100, 6, "Loi n° 114-13 relative au statut de l'auto-entrepreneur")
    arabic_line(pdf, f"القانون رقم {isolate('114-13')} المتعلق بنظام المقاول الذاتي", x=110, y=17, w=80, h=6, size=9)
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("Sans", "B", 20)
    pdf.set_xy(20, 42)
    pdf.cell(170, 10, title_fr, align="C")
    pdf.set_font("Arabic", "B", 18)
    pdf.set_xy(20, 53)
    pdf.cell(170, 10, title_ar, align="C")


def arabic_line(pdf: FPDF, text: str, *, x: float, y: float, w: float, h: float, size: float, align: str = "R") -> None:
    """One line of Arabic whose Latin tokens are isolated (``isolate``): the Arabic runs are shaped right to left,
    each token is drawn apart, left to right in the Latin font, and the runs are laid from the right edge (or
    centred, ``align="C"``). The token then reads in its own order, on paper and in the PDF's text (pdftotext,
    copy and paste), where fpdf2's own handling of isolates leaves them as stray characters that split the token."""
    runs = []
    for index, part in enumerate(re.split(f"{LRI}(.*?){PDI}", text)):
        if part:
            font = "Sans" if index % 2 else "Arabic"  # odd parts are the isolated tokens
            pdf.set_font(font, "", size)
            runs.append((font, part, pdf.get_string_width(part)))
    width = sum(run_width for _font, _part, run_width in runs)
    right = x + w if align == "R" else x + (w + width) / 2
    for font, part, run_width in runs:
        right -= run_width
        pdf.set_font(font, "", size)
        pdf.set_xy(right, y)
        pdf.cell(run_width, h, part)


def qr_block(pdf: FPDF, *, url: str, site_url: str, top: float, title_fr: str, what_fr: str, text_ar: str) -> None:
    """The signed QR code of a document, with how to verify it in both languages. The code is also a link, so a
    reader of the PDF on screen opens the verification page with a click."""
    qr = segno.make(url, error="m")
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=6, border=2)
    buffer.seek(0)
    pdf.image(buffer, x=20, y=top, w=50, h=50, link=url)
    pdf.set_font("Sans", "B", 10)
    pdf.set_xy(78, top + 2)
    pdf.cell(112, 6, title_fr)
    pdf.set_font("Sans", "", 8.5)
    pdf.set_xy(78, top + 9)
    pdf.multi_cell(
        112, 4.5, align="L", text=
        f"Scannez le code : il ouvre la page publique qui indique {what_fr}. "
        "Le code contient aussi les données du document signées électroniquement (Ed25519) ; la clé "
        f"publique est publiée sur {site_url}/verifier/cle-publique/.",
    )  # fmt: skip
    pdf.set_font("Arabic", "", 9)
    pdf.set_xy(78, top + 30)
    pdf.multi_cell(112, 5, text_ar, align="R")
    pdf.set_font("Sans", "", 8)
    pdf.set_text_color(90, 90, 90)
    pdf.set_xy(78, top + 42)
    pdf.cell(112, 5, url.split("?")[0])
    pdf.set_text_color(0, 0, 0)
