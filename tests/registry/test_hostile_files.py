"""Hostile files cost what a file should: an XLSX bomb, a non-zip ".xlsx", a 50 MB one-line CSV and a file over the
upload limit are refused at once with a French message naming the file (no job left pending, memory bounded); a
NUL byte or an over-long value in a row is refused with its column named, the same in ``validate`` as in the
import, so that a ``valid_only`` import never fails after ``validate`` passed it (on SQLite and PostgreSQL)."""

import json
import resource
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from moukawil.core.models import Job
from moukawil.core.tabular import ImportFileError
from moukawil.registry.imports import import_file, write_sample_csv
from moukawil.registry.models import Application, ImportJob
from tests.registry.test_imports import good_row

MB = 1024 * 1024


def peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: kilobytes


@pytest.fixture(scope="module")
def xlsx_bomb(tmp_path_factory):
    """A real workbook whose shared strings part holds one string of 1.5 GB, deflated to about 1.5 MB."""
    plain = tmp_path_factory.mktemp("bomb") / "plain.xlsx"
    workbook = Workbook()
    workbook.active.append(["cin", "prenom", "nom", "sexe", "date_naissance", "province", "activite"])
    workbook.active.append(["AB1", "x", "y", "M", "1990-01-01", "MA-FES", "SRV-001"])
    workbook.save(plain)
    bomb = plain.with_name("bombe.xlsx")
    size = 1536 * MB
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != "xl/sharedStrings.xml":
                target.writestr(item, source.read(item.filename))
        info = zipfile.ZipInfo("xl/sharedStrings.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        head = b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
        tail = b"</t></si></sst>"
        chunk = b"A" * MB
        with target.open(info, "w", force_zip64=True) as part:
            part.write(head)
            for _ in range(size // MB):
                part.write(chunk)
            part.write(tail)
    assert bomb.stat().st_size < 3 * MB
    return bomb


@pytest.mark.django_db
def test_an_xlsx_bomb_is_refused_before_it_inflates(client, as_user, xlsx_bomb, activities, officer_fes):
    before = peak_rss()
    with pytest.raises(ImportFileError, match=r"sharedStrings\.xml.*décompressée"):
        import_file(xlsx_bomb, actor=officer_fes, mode="validate")
    client.raise_request_exception = False
    answer = as_user(officer_fes).post(
        "/api/v1/imports", {"file": SimpleUploadedFile("bombe.xlsx", xlsx_bomb.read_bytes()), "mode": "validate"}
    )
    assert answer.status_code == 400, answer.content[:300]
    body = answer.json()
    assert body["field"] == "file" and "xl/sharedStrings.xml" in body["message"] and "Mo" in body["message"]
    assert not ImportJob.objects.exists() and not Job.objects.exists()
    assert peak_rss() - before < 300 * MB
    assert client.get("/api/v1/health").status_code == 200  # the server still answers


@pytest.mark.django_db
def test_a_file_named_xlsx_that_is_no_zip_is_refused_at_once(client, as_user, officer_fes, tmp_path):
    client.raise_request_exception = False
    fake = SimpleUploadedFile("registre.xlsx", b"cin,prenom\nAB1,x\n")
    answer = as_user(officer_fes).post("/api/v1/imports", {"file": fake, "mode": "validate"})
    assert answer.status_code == 400 and answer.json()["field"] == "file"
    assert "n'est pas un classeur Excel" in answer.json()["message"]
    assert not Job.objects.exists()
    del client.defaults["HTTP_AUTHORIZATION"]
    client.force_login(officer_fes)
    page = client.post("/registre/imports/", {"file": SimpleUploadedFile("registre.xlsx", b"PK\x03\x04rien"),
                                              "mode": "validate"}).content.decode()  # fmt: skip
    assert 'id="id_file_error"' in page and "n&#x27;est pas un classeur Excel" in page
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_a_50_mb_csv_on_one_line_gets_a_french_message(activities, officer_fes, tmp_path):
    path = tmp_path / "une-ligne.csv"
    with path.open("wb") as handle:
        handle.write(write_sample_csv([]).rstrip(b"\r\n") + b"\n")
        for _ in range(50):
            handle.write(b"AB1," * (MB // 4))
    before = peak_rss()
    with pytest.raises(ImportFileError, match=r"Ligne 2 : plus de 64 Ko sur une seule ligne"):
        import_file(path, actor=officer_fes, mode="validate")
    assert peak_rss() - before < 50 * MB


@pytest.mark.django_db
def test_a_quoted_cell_that_never_closes_gets_a_french_message(activities, officer_fes, tmp_path):
    path = tmp_path / "guillemet.csv"
    path.write_bytes(write_sample_csv([]) + b'AB1,"Youssef\n' + (b"x" * 100 + b"\n") * 1000)
    with pytest.raises(ImportFileError, match=r"une cellule de plus de 64 Ko \(un guillemet jamais refermé \?\)"):
        import_file(path, actor=officer_fes, mode="validate")


@pytest.mark.django_db
def test_an_upload_over_its_kind_limit_is_refused_naming_the_file(client, as_user, officer_fes, settings):
    settings.UPLOAD_MAX_BYTES = {**settings.UPLOAD_MAX_BYTES, "registry.import": 1000}
    client.raise_request_exception = False
    big = SimpleUploadedFile("gros.csv", write_sample_csv([good_row(i) for i in range(30)]))
    answer = as_user(officer_fes).post("/api/v1/imports", {"file": big, "mode": "validate"})
    assert answer.status_code == 400 and answer.json()["field"] == "file"
    assert "Mo au plus pour cet envoi" in answer.json()["message"]
    assert not Job.objects.exists()


HOSTILE_ROWS = [
    (good_row(1, prenom="You\x00ssef"), "prenom", "Caractère nul"),
    (good_row(2, email="a" * 250 + "@x.ma"), "email", "254 caractères au plus"),
    (good_row(3, nom_ar="ت" * 101), "nom_ar", "100 caractères au plus"),
    (good_row(4, adresse="rue " * 70), "adresse", "255 caractères au plus"),
]


@pytest.mark.django_db(transaction=True)
def test_hostile_rows_are_refused_the_same_in_validate_and_in_the_import(tmp_path, activities, officer_fes):
    rows = [good_row(0)] + [row for row, _column, _message in HOSTILE_ROWS] + [good_row(5)]
    path = tmp_path / "hostile.csv"
    path.write_bytes(write_sample_csv(rows))
    checked = import_file(path, actor=officer_fes, mode="validate")
    refused = {(e.row, e.column) for e in checked.errors}
    assert refused == {(i + 3, column) for i, (_row, column, _message) in enumerate(HOSTILE_ROWS)}, checked.errors
    for error, (_row, _column, message) in zip(sorted(checked.errors, key=lambda e: e.row), HOSTILE_ROWS, strict=True):
        assert message in error.message
    imported = import_file(path, actor=officer_fes, mode="valid_only")
    assert imported.created == checked.valid == 2
    assert {(e.row, e.column) for e in imported.errors} == refused
    assert Application.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "value", "message"), [
    ("first_name", "Sal\x00ma", "Caractère nul"), ("email", "a" * 250 + "@x.ma", None),
    ("address", "rue " * 70, "255 caractères au plus"), ("last_name_ar", "ت" * 101, "100 caractères au plus"),
])  # fmt: skip
def test_the_api_refuses_a_hostile_applicant_naming_the_field(client, as_user, officer_fes, activities, field, value,
                                                             message):  # fmt: skip
    client.raise_request_exception = False
    data = {"cin": "AB123456", "first_name": "Salma", "last_name": "Idrissi", "gender": "F",
            "birth_date": "1991-07-03", "province_code": "MA-FES", "activity_code": "SRV-001",
            field: value}  # fmt: skip
    answer = as_user(officer_fes).post("/api/v1/applications", json.dumps(data), content_type="application/json")
    assert answer.status_code in (400, 422), answer.content[:300]
    assert answer.json()["field"] == field
    if message:
        assert message in answer.json()["message"] or answer.status_code == 422
    assert not Application.objects.exists()


def test_the_bomb_fixture_really_inflates_to_gigabytes(xlsx_bomb):
    with zipfile.ZipFile(xlsx_bomb) as archive:
        part = archive.getinfo("xl/sharedStrings.xml")
    assert part.file_size > 1500 * MB and part.compress_size < 3 * MB
    assert zlib  # the part is deflated, as Excel writes it


@pytest.mark.django_db
def test_an_import_that_failed_is_run_again_through_the_api(client, as_user, officer_fes, activities):
    api = as_user(officer_fes)
    answer = api.post("/api/v1/imports", {"file": SimpleUploadedFile("a.csv", write_sample_csv([good_row(0)])),
                                          "mode": "valid_only"})  # fmt: skip
    imported = ImportJob.objects.get(pk=answer.json()["id"])
    Application.objects.all().delete()
    Job.objects.filter(pk=imported.job_id).update(status=Job.Status.FAILED, error="interrompu")
    again = api.post(f"/api/v1/imports/{imported.pk}/rerun")
    assert again.status_code == 202 and again.json()["status"] == "done", again.content
    assert Application.objects.count() == 1
    assert api.post(f"/api/v1/imports/{imported.pk}/rerun").status_code == 400


def test_the_longest_cell_follows_the_settings_and_spaces_around_a_value_do_not_count(settings):
    from moukawil.core.tabular import Columns

    spec = Columns({"a": True, "b": False}, lengths={"b": 3})
    assert spec.refusals(2, {"a": "x" * 50, "b": " abc "}) == []
    settings.IMPORT_CSV_MAX_CELL_CHARS = 20
    assert [(e.column, e.message) for e in spec.refusals(2, {"a": "x" * 50, "b": "abcd"})] == [
        ("a", "Valeur trop longue : 20 caractères au plus."), ("b", "Valeur trop longue : 3 caractères au plus."),
    ]  # fmt: skip
    assert spec.refusals(2, {"a": " " * 10 + "x" * 20 + " " * 10, "b": ""}) == []
    assert [e.column for e in spec.refusals(2, {"a": "x\x00", "b": "ab"})] == ["a"]
