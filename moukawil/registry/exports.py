"""Exports (CSV, XLSX) of what the user may see, with the filters of the page he exports from.

Cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return)
are neutralised with a leading apostrophe (OWASP "CSV injection"). Rows are streamed: memory stays flat.
Each export is written to the audit log (who took which personal data, with which filters).

Numbers (``int``, ``float``, ``Decimal`` in a row; text stays text) are written for re-use, never as the page writes
them (``1 234,5`` is text to a spreadsheet, and a rate shown « < 0,01 » would be a 0 that is not one):

- XLSX: numeric cells, that a spreadsheet sums, with a number format — ``#,##0`` for a whole number, ``#,##0.00####``
  otherwise (two decimals at least, up to six: a rate of 0.0015 per 1,000 reads ``0.0015``, not ``0.00``);
- CSV: digits with no thousands separator and a point before the decimals (``942945``, ``0.0015``), as the open-data
  file and every statistics tool read them; a French-locale spreadsheet that wants commas opens the XLSX instead.

A missing figure is an empty cell in both, and text such as the hidden small counts (``<5``) stays text.

Dates and moments (``date``, ``datetime`` in a row) likewise: a moment in Moroccan local time (as on the pages), to the
minute; in XLSX a date cell (``dd/mm/yyyy``, ``dd/mm/yyyy hh:mm``) that sorts and filters as a date, in CSV ISO 8601
(``2026-11-30``, ``2026-11-30 14:05``). They were the pages' text (``30/11/2026``), which a spreadsheet sorts as text
and whose hour of filing was lost.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.utils import timezone

from moukawil.core.audit import audit_log
from moukawil.core.enums import AuditEventType
from moukawil.core.privacy import masked

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
WHOLE_FORMAT, DECIMAL_FORMAT = "#,##0", "#,##0.00####"
DATE_FORMAT, MOMENT_FORMAT = "dd/mm/yyyy", "dd/mm/yyyy hh:mm"

APPLICATION_COLUMNS = [
    ("reference", "Référence"), ("state", "État"), ("channel", "Canal"), ("cin", "CIN"), ("last_name", "Nom"),
    ("first_name", "Prénom"), ("gender", "Sexe"), ("birth_date", "Date de naissance"), ("activity", "Activité"),
    ("category", "Catégorie"), ("region", "Région"), ("submitted_at", "Déposée le"), ("due_at", "À traiter avant"),
    ("decided_at", "Décidée le"), ("rejection_reason", "Motif du refus"),
]  # fmt: skip
REGISTRATION_COLUMNS = [
    ("number", "Numéro"), ("status", "Statut"), ("cin", "CIN"), ("last_name", "Nom"), ("first_name", "Prénom"),
    ("gender", "Sexe"), ("activity", "Activité"), ("category", "Catégorie"), ("region", "Région"),
    ("registered_on", "Inscrit le"), ("struck_off_on", "Radié le"), ("strike_off_reason", "Motif de radiation"),
]  # fmt: skip


def neutralise(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(DANGEROUS_PREFIXES) else text


def _is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _whole(value: int | float | Decimal) -> bool:
    """An ``int``, or a ``Decimal`` with no digits after the point (a count summed by the database: ``Decimal("30")``);
    ``Decimal("2.00")``, a rate to two decimals, is not."""
    return isinstance(value, int) or (isinstance(value, Decimal) and value.is_finite()
                                       and int(value.as_tuple().exponent) >= 0)  # fmt: skip


def _local(value: dt.date) -> dt.date:
    """A moment in local time, to the minute and without its zone (a spreadsheet knows none); a date as it is."""
    if isinstance(value, dt.datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        return moment.replace(tzinfo=None, second=0, microsecond=0)
    return value


def csv_cell(value) -> str:
    """A cell of the CSV: a number as ``942945`` or ``0.0015`` (never an exponent), a date as ``2026-11-30`` and a
    moment as ``2026-11-30 14:05`` (local time), the rest neutralised text."""
    if isinstance(value, dt.datetime):
        return _local(value).isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if _is_number(value):
        if _whole(value):
            return str(int(value))
        return format(value, "f")
    return neutralise(value)


def _xlsx_cell(value, sheet, cell_class):
    if isinstance(value, dt.date):
        cell = cell_class(sheet, value=_local(value))
        cell.number_format = MOMENT_FORMAT if isinstance(value, dt.datetime) else DATE_FORMAT
        return cell
    if not _is_number(value):
        return neutralise(value)
    whole = _whole(value)
    cell = cell_class(sheet, value=int(value) if whole else value)
    cell.number_format = WHOLE_FORMAT if whole else DECIMAL_FORMAT
    return cell


def application_rows(applications, *, user=None) -> Iterator[list[str]]:
    """The rows of the applications export; CIN and birth date as ``user`` may see them (core.privacy)."""
    for a in applications.iterator(chunk_size=2000):
        person = a.person
        birth = masked(user, "birth_date", person.birth_date)
        yield [
            a.reference, a.get_state_display(), a.get_channel_display(), masked(user, "cin", person.cin),
            person.last_name, person.first_name, person.gender,
            str(birth) if isinstance(birth, int) else birth,  # a masked birth date: its year, as text (not 1,990)
            a.activity.name_fr,
            a.activity.get_category_display(), a.region.name_fr, a.submitted_at, a.due_at,
            a.decided_at, a.get_rejection_reason_display() if a.rejection_reason else "",
        ]  # fmt: skip


def registration_rows(registrations, *, user=None) -> Iterator[list[str]]:
    for r in registrations.iterator(chunk_size=2000):
        person = r.person
        yield [
            r.number, r.get_status_display(), masked(user, "cin", person.cin), person.last_name, person.first_name,
            person.gender,
            r.activity.name_fr, r.activity.get_category_display(), r.region.name_fr, r.registered_on,
            r.struck_off_on, r.get_strike_off_reason_display() if r.strike_off_reason else "",
        ]  # fmt: skip


def csv_stream(headers: list[str], rows: Iterable[list]) -> Iterator[str]:
    """UTF-8 with BOM and ``;`` so that a French-locale spreadsheet opens it as is; numbers as :func:`csv_cell`
    writes them (machine-readable, for re-use)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    buffer.write("\ufeff")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def xlsx_bytes(headers: list[str], rows: Iterable[list], *, title: str = "Export") -> bytes:
    """A one-sheet workbook: the headers as given (French or Arabic), numbers as numeric cells with a number
    format (they add up), dates as date cells, text neutralised."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.append(headers)
    for row in rows:
        sheet.append([_xlsx_cell(v, sheet, WriteOnlyCell) for v in row])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def export_logged(*, actor, what: str, fmt: str, filters: dict, region=None) -> None:
    """Write the export to the audit log; refused (nothing streamed) to whom may not export the register."""
    from moukawil.core.permissions import require

    from .permissions import can_export_register

    require(can_export_register(actor))
    audit_log(
        actor=actor,
        event_type=AuditEventType.REGISTER_EXPORTED,
        region=region,
        extra={"what": what, "format": fmt, "filters": {k: v for k, v in filters.items() if v}},
    )
