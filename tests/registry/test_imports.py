from collections import Counter
from datetime import date, timedelta

import pytest
from django.utils import timezone

from moukawil.core.errors import BusinessError
from moukawil.core.tabular import ImportFileError
from moukawil.registry.duplicates import SUSPECTS_PER_APPLICATION
from moukawil.registry.enums import Channel, StrikeOffReason
from moukawil.registry.imports import import_file, write_sample_csv
from moukawil.registry.models import Application, DuplicateSuspicion, Person
from moukawil.registry.services import application_transition, registration_strike_off
from moukawil.registry.workflow import State


def good_row(index, **overrides):
    row = {
        "cin": f"AB{100000 + index}", "prenom": "Youssef", "nom": "Tazi", "prenom_ar": "يوسف", "nom_ar": "التازي",
        "sexe": "M", "date_naissance": f"{1980 + index % 20}-03-{1 + index % 28:02d}", "province": "MA-FES",
        "activite": "SRV-001", "telephone": "0661234567", "salarie": "non", "domicile": "oui",
    }  # fmt: skip
    row.update(overrides)
    return row


@pytest.fixture
def write(tmp_path):
    def make(rows, name="import.csv", delimiter=",", bom=False, raw: bytes | None = None):
        path = tmp_path / name
        content = raw if raw is not None else write_sample_csv(rows, delimiter=delimiter)
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + content)
        return path

    return make


@pytest.mark.django_db
@pytest.mark.parametrize("options", [{"delimiter": ","}, {"delimiter": ";"}, {"delimiter": ";", "bom": True}])
def test_a_clean_file_is_imported_whatever_its_dialect(write, activities, officer_fes, fes, options):
    path = write([good_row(i) for i in range(5)], **options)
    report = import_file(path, actor=officer_fes, mode="all_or_nothing")
    assert (report.total, report.valid, report.error_count, report.created) == (5, 5, 0, 5)
    applications = Application.objects.all()
    assert {a.channel for a in applications} == {Channel.IMPORT}
    assert {a.state for a in applications} == {State.SUBMITTED}
    # The region is the province's (a copy, for the officers' queue, that the database does not check by itself).
    assert {(a.province.region_id, a.region_id) for a in applications.select_related("province")} == {(fes.pk, fes.pk)}
    assert Person.objects.get(cin="AB100003").phone == "+212661234567"
    assert applications.get(person__cin="AB100000").transitions.get().to_state == State.SUBMITTED


@pytest.mark.django_db
def test_every_kind_of_bad_row_is_reported_and_nothing_is_written(write, submit, activities, officer_fes):
    submit(cin="ZZ999999")  # already has an open file in the register
    minor = (timezone.localdate() - timedelta(days=365 * 17)).isoformat()
    rows = [
        good_row(0),
        good_row(1, cin="12"),                           # bad CIN
        good_row(2, province="Atlantide"),               # unknown province
        good_row(3, date_naissance="31/02/1990"),        # bad date
        good_row(4, cin="AB100000"),                     # duplicate in the file
        good_row(5, cin="ZZ999999"),                     # duplicate in the register
        good_row(6, date_naissance=minor),               # minor
        good_row(7, salarie="peut-être"),                # bad boolean
        good_row(8, activite="XXX-999"),                 # unknown activity
        good_row(9, salarie="oui"),                      # salaried
    ]  # fmt: skip
    before = Application.objects.count()
    report = import_file(write(rows), actor=officer_fes, mode="all_or_nothing")
    found = {(e.row, e.column) for e in report.errors}
    assert found == {
        (3, "cin"), (4, "province"), (5, "date_naissance"), (6, "cin"), (7, "cin"), (8, "date_naissance"),
        (9, "salarie"), (10, "activite"), (11, "salarie"),
    }  # fmt: skip
    messages = {e.row: e.message for e in report.errors}
    assert "CIN invalide" in messages[3]
    assert messages[6] == "Même pièce d'identité qu'à la ligne 2."
    assert "demande est déjà en cours" in messages[7]
    assert "réservé aux majeurs" in messages[8]
    assert not report.written
    assert Application.objects.count() == before


@pytest.mark.django_db
def test_valid_rows_only_then_reimporting_creates_nothing_twice(write, activities, officer_fes):
    path = write([good_row(0), good_row(1, cin="??"), good_row(2)])
    report = import_file(path, actor=officer_fes, mode="valid_only")
    assert (report.created, report.error_count) == (2, 1)
    again = import_file(path, actor=officer_fes, mode="valid_only")
    assert (again.created, again.skipped, again.error_count) == (0, 2, 1)
    assert Application.objects.count() == 2


@pytest.mark.django_db
def test_a_person_refused_before_applies_again_by_import_without_a_second_person(write, submit, officer_fes):
    refused = submit(cin="AB100000")
    application_transition(
        actor=officer_fes, application=refused, name="reject", rejection_reason="documents", reason="CIN illisible."
    )
    people = Person.objects.count()
    # The same person: the birth date and sex the register knows under the CIN (another one would be refused).
    again = good_row(0, date_naissance="17/05/1990")
    report = import_file(write([again, good_row(1)]), actor=officer_fes, mode="all_or_nothing")
    assert (report.created, report.error_count) == (2, 0)
    assert Person.objects.count() == people + 1  # the refused applicant is the same person
    assert refused.person.applications.order_by("pk").last().state == State.SUBMITTED
    # The ids the import reserved do not collide with the ones the database gives afterwards.
    later = submit(cin="CD200000")
    assert later.pk > max(Application.objects.exclude(pk=later.pk).values_list("pk", flat=True))


def strike_off(application, actor, reason):
    registration = application_transition(actor=actor, application=application, name="approve").registration
    registration_strike_off(actor=actor, registration=registration, reason=reason, effective_date=timezone.localdate())


@pytest.mark.django_db
@pytest.mark.parametrize("mode", ["all_or_nothing", "valid_only"])
@pytest.mark.parametrize(
    ("history", "at_the_counter", "in_the_file", "column", "message"),
    [
        # Struck off for fraud: no new file for five years, whatever the channel.
        ("fraud", {}, {}, "cin", "pour fraude : nouvelle inscription impossible pendant 5 ans"),
        # Known under the same CIN with another birth date, or another sex: refused, never attached to that person.
        ("refused", {"birth_date": date(1990, 5, 18)}, {"date_naissance": "18/05/1990"}, "date_naissance",
         "La date de naissance ou le sexe ne correspondent pas"),
        ("refused", {"gender": "F"}, {"sexe": "F"}, "date_naissance", "ne correspondent pas"),
    ],
)  # fmt: skip
def test_the_register_refuses_an_imported_row_as_it_refuses_the_counter(
    write, submit, officer_fes, mode, history, at_the_counter, in_the_file, column, message
):
    known = submit(cin="BK123456")  # born 17/05/1990, a man
    if history == "fraud":
        strike_off(known, officer_fes, StrikeOffReason.FRAUD)
    else:
        application_transition(
            actor=officer_fes, application=known, name="reject", rejection_reason="documents", reason="Illisible."
        )
    with pytest.raises(BusinessError) as counter:
        submit(cin="BK123456", **at_the_counter)
    assert message in counter.value.message
    applications = Application.objects.count()

    row = good_row(0, cin="BK 123456", date_naissance="17/05/1990", sexe="M") | in_the_file
    report = import_file(write([good_row(1), row]), actor=officer_fes, mode=mode)

    (error,) = report.errors
    assert (error.row, error.column, error.message, error.code) == (
        3, column, counter.value.message, counter.value.code
    )  # fmt: skip
    assert report.as_dict()["errors"][0]["code"] == counter.value.code  # what the import's page and API show
    # All or nothing refuses the whole file; valid rows only imports the other one.
    assert report.created == Application.objects.count() - applications == (0 if mode == "all_or_nothing" else 1)
    person = Person.objects.get(cin="BK123456")
    assert (person.birth_date, person.gender, person.applications.count()) == (date(1990, 5, 17), "M", 1)


@pytest.mark.django_db
def test_a_file_imported_again_is_refused_for_a_person_struck_off_for_fraud_since(write, officer_fes, activities):
    path = write([good_row(0), good_row(1)])
    import_file(path, actor=officer_fes, mode="all_or_nothing")
    fraud, voluntary = Application.objects.order_by("person__cin")
    strike_off(fraud, officer_fes, StrikeOffReason.FRAUD)
    strike_off(voluntary, officer_fes, StrikeOffReason.VOLUNTARY)

    report = import_file(path, actor=officer_fes, mode="valid_only")
    # The row struck off voluntarily was imported before: skipped, as ever. The fraud is the register's refusal.
    assert (report.skipped, report.error_count, report.created) == (1, 1, 0)
    (error,) = report.errors
    assert (error.row, error.column, error.code) == (2, "cin", "application.check_banned")
    assert error.message == (
        f"Radié le {timezone.localdate():%d/%m/%Y} pour fraude : nouvelle inscription impossible pendant 5 ans."
    )


@pytest.mark.django_db
def test_a_file_of_namesakes_born_the_same_day_flags_a_few_suspects_each(write, submit, activities, officer_fes):
    submit(cin="KK111111", first_name="Youssef", last_name="Tazi", birth_date=timezone.datetime(1985, 3, 4).date())
    rows = [good_row(i, date_naissance="1985-03-04", prenom_ar="", nom_ar="") for i in range(9)]
    report = import_file(write(rows), actor=officer_fes, mode="all_or_nothing")
    per_application = Counter(DuplicateSuspicion.objects.values_list("application__person__cin", flat=True).order_by())
    # Each row is flagged with the person of the register and the rows before it, five at most.
    expected = [min(1 + i, SUSPECTS_PER_APPLICATION) for i in range(9)]  # 1, 2, 3, 4, 5, 5, …
    assert [per_application[row["cin"]] for row in rows] == expected
    assert report.duplicates_flagged == sum(expected)


@pytest.mark.django_db
def test_imported_text_keeps_commas_quotes_line_breaks_and_empty_values(write, officer_fes):
    rows = [
        good_row(0, adresse='12, rue "Al Qods"\nappt 3', email="", prenom_ar="", nom_ar=""),
        good_row(1, adresse="Derb Sidi Bouzid\nporte 4"),  # a line break alone in a value
    ]
    import_file(write(rows), actor=officer_fes, mode="all_or_nothing")
    person = Person.objects.get(cin="AB100000")
    assert (person.address, person.email, person.first_name_ar, person.name_key_ar) == (
        '12, rue "Al Qods"\nappt 3',
        "",
        "",
        "",
    )
    assert Person.objects.get(cin="AB100001").address == "Derb Sidi Bouzid\nporte 4"
    application = person.applications.get()
    assert application.works_from_home is True and application.is_salaried is False
    assert application.checks == [] and application.decided_at is None


@pytest.mark.django_db
def test_validate_mode_writes_nothing(write, activities, officer_fes):
    report = import_file(write([good_row(0)]), actor=officer_fes, mode="validate")
    assert report.valid == 1 and not report.written
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_an_officer_imports_rows_of_his_region_only(write, activities, officer_fes, fes):
    report = import_file(write([good_row(0, province="Casablanca")]), actor=officer_fes, mode="valid_only", region=fes)
    assert report.errors[0].column == "province"
    assert "hors de votre région" in report.errors[0].message


@pytest.mark.django_db
def test_file_level_errors(write, activities, officer_fes):
    with pytest.raises(ImportFileError, match="encodé en UTF-8"):
        import_file(write([], raw="cin,prénom\n".encode("latin-1")), actor=officer_fes, mode="validate")
    with pytest.raises(ImportFileError, match=r"absente.*date_naissance"):
        import_file(
            write([], raw=b"cin,prenom,nom,sexe,province,activite\nAB1,a,b,M,MA-FES,SRV-001\n"),
            actor=officer_fes,
            mode="validate",
        )
    latin1_tail = write_sample_csv([good_row(0)]) + "AB2,Séverine".encode("latin-1") + b"\n"
    with pytest.raises(ImportFileError, match="UTF-8"):
        import_file(write([], raw=latin1_tail), actor=officer_fes, mode="all_or_nothing")
    assert not Application.objects.exists()
    with pytest.raises(ImportFileError, match="Format non pris en charge"):
        import_file(write([], name="x.pdf", raw=b"%PDF"), actor=officer_fes, mode="validate")


@pytest.mark.django_db
def test_xlsx_files_are_read(tmp_path, activities, officer_fes):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["CIN", "Prénom", "Nom", "Sexe", "Date de naissance", "Province", "Activité"])
    sheet.append(["ab123", "Salma", "Idrissi", "F", timezone.datetime(1991, 7, 3), "Fès", "SRV-001"])
    path = tmp_path / "import.xlsx"
    workbook.save(path)
    report = import_file(path, actor=officer_fes, mode="all_or_nothing")
    assert report.created == 1
    assert Person.objects.get().birth_date.isoformat() == "1991-07-03"


@pytest.mark.django_db
def test_likely_duplicates_are_flagged_in_bulk(write, submit, activities, officer_fes):
    known = submit(
        cin="KK111111", first_name="Mohamed", last_name="Amrani", birth_date=timezone.datetime(1990, 5, 17).date()
    )
    report = import_file(
        write([good_row(0, prenom="Mohammed", nom="El Amrani", prenom_ar="", nom_ar="", date_naissance="17/05/1990")]),
        actor=officer_fes,
        mode="all_or_nothing",
    )
    assert report.duplicates_flagged == 1
    assert DuplicateSuspicion.objects.get().other == known.person


@pytest.mark.django_db
@pytest.mark.parametrize("batches", [(500, 5000), (1, 1), (1, 2), (2, 2)])
def test_likely_duplicates_within_one_file_are_flagged_on_the_later_row_whatever_the_batches(
    write, activities, officer_fes, monkeypatch, batches
):
    # The reader process is forked: it reads the batch sizes set here.
    monkeypatch.setattr("moukawil.registry.imports.FIRST_BATCH", batches[0])
    monkeypatch.setattr("moukawil.registry.imports.BATCH", batches[1])
    rows = [
        good_row(0, prenom="Mohamed", nom="Amrani", prenom_ar="", nom_ar="", date_naissance="17/05/1990"),
        good_row(1, prenom="Fatima", nom="Zahra", prenom_ar="", nom_ar=""),
        # Another CIN, the same person written in Arabic only in the Latin columns' place: matched across scripts.
        good_row(2, prenom="محمد", nom="العمراني", prenom_ar="", nom_ar="", date_naissance="1990-05-17"),
        good_row(3, prenom="Mouhamad", nom="El Amrani", prenom_ar="", nom_ar="", date_naissance="1990-05-17"),
        good_row(4, cin="AB100002"),  # the same identity again: refused, and flags nothing
    ]
    report = import_file(write(rows), actor=officer_fes, mode="valid_only")
    assert (report.created, report.error_count) == (4, 1)
    pairs = {(s.person.cin, s.other.cin) for s in DuplicateSuspicion.objects.select_related("person", "other")}
    assert pairs == {("AB100002", "AB100000"), ("AB100003", "AB100000"), ("AB100003", "AB100002")}
    assert report.duplicates_flagged == 3


@pytest.mark.django_db
def test_the_command_line_reports_and_refuses_all_or_nothing(write, activities, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    path = write([good_row(0), good_row(1, cin="!!")])
    with pytest.raises(CommandError, match="aucune ligne n'a été importée"):
        call_command("import_applications", str(path), "--mode", "all_or_nothing")
    out = capsys.readouterr().out
    assert "ligne       3  cin" in out
    assert "2 ligne(s) lue(s), 1 valide(s), 1 refusée(s)" in out
    call_command("import_applications", str(path), "--mode", "valid_only")
    assert Application.objects.count() == 1


@pytest.mark.django_db
def test_the_import_page_runs_a_job_and_shows_its_report(client, write, activities, officer_fes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from moukawil.registry.models import ImportJob

    client.force_login(officer_fes)
    content = write([good_row(0), good_row(1, province="Casablanca")]).read_bytes()
    response = client.post(
        "/registre/imports/", {"file": SimpleUploadedFile("guichet.csv", content), "mode": "valid_only"}, follow=True
    )
    page = response.content.decode()
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.DONE
    assert "2 ligne(s) lue(s) : 1 valide(s), 1 refusée(s), 0 déjà importée(s). 1 demande(s) créée(s)." in page
    assert "hors de votre région" in page
    page = client.post(
        "/registre/imports/", {"file": SimpleUploadedFile("notes.pdf", b"%PDF"), "mode": "valid_only"}
    ).content.decode()
    assert 'id="id_file_error"' in page and "Format non pris en charge" in page


@pytest.mark.django_db
def test_entrepreneurs_cannot_import(client, entrepreneur):
    client.force_login(entrepreneur)
    assert client.get("/registre/imports/").status_code == 403


@pytest.mark.django_db
def test_an_import_queued_for_the_worker_runs_there(write, activities, officer_fes, settings,
                                                     django_capture_on_commit_callbacks):  # fmt: skip
    from unittest import mock

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    from moukawil.registry.imports import import_job_create, import_job_start
    from moukawil.registry.models import ImportJob

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    content = write([good_row(0)]).read_bytes()
    job = import_job_create(actor=officer_fes, uploaded_file=SimpleUploadedFile("a.csv", content), mode="valid_only")
    with django_capture_on_commit_callbacks(execute=True):
        import_job_start(job)
    job.job.refresh_from_db()
    assert job.status == ImportJob.Status.PENDING and job.job.task_result_id
    # The worker closes its connections between tasks: not the test's, which holds the test's transaction.
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("worker", batch=True, verbosity=0)
    job.job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.report["created"] == 1 and job.job.attempts == 1
