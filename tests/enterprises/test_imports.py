import csv
import io

import pytest

from moukawil.core.tabular import ImportFileError
from moukawil.enterprises.imports import COLUMNS, import_enterprises
from moukawil.enterprises.models import Enterprise

GOOD = {"nom": "Atlas Digital", "forme": "morale", "ice": "001561191000066", "tribunal_rc": "Fès", "numero_rc": "4512",
        "date_creation": "12/03/2019", "secteur": "J", "province": "MA-FES", "chiffre_affaires": "1200000",
        "annee_ca": "2025", "sexe_dirigeant": "F", "rural": "non", "innovante": "oui"}  # fmt: skip


def write(tmp_path, rows, name="entreprises.csv", delimiter=";"):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), delimiter=delimiter, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / name
    path.write_bytes(("\ufeff" + buffer.getvalue()).encode("utf-8"))
    return path


@pytest.mark.django_db
def test_import_reports_every_bad_row_and_writes_nothing_in_all_or_nothing(tmp_path, enterprise_reference,
                                                                             agency_officer):  # fmt: skip
    rows = [
        GOOD,
        {**GOOD, "nom": "Bis", "numero_rc": "999"},  # same ICE as row 2
        {**GOOD, "ice": "", "numero_rc": "4512", "nom": "RC bis"},  # same RC as row 2
        {**GOOD, "ice": "", "numero_rc": "77", "secteur": "Z"},
        {**GOOD, "ice": "", "numero_rc": "78", "date_creation": "31/02/2019"},
        {**GOOD, "ice": "", "numero_rc": "79", "province": "Atlantide"},
        {**GOOD, "ice": "12", "numero_rc": "80"},
        {**GOOD, "ice": "", "numero_rc": "81", "tribunal_rc": "Paris"},
    ]
    report = import_enterprises(write(tmp_path, rows), actor=agency_officer, mode="all_or_nothing")
    assert [(e.row, e.column) for e in report.errors] == [
        (3, "ice"), (4, "numero_rc"), (5, "secteur"), (6, "date_creation"), (7, "province"), (8, "ice"),
        (9, "tribunal_rc"),
    ]  # fmt: skip
    assert not report.written and not Enterprise.objects.exists()


@pytest.mark.django_db
def test_valid_rows_only_then_reimport_creates_nothing_twice(tmp_path, enterprise_reference, agency_officer):
    rows = [GOOD, {**GOOD, "ice": "", "numero_rc": "90", "nom": "Nour"}, {**GOOD, "ice": "", "numero_rc": "x"}]
    path = write(tmp_path, rows)
    first = import_enterprises(path, actor=agency_officer, mode="valid_only")
    assert (first.created, first.error_count) == (2, 1)
    second = import_enterprises(path, actor=agency_officer, mode="valid_only")
    assert (second.created, second.skipped) == (0, 2)
    assert Enterprise.objects.count() == 2
    assert Enterprise.objects.get(ice="001561191000066").size_class == "tpe"


@pytest.mark.django_db
def test_file_level_refusals(tmp_path, enterprise_reference, agency_officer):
    missing = tmp_path / "manque.csv"
    missing.write_text("nom;forme\nA;morale\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="absente"):
        import_enterprises(missing, actor=agency_officer, mode="validate")
    latin = tmp_path / "latin.csv"
    header = ";".join(COLUMNS)
    latin.write_bytes(f"{header}\nSociété;morale\n".encode("latin-1"))
    with pytest.raises(ImportFileError, match="UTF-8"):
        import_enterprises(latin, actor=agency_officer, mode="validate")


@pytest.mark.django_db
def test_import_and_export_pages(client, tmp_path, enterprise_reference, officer_fes):
    client.force_login(officer_fes)
    path = write(tmp_path, [GOOD, {**GOOD, "ice": "", "numero_rc": "91", "nom": "=HYPERLINK(1)"}])
    with path.open("rb") as handle:
        page = client.post("/entreprises/import/", {"file": handle, "mode": "valid_only"}, follow=True).content.decode()
    assert "2 entreprise(s) créée(s)" in page
    export = b"".join(client.get("/entreprises/export/").streaming_content).decode("utf-8-sig")
    assert "Atlas Digital" in export and "'=HYPERLINK(1)" in export


@pytest.mark.django_db
def test_refused_rows_read_in_the_page_language(tmp_path, enterprise_reference, agency_officer):
    from django.utils import translation

    from moukawil.core.tabular import row_reason

    rows = [GOOD, {**GOOD, "nom": "Bis", "numero_rc": "999"}, {**GOOD, "ice": "", "province": "Atlantide"}]
    errors = import_enterprises(write(tmp_path, rows), actor=agency_officer, mode="validate").as_dict()["errors"]
    assert [row_reason(e) for e in errors] == [
        "Même ICE qu'à la ligne 2.",
        "Préfecture ou province inconnue : « Atlantide ».",
    ]
    with translation.override("ar"):
        assert [row_reason(e) for e in errors] == [
            "نفس المعرف الموحد للمقاولة الوارد في السطر \u20662\u2069.",
            "عمالة أو إقليم غير معروف: «\u2066Atlantide\u2069».",
        ]


@pytest.mark.django_db
def test_hostile_rows_are_refused_the_same_in_validate_and_in_the_import(tmp_path, enterprise_reference,
                                                                          agency_officer):  # fmt: skip
    rows = [
        GOOD,
        {**GOOD, "ice": "", "numero_rc": "91", "nom": "Nour\x00"},
        {**GOOD, "ice": "", "numero_rc": "92", "email": "a" * 250 + "@x.ma"},
        {**GOOD, "ice": "", "numero_rc": "93", "effectif": "10000000000"},
        {**GOOD, "ice": "", "numero_rc": "94", "nom": "Nour"},
    ]
    path = write(tmp_path, rows)
    checked = import_enterprises(path, actor=agency_officer, mode="validate")
    assert [(e.row, e.column) for e in checked.errors] == [(3, "nom"), (4, "email"), (5, "effectif")]
    imported = import_enterprises(path, actor=agency_officer, mode="valid_only")
    assert imported.created == checked.valid == 2 and Enterprise.objects.count() == 2
