"""The campaign report as a PDF: the figures of the seed's kind (cities, weeks, present, permits), a bar chart of
the people present by stop, and the table of stops with every outcome."""

from __future__ import annotations

from django.utils import translation

from moukawil.certificates.pdf import GREEN, arabic_line, new_document
from moukawil.core import formats

from . import outcomes
from .selectors import Results


def _n(value: int) -> str:
    return formats.number(value).replace("\u202f", " ").replace("\u00a0", " ")


def report_pdf(found: Results) -> bytes:
    # Written in French whatever the language of the page it is asked from (an Arabic label in the Latin font is
    # drawn blank, and the Arabic locale groups thousands with a dot); the Arabic title is shaped apart.
    with translation.override("fr"):
        return _report(found)


def _report(found: Results) -> bytes:
    campaign = found.campaign
    title = campaign.title_fr if campaign else "Bilan"
    pdf = new_document(f"Bilan — {title}")
    pdf.set_fill_color(*GREEN)
    pdf.rect(0, 0, 210, 24, style="F")
    pdf.set_text_color(255, 255, 255)
    pdf.set_font("Sans", "B", 14)
    pdf.set_xy(12, 4)
    pdf.cell(186, 8, f"Bilan — {title}")
    pdf.set_font("Sans", "", 9)
    pdf.set_xy(12, 14)
    if campaign:
        pdf.cell(70, 6, f"Du {formats.date(campaign.starts_on)} au {formats.date(campaign.ends_on)}")
    if campaign and campaign.title_ar:  # under the French title, on the right: a long title no longer runs under it
        arabic_line(pdf, f"حصيلة {campaign.title_ar}", x=84, y=13, w=114, h=8, size=12)
    pdf.set_text_color(0, 0, 0)
    # Key figures
    figures = [
        ("villes", found.cities),
        ("semaines", found.weeks),
        ("inscrits", found.totals["registered"]),
        ("présents", found.totals["present"]),
        ("venus sans inscription", found.totals["walk_ins"]),
    ]
    # The outcomes' labels again, in French (``found`` holds them in the language of the page that asked).
    labels = {o.code: str(o.label) for o in outcomes.outcomes()}
    figures += [(labels.get(c, found.outcome_labels[c]).lower(), n) for c, n in found.outcome_totals.items()]
    x, y = 12, 30
    for label, value in figures:
        pdf.set_xy(x, y)
        pdf.set_font("Sans", "B", 16)
        pdf.cell(60, 8, _n(value))
        pdf.set_xy(x, y + 8)
        pdf.set_font("Sans", "", 8)
        pdf.multi_cell(60, 4, label, align="L")
        x += 62
        if x > 150:
            x, y = 12, y + 22
    # Bar chart of present by stop
    top = y + 26
    pdf.set_font("Sans", "B", 10)
    pdf.set_xy(12, top)
    pdf.cell(180, 6, "Présents par escale")
    rows = found.rows
    most = max([r.counts["present"] for r in rows] or [1]) or 1
    bar_top = top + 8
    height = min(5.0, 110 / max(len(rows), 1))
    for i, row in enumerate(rows):
        yy = bar_top + i * height
        pdf.set_font("Sans", "", 7)
        pdf.set_xy(12, yy)
        pdf.cell(40, height, row.stop.city[:28])
        width = 120 * row.counts["present"] / most
        pdf.set_fill_color(*GREEN)
        pdf.rect(54, yy + 0.6, max(width, 0.2), height - 1.2, style="F")
        pdf.set_xy(56 + width, yy)
        pdf.cell(20, height, _n(row.counts["present"]))
    # Table
    pdf.add_page()
    pdf.set_font("Sans", "B", 10)
    pdf.set_xy(12, 12)
    pdf.cell(180, 6, "Escales")
    codes = list(found.outcome_labels)
    short = {"permits": "Permis", "applications": "Demandes AE"}  # the column heads of the known outcomes
    headers = ["Escale", "Région", "Date", "Inscrits", "Présents", "Sur place", "F", "H",
               *[short.get(c, c[:10]) for c in codes]]  # fmt: skip
    widths = [36, 14, 20, 16, 16, 16, 10, 10, *([20] * len(codes))]
    pdf.set_font("Sans", "B", 7.5)
    pdf.set_xy(12, 20)
    for head, w in zip(headers, widths, strict=True):
        pdf.cell(w, 6, head, border="B")
    yy = 26
    pdf.set_font("Sans", "", 7.5)
    for row in [*rows, None]:
        if yy > 280:
            pdf.add_page()
            yy = 12
        pdf.set_xy(12, yy)
        if row is None:
            pdf.set_font("Sans", "B", 7.5)
            t = found.totals
            cells = ["Total", "", "", t["registered"], t["present"], t["walk_ins"], t["women"], t["men"],
                     *[found.outcome_totals[c] for c in codes]]  # fmt: skip
        else:
            c = row.counts
            cells = [row.stop.city[:24], row.stop.region.code, formats.date(row.stop.day), c["registered"],
                     c["present"], c["walk_ins"], c["women"], c["men"], *[row.outcomes[k] for k in codes]]  # fmt: skip
        for value, w in zip(cells, widths, strict=True):
            pdf.cell(w, 5, _n(value) if isinstance(value, int) else str(value))
        yy += 5
    return bytes(pdf.output())
