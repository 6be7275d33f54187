import io

import pytest
from openpyxl import load_workbook

from moukawil.core.enums import AuditEventType
from moukawil.core.models import AuditEvent
from moukawil.registry.exports import neutralise
from moukawil.registry.services import application_transition


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
