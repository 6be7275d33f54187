"""The open-data file of the register: counts only (applications, registrations, registrations of women, active,
struck off) by region, year, gender and activity category — no name, CIN, phone, e-mail or any row about one
person. Every cell counting fewer than 5 people is suppressed (« < 5 »), and so is the second smallest cell of its
row when one only is hidden, so that a total minus the others cannot give it back. A file for re-use: a count that
was made and found nobody is 0 (a number, as every other cell that is not hidden: numeric cells in the XLSX), never
a dash; labels (headers, region, sex, category) are in the reader's language.

Read from the live rows (one grouped query per indicator), so that the file never lags the register."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from moukawil.registry.enums import Category, Gender
from moukawil.territory.models import Region

from .compute import Filters, values

THRESHOLD = 5
SUPPRESSED = "<5"
COLUMNS = ("register.applications", "register.registrations", "register.active", "register.struck_off")


def _suppress(cells: list[Decimal]) -> list[int | str]:
    """The counts as ``int`` (numeric cells in the XLSX), a hidden one as the text ``<5``."""
    hidden = {i for i, v in enumerate(cells) if 0 < v < THRESHOLD}
    if len(hidden) == 1:  # hide the next smallest too (complementary suppression)
        others = sorted((v, i) for i, v in enumerate(cells) if i not in hidden and v > 0)
        if others:
            hidden.add(others[0][1])
    return [SUPPRESSED if i in hidden else int(v) for i, v in enumerate(cells)]


def open_data_rows() -> tuple[list[str], list[list]]:
    regions = {r.pk: r for r in Region.objects.order_by("code")}
    grouped = {code: values(code, Filters(), ["region", "year", "gender", "category"]) for code in COLUMNS}
    keys = sorted({key for found in grouped.values() for key in found if key[0] in regions},
                  key=lambda k: (regions[k[0]].code, k[1], k[2] or "", k[3] or ""))  # fmt: skip
    genders, categories = dict(Gender.choices), dict(Category.choices)
    headers = [_("Code région"), _("Région"), _("Année"), _("Sexe"), _("Catégorie"),
               _("Demandes"), _("Inscriptions"), _("Actifs"), _("Radiés")]  # fmt: skip
    rows = []
    for region_id, year, gender, category in keys:
        cells = [grouped[code].get((region_id, year, gender, category), Decimal(0)) for code in COLUMNS]
        region = regions[region_id]
        rows.append([region.code, region.name, str(year), str(genders.get(gender, gender)),
                     str(categories.get(category, category)), *_suppress(cells)])  # fmt: skip
    return headers, rows
