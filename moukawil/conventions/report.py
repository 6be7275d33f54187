"""The PDF report of a convention's progress, in French and Arabic on the same page (the certificates' layout,
fonts and Arabic shaping: ``certificates.pdf``). Figures are those of ``selectors.convention_progress`` at the
time of printing."""

from __future__ import annotations

from django.utils import translation

from moukawil.certificates.pdf import arabic_line, banner, new_document
from moukawil.core import clock
from moukawil.core.formats import isolate

STATUS_FR = {"green": "En bonne voie", "amber": "À surveiller", "red": "En retard", "not_started": "Pas commencé",
             "unmeasured": "Non mesurable"}  # fmt: skip
STATUS_AR = {"green": "في الطريق الصحيح", "amber": "تحت المراقبة", "red": "متأخر", "not_started": "لم يبدأ",
             "unmeasured": "غير قابل للقياس"}  # fmt: skip


def _n(value) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}".replace(",", " ")


def progress_report_pdf(convention, progress) -> bytes:
    # The French half is written in French whatever the language of the page the report is asked from (an Arabic
    # word in the Latin font is drawn blank and turns the French paragraph right to left).
    with translation.override("fr"):
        return _report(convention, progress)


def _report(convention, progress) -> bytes:
    from moukawil.programmes.models import Programme

    # A commitment's label is typed in French; the Arabic line names its indicator, its programme and its deadline,
    # so that two lines of the same indicator (each programme, each year) stay apart.
    programmes_ar = dict(
        Programme.objects.filter(code__in={p.commitment.programme for p in progress if p.commitment.programme})
        .exclude(name_ar="")
        .values_list("code", "name_ar")
    )
    with translation.override("ar"):
        labels_ar = [
            " — ".join(filter(None, (
                str(p.indicator.label) if p.indicator else p.commitment.indicator,
                programmes_ar.get(p.commitment.programme, ""),
                isolate(f"{p.commitment.ends_on:%d/%m/%Y}"),
            )))
            for p in progress
        ]  # fmt: skip
        kind_ar = str(convention.get_kind_display())
    pdf = new_document(f"Avancement — {convention.title}")
    banner(pdf, "Avancement de la convention", "تقدم تنفيذ الاتفاقية")
    pdf.set_font("Sans", "B", 11)
    pdf.set_xy(20, 68)
    pdf.multi_cell(170, 6, convention.title, align="C")
    y = pdf.get_y() + 2
    pdf.set_font("Sans", "", 9)
    pdf.set_xy(20, y)
    parties = " · ".join(p.name_fr for p in convention.parties.all())
    pdf.multi_cell(
        170, 5,
        f"{convention.get_kind_display()} — {parties}\nPériode : {convention.starts_on:%d/%m/%Y} – "
        f"{convention.ends_on:%d/%m/%Y} · État : {convention.get_state_display()} · "
        f"Chiffres au {clock.today():%d/%m/%Y}, calculés à partir du registre et des programmes.",
    )  # fmt: skip
    y = pdf.get_y() + 1
    period = f"{convention.starts_on:%d/%m/%Y} – {convention.ends_on:%d/%m/%Y}"
    arabic_line(pdf, f"{kind_ar} — الفترة: {isolate(period)}", x=20, y=y, w=170, h=6, size=9)
    y += 10
    for p, label_ar in zip(progress, labels_ar, strict=True):
        if y > 255:
            pdf.add_page()
            y = 20
        c = p.commitment
        label_fr = c.label or (str(p.indicator.label) if p.indicator else c.indicator)
        pct = "—" if p.percent is None else f"{p.percent:.0f} %"
        pdf.set_draw_color(200, 200, 200)
        pdf.line(20, y, 190, y)
        pdf.set_font("Sans", "B", 9)
        pdf.set_xy(20, y + 1)
        pdf.cell(170, 5, label_fr[:110])
        pdf.set_font("Sans", "", 8)
        pdf.set_xy(20, y + 6)
        pdf.cell(
            170, 5,
            f"échéance {c.ends_on:%d/%m/%Y} · cible {_n(c.target)} · réalisé {_n(p.value)} · {pct} · "
            f"projection {_n(p.projected)} · {STATUS_FR[p.status]}",
        )  # fmt: skip
        arabic_line(pdf, label_ar, x=20, y=y + 11, w=170, h=5, size=9)
        line_ar = (f"الهدف {isolate(_n(c.target))} · المنجز {isolate(_n(p.value))} · {isolate(pct)} · "
                   f"{STATUS_AR[p.status]}")  # fmt: skip
        arabic_line(pdf, line_ar, x=20, y=y + 16, w=170, h=5, size=8)
        # the bar: grey track, coloured filling
        pdf.set_fill_color(233, 236, 239)
        pdf.rect(20, y + 22, 170, 2.5, style="F")
        colour = {"green": (0, 98, 51), "amber": (179, 134, 0), "red": (165, 40, 52)}.get(p.status, (108, 117, 125))
        pdf.set_fill_color(*colour)
        if p.bar:
            pdf.rect(20, y + 22, 170 * p.bar / 100, 2.5, style="F")
        y += 28
    return bytes(pdf.output())
