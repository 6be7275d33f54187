import io
from datetime import date

import pytest
from openpyxl import load_workbook

from moukawil.core.enums import AuditEventType
from moukawil.core.models import AuditEvent
from moukawil.indicators.census import region_population
from moukawil.indicators.services import summaries_refresh
from moukawil.registry.exports import neutralise
from moukawil.registry.services import application_transition
from tests.conventions.seed import fes_anpme_convention
from tests.indicators.rows import make_registrations


@pytest.mark.parametrize(
    ("raw", "safe"),
    [("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+212", "'+212"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
     ("Tazi", "Tazi"), (None, "")],
)  # fmt: skip
def test_formula_cells_are_neutralised(raw, safe):
    assert neutralise(raw) == safe


@pytest.mark.django_db
def test_the_queue_exports_what_the_officer_sees_with_its_filters(client, submit, officer_fes, officer_casa):
    submit(cin="BK1001", last_name="=cmd|' /C calc'!A0")
    submit(cin="BK1002", last_name="Tazi")
    client.force_login(officer_fes)
    response = client.get("/registre/demandes/export/?q=BK1002")
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = content.strip().splitlines()
    assert lines[0].startswith("Référence;État;Canal;CIN")
    assert len(lines) == 2 and "BK1002" in lines[1]
    everything = b"".join(client.get("/registre/demandes/export/").streaming_content).decode("utf-8-sig")
    assert "'=cmd" in everything
    event = AuditEvent.objects.filter(event_type=AuditEventType.REGISTER_EXPORTED).order_by("id").first()
    assert event.extra["filters"] == {"q": "BK1002"}

    client.force_login(officer_casa)
    other = b"".join(client.get("/registre/demandes/export/").streaming_content).decode("utf-8-sig")
    assert other.strip().count("\n") == 0  # the header only


@pytest.mark.django_db
def test_registrations_export_as_xlsx(client, submit, officer_fes):
    application_transition(actor=officer_fes, application=submit(cin="BK2001"), name="approve")
    client.force_login(officer_fes)
    response = client.get("/registre/inscriptions/export/?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Numéro", "Statut", "CIN")
    assert rows[1][2] == "BK2001"


@pytest.mark.django_db
def test_entrepreneurs_cannot_export(client, entrepreneur):
    client.force_login(entrepreneur)
    assert client.get("/registre/demandes/export/").status_code == 403


def _sheet(response) -> list[tuple]:
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


@pytest.mark.django_db
def test_the_dashboard_xlsx_holds_counts_as_numbers_that_add_up_and_a_tiny_rate_is_not_zero(
    client, fes, casa, activities, agency_officer
):
    make_registrations(fes, date(2019, 5, 2), 6)  # 6 among Fès-Meknès's 4 million: a rate of 0.0013 per 1,000
    make_registrations(casa, date(2019, 5, 2), 1200)
    summaries_refresh(actor=None, all_years=True)
    client.force_login(agency_officer)
    rows = _sheet(client.get("/tableaux-de-bord/?format=xlsx&tableau=par-region"))
    assert rows[0] == ("Région", "Inscriptions au registre", "Population 2024", "Pour 1 000 habitants")
    counts = {row[0]: row[1] for row in rows[1:]}
    assert all(isinstance(count, int) for count in counts.values())
    assert sum(counts.values()) == 1206 and counts["Fès-Meknès"] == 6
    fes_row = next(row for row in rows[1:] if row[0] == "Fès-Meknès")
    expected = 6 * 1000 / region_population()[fes.code]
    assert fes_row[2] == region_population()[fes.code] and 0 < fes_row[3] < 0.01
    assert fes_row[3] == pytest.approx(expected, abs=1e-6)  # the page's « < 0,01 », not « 0,00 »
    book = load_workbook(io.BytesIO(client.get("/tableaux-de-bord/?format=xlsx&tableau=par-region").content))
    sheet = book.active
    fes_cells = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "Fès-Meknès")
    assert fes_cells[1].number_format == "#,##0" and fes_cells[3].number_format == "#,##0.00####"
    # The CSV, for re-use: the same figures, machine-readable
    csv_response = client.get("/tableaux-de-bord/?format=csv&tableau=par-region")
    body = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    line = next(line for line in body.splitlines() if line.startswith("Fès-Meknès;"))
    assert line.split(";")[1] == "6" and line.split(";")[3] == f"{expected:.6f}"
    # The cards: counts as whole numbers too
    cards = {row[0]: row for row in _sheet(client.get("/tableaux-de-bord/?format=xlsx&tableau=indicateurs"))[1:]}
    assert cards["register.registrations"][2] == 1206 and isinstance(cards["register.registrations"][2], int)


@pytest.mark.django_db
def test_the_open_data_xlsx_holds_numbers_and_keeps_hidden_cells_as_text(client, fes, casa, activities, agency_officer):
    make_registrations(fes, date(2019, 5, 2), 12, women=3)
    make_registrations(casa, date(2019, 5, 2), 30, women=10)
    client.force_login(agency_officer)
    rows = _sheet(client.get("/tableaux-de-bord/donnees-ouvertes.csv?format=xlsx"))
    cells = [cell for row in rows[1:] for cell in row[5:]]
    assert "<5" in cells  # Fès-Meknès's 3 women: hidden, as text
    assert all(cell == "<5" or isinstance(cell, int) for cell in cells)
    registrations = rows[0].index("Inscriptions")
    casa_rows = [row[registrations] for row in rows[1:] if row[0] == casa.code]
    assert sum(casa_rows) == 30  # a spreadsheet's SUM gives the region's registrations back


@pytest.mark.django_db
def test_the_convention_xlsx_holds_target_and_value_as_numbers(client, fes, officer_fes, activities):
    convention = fes_anpme_convention(fes, officer_fes)
    make_registrations(fes, date(2019, 12, 31), 500)
    client.force_login(officer_fes)
    rows = _sheet(client.get(f"/conventions/{convention.pk}/?format=xlsx"))
    assert rows[0][4:7] == ("Cible", "Réalisé", "Taux (%)")
    assert rows[1][5] == 500 and isinstance(rows[1][4], int) and rows[1][6] == 100


@pytest.mark.django_db
def test_exported_dates_are_dates_a_spreadsheet_sorts_and_iso_in_csv(client, submit, officer_fes):
    """XLSX: date cells (the filing's moment in local time, to the minute); CSV: ISO 8601."""
    from datetime import datetime

    from django.utils import timezone

    application = submit(cin="BK3001")
    application_transition(actor=officer_fes, application=application, name="approve")
    application.refresh_from_db()
    client.force_login(officer_fes)
    assert len(_sheet(client.get("/registre/demandes/export/?format=xlsx"))) == 1  # to process only, as the CSV
    assert "BK3001" not in client.get("/registre/demandes/?page=1").content.decode()  # a page number: no filter
    assert "BK3001" in client.get("/registre/demandes/?q=BK3001").content.decode()
    rows = _sheet(client.get("/registre/demandes/export/?format=xlsx&q=BK3001"))
    header, row = rows[0], rows[1]
    filed = row[header.index("Déposée le")]
    local = timezone.localtime(application.submitted_at)
    assert isinstance(filed, datetime) and filed == local.replace(tzinfo=None, second=0, microsecond=0)
    assert row[header.index("Date de naissance")] == datetime(1990, 5, 17)  # the officer sees it in clear
    book = load_workbook(io.BytesIO(client.get("/registre/demandes/export/?format=xlsx&q=BK3001").content))
    cell = next(book.active.iter_rows(min_row=2, max_row=2))[header.index("Déposée le")]
    assert cell.number_format == "dd/mm/yyyy hh:mm" and cell.is_date

    registered = _sheet(client.get("/registre/inscriptions/export/?format=xlsx"))
    on = registered[1][registered[0].index("Inscrit le")]
    assert on == datetime.combine(application.registration.registered_on, datetime.min.time())

    text = b"".join(client.get("/registre/demandes/export/?q=BK3001").streaming_content).decode("utf-8-sig")
    line = text.strip().splitlines()[1].split(";")
    assert local.strftime("%Y-%m-%d %H:%M") in line and "1990-05-17" in line
