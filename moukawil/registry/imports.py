"""Bulk import of applications (CSV with ``,`` or ``;``, UTF-8 with or without BOM, or XLSX).

Two passes over the file, both streaming (memory stays bounded whatever the number of rows):

1. **Validation**: every row is checked — shape, reference data, the same eligibility checks as the other
   channels (``checks.py``), duplicates within the file and against the register. Every bad row is reported
   (row number, column, French message) before anything is written.
2. **Writing**, in one transaction, by batches: people, applications (references reserved in blocks), transition
   log, audit rows, likely-duplicate flags — set-based, no query per row.

Modes: ``validate`` (report only), ``all_or_nothing`` (write only if no row is refused), ``valid_only`` (write the
valid rows). A row already imported (same content, recognised by its ``import_key``) is skipped, so importing the
same file twice creates nothing twice.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from moukawil.core import tabular
from moukawil.core.audit import audit_log
from moukawil.core.bulk import db_datetime, db_json, insert_rows, prefetched
from moukawil.core.enums import AuditEventType
from moukawil.core.errors import BusinessError
from moukawil.core.numbering import number_allocate_block, number_format
from moukawil.core.tabular import Columns, ImportReport, Progress, RowError, count_rows, parse_date, row_key, yes_no
from moukawil.territory.selectors import ProvinceIndex

from . import checks
from .duplicates import flag_duplicates
from .enums import Channel, IdentityKind, RegistrationStatus
from .identity import name_key
from .models import Activity, Application, ApplicationTransition, Person, Registration
from .numbers import APPLICATION_SERIES
from .services import CHECK_FIELDS, REVIEW_DELAY_DAYS, ApplicantData, clean_applicant
from .workflow import OPEN_STATES, State

# Column → required. Headers are matched case-insensitively, accents and spaces ignored.
COLUMNS = {
    "cin": True, "type_piece": False, "prenom": True, "nom": True, "prenom_ar": False, "nom_ar": False,
    "sexe": True, "date_naissance": True, "nationalite": False, "telephone": False, "email": False,
    "adresse": False, "province": True, "activite": True, "salarie": False, "taxe_professionnelle": False,
    "domicile": False,
}  # fmt: skip
FIELD_TO_COLUMN = {
    "cin": "cin", "identity_kind": "type_piece", "first_name": "prenom", "last_name": "nom", "gender": "sexe",
    "birth_date": "date_naissance", "nationality": "nationalite", "phone": "telephone", "email": "email",
    "province": "province", "activity": "activite", "is_salaried": "salarie",
    "pays_taxe_professionnelle": "taxe_professionnelle",
}  # fmt: skip
BATCH = 2000


# Headers people actually type, mapped to the canonical column names.
ALIASES = {
    "date_de_naissance": "date_naissance", "ne_le": "date_naissance", "prenom_en_arabe": "prenom_ar",
    "nom_en_arabe": "nom_ar", "activite_code": "activite", "code_activite": "activite", "tel": "telephone",
    "telephone_mobile": "telephone", "e_mail": "email", "courriel": "email", "prefecture_ou_province": "province",
    "piece": "type_piece", "type_de_piece": "type_piece", "numero_cin": "cin", "n_cin": "cin",
}  # fmt: skip


COLUMN_SPEC = Columns(COLUMNS, ALIASES)


def read_rows(path: Path) -> Iterator[tuple[int, dict]]:
    return tabular.read_rows(path, COLUMN_SPEC)


@dataclass
class _Reference:
    provinces: ProvinceIndex
    activities: dict[str, Activity]

    @classmethod
    def load(cls) -> _Reference:
        return cls(ProvinceIndex(), {a.code: a for a in Activity.objects.filter(is_active=True)})


@dataclass
class _Row:
    number: int
    fields: dict
    activity: Activity
    is_salaried: bool
    pays_tp: bool
    works_from_home: bool
    key: str
    warnings: list[dict]  # non-blocking check results (an activity an officer must look at)


def _parse_row(number: int, cells: dict, ref: _Reference, on: date, region) -> _Row | list[RowError]:
    """The row ready to write, or every error found in it. Touches no shared state (runs in the reader thread)."""
    errors = []
    booleans = {}
    for column in ("salarie", "taxe_professionnelle", "domicile"):
        booleans[column], message = yes_no(cells.get(column))
        if message:
            errors.append(RowError(number, column, message))
    birth_date = parse_date(cells.get("date_naissance", ""))
    if birth_date is None:
        errors.append(RowError(number, "date_naissance", "Date invalide : attendu JJ/MM/AAAA ou AAAA-MM-JJ."))
    province = ref.provinces.find(cells.get("province"))
    if province is None:
        errors.append(
            RowError(number, "province", f"Préfecture ou province inconnue : « {cells.get('province', '')} ».")
        )
    elif region is not None and province.region_id != region.pk:
        errors.append(
            RowError(number, "province", "Province hors de votre région : la demande relève d'une autre chambre.")
        )
    activity = ref.activities.get((cells.get("activite") or "").strip().upper())
    if activity is None:
        errors.append(
            RowError(number, "activite", f"Activité inconnue : « {cells.get('activite', '')} » (code attendu).")
        )
    gender = (cells.get("sexe") or "").strip().upper()[:1]
    kind = (cells.get("type_piece") or "cin").strip().lower()
    kind = IdentityKind.RESIDENCE_CARD if kind.startswith(("carte", "sejour", "séjour", "residence")) else kind
    if errors or birth_date is None or province is None or activity is None:
        return errors
    try:
        fields = clean_applicant(
            ApplicantData(
                cin=cells.get("cin", ""), identity_kind=kind, first_name=cells.get("prenom", ""),
                last_name=cells.get("nom", ""), first_name_ar=cells.get("prenom_ar", ""),
                last_name_ar=cells.get("nom_ar", ""), gender=gender, birth_date=birth_date,
                nationality=cells.get("nationalite") or "MA", phone=cells.get("telephone", ""),
                email=cells.get("email", ""), address=cells.get("adresse", ""), province=province,
            ),
            on=on,
        )  # fmt: skip
    except BusinessError as error:
        return [RowError(number, FIELD_TO_COLUMN.get(error.field or "", error.field or ""), error.message)]
    results = checks.eligibility_checks(
        birth_date=birth_date, activity=activity, is_salaried=booleans["salarie"],
        pays_taxe_professionnelle=booleans["taxe_professionnelle"], on=on,
    )  # fmt: skip
    failures = checks.blocking_failures(results)
    if failures:
        return [RowError(number, FIELD_TO_COLUMN[CHECK_FIELDS[failures[0].code]], failures[0].reason)]
    return _Row(
        number, fields, activity, booleans["salarie"], booleans["taxe_professionnelle"], booleans["domicile"],
        row_key(cells, COLUMNS), [r.as_dict() for r in results if r.warning],
    )  # fmt: skip


def _batches(rows: Iterator, size: int) -> Iterator[list]:
    batch = []
    for item in rows:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _register_conflicts(batch: list[_Row]) -> tuple[set[str], dict[tuple[str, str], str]]:
    """Rows of the batch imported before (by content key), and identities the register refuses a new file for."""
    keys = [r.key for r in batch]
    imported = set(Application.objects.filter(import_key__any=keys).order_by().values_list("import_key", flat=True))
    cins = {r.fields["cin"] for r in batch}
    # With the document kind, the (identity_kind, cin) unique index serves the look-up.
    kinds = {r.fields["identity_kind"] for r in batch}
    found: dict[tuple[str, str], str] = {}
    for kind, cin, reference in (
        Application.objects.filter(person__identity_kind__in=kinds, person__cin__any=cins, state__in=OPEN_STATES)
        .order_by()
        .values_list("person__identity_kind", "person__cin", "reference")
    ):
        found[(kind, cin)] = f"Une demande est déjà en cours (réf. {reference})."
    for kind, cin, number in (
        Registration.objects.filter(
            person__identity_kind__in=kinds, person__cin__any=cins, status=RegistrationStatus.ACTIVE
        )
        .order_by()
        .values_list("person__identity_kind", "person__cin", "number")
    ):
        found.setdefault((kind, cin), f"Déjà inscrit au registre (n° {number}).")
    return imported, found


def _parsed_batches(path: Path, ref: _Reference, on: date, region) -> Iterator[list[_Row | list[RowError]]]:
    parsed = (_parse_row(n, cells, ref, on, region) for n, cells in read_rows(path))
    return _batches(parsed, BATCH)


def _valid_rows(path, report, on, region, progress, total) -> Iterator[_Row]:
    """Parse and check every row; yield the valid ones not yet imported (duplicates within the file refused).
    Reading and parsing run in a thread one batch ahead, so that they overlap the database's work."""
    ref = _Reference.load()
    seen: dict[tuple[str, str], int] = {}
    for batch in prefetched(_parsed_batches(path, ref, on, region)):
        report.total += len(batch)
        rows = []
        for result in batch:
            if isinstance(result, _Row):
                rows.append(result)
            else:
                for error in result:
                    report.add_error(error.row, error.column, error.message)
        imported, conflicts = _register_conflicts(rows) if rows else (set(), {})
        for row in rows:
            identity = (row.fields["identity_kind"], row.fields["cin"])
            if identity in seen:
                report.add_error(row.number, "cin", f"Même pièce d'identité qu'à la ligne {seen[identity]}.")
                continue
            seen[identity] = row.number
            if row.key in imported:
                report.skipped += 1
                continue
            conflict = conflicts.get(identity)
            if conflict:
                report.add_error(row.number, "cin", conflict)
                continue
            report.valid += 1
            yield row
        if progress:
            progress("validation", report.total, total)


def validate_file(path: Path, *, region=None, progress: Progress | None = None) -> ImportReport:
    report = ImportReport()
    total = count_rows(path)
    for _row in _valid_rows(path, report, timezone.localdate(), region, progress, total):
        pass
    return report


def import_file(path: Path, *, actor, mode: str, region=None, progress: Progress | None = None) -> ImportReport:
    """Check every row and, unless ``mode`` is ``validate``, write the valid ones — in one transaction that is
    rolled back whole when ``mode`` is ``all_or_nothing`` and a row was refused: nothing of a refused file is ever
    committed, and the file is read once."""
    path = Path(path)
    if mode == "validate":
        return validate_file(path, region=region, progress=progress)
    report, on, total = ImportReport(), timezone.localdate(), count_rows(path)
    with transaction.atomic():
        analysed_at = 0
        for batch in _batches(_valid_rows(path, report, on, region, progress, total), BATCH):
            _write_batch(batch, actor=actor, report=report, on=on, region=region, file_name=path.name)
            if report.created >= 2 * analysed_at + BATCH:
                _refresh_statistics()
                analysed_at = report.created
        if mode == "all_or_nothing" and report.error_count:
            transaction.set_rollback(True)
            report.created = report.duplicates_flagged = 0
            return report
        if report.created:
            audit_log(
                actor=actor,
                event_type=AuditEventType.APPLICATIONS_IMPORTED,
                region=region,
                extra={"file": path.name, "created": report.created, "refused": report.error_count, "mode": mode},
            )
    report.written = report.created > 0
    return report


def _refresh_statistics() -> None:
    """PostgreSQL plans the look-ups of the next batches from table statistics, which autovacuum cannot refresh
    while the import's transaction is open: once the tables have grown (doubled) it would still plan them for their
    former size — sequential scans at 200,000 rows (docs/benchmarks.md). ANALYZE within the transaction sees its
    rows; run on a doubling schedule, it costs a few ANALYZEs per file."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE registry_person, registry_application")


PERSON_COLUMNS = ["identity_kind", "cin", "first_name", "last_name", "first_name_ar", "last_name_ar", "gender",
                  "birth_date", "nationality", "phone", "email", "address", "province", "name_key", "name_key_ar",
                  "created_at"]  # fmt: skip
APPLICATION_COLUMNS = ["reference", "person", "activity", "province", "region", "channel", "works_from_home",
                       "is_salaried", "pays_taxe_professionnelle", "state", "checks", "submitted_at", "due_at",
                       "rejection_reason", "message", "import_key", "created_at", "created_by"]  # fmt: skip


def _write_batch(batch: list[_Row], *, actor, report: ImportReport, on: date, region, file_name: str) -> None:
    """Insert one batch with plain executemany (core.bulk): people, applications, transition log, audit rows."""
    now = timezone.now()
    now_db, due_db = db_datetime(now), db_datetime(now + timedelta(days=REVIEW_DELAY_DAYS))
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    kinds = {r.fields["identity_kind"] for r in batch}
    cins = [r.fields["cin"] for r in batch]

    def known_people():
        return {
            (kind, cin): (pk, birth_date, key, key_ar)
            for pk, kind, cin, birth_date, key, key_ar in Person.objects.filter(identity_kind__in=kinds, cin__any=cins)
            .order_by()
            .values_list("id", "identity_kind", "cin", "birth_date", "name_key", "name_key_ar")
        }

    people = known_people()
    new_rows = []
    for row in batch:
        f = row.fields
        if (f["identity_kind"], f["cin"]) not in people:
            new_rows.append((
                f["identity_kind"], f["cin"], f["first_name"], f["last_name"], f["first_name_ar"], f["last_name_ar"],
                f["gender"], f["birth_date"], f["nationality"], f["phone"], f["email"], f["address"],
                f["province"].pk, name_key(f["first_name"], f["last_name"]),
                name_key(f["first_name_ar"], f["last_name_ar"]), now_db,
            ))  # fmt: skip
    insert_rows(Person, PERSON_COLUMNS, new_rows)
    people = known_people()
    first = number_allocate_block(series=APPLICATION_SERIES, year=on.year, count=len(batch))
    references, application_rows = {}, []
    for offset, row in enumerate(batch):
        f = row.fields
        identity = (f["identity_kind"], f["cin"])
        person_id = people[identity][0]
        reference = number_format(series=APPLICATION_SERIES, year=on.year, value=first + offset)
        references[reference] = (person_id, identity, f["province"].region_id)
        application_rows.append((
            reference, person_id, row.activity.pk, f["province"].pk, f["province"].region_id, Channel.IMPORT,
            row.works_from_home, row.is_salaried, row.pays_tp, State.SUBMITTED,
            db_json(row.warnings), now_db, due_db, "", "", row.key, now_db, actor_id,
        ))  # fmt: skip
    insert_rows(Application, APPLICATION_COLUMNS, application_rows)
    created = list(
        Application.objects.filter(reference__any=list(references)).order_by().values_list("id", "reference")
    )
    insert_rows(
        ApplicationTransition, ["application", "name", "from_state", "to_state", "actor", "reason", "created_at"],
        [(pk, "submit", State.DRAFT, State.SUBMITTED, actor_id, "", now_db) for pk, _reference in created],
    )  # fmt: skip
    # One audit event per batch, naming its reference range: each application's own history is its transition
    # log ("submit" by the importing officer); 2 audit rows per imported row were 40 % of the rows written.
    first_ref, last_ref = min(references), max(references)
    audit_log(
        actor=actor, event_type=AuditEventType.APPLICATIONS_BATCH_CREATED, region=region,
        extra={"file": file_name, "count": len(created), "people_created": len(new_rows), "first": first_ref,
               "last": last_ref, "channel": Channel.IMPORT},
    )  # fmt: skip
    report.created += len(created)
    report.duplicates_flagged += flag_duplicates(
        [(pk, references[ref][0], references[ref][2], *people[references[ref][1]][1:]) for pk, ref in created],
        actor=actor,
        now=now,
    )


def write_sample_csv(rows: list[dict], *, delimiter: str = ",") -> bytes:
    """A CSV in the import format (tests, demo, documentation)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), delimiter=delimiter, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


# --- Import jobs (the web page and the API run the same import in the background) ---------------------------


def import_job_create(*, actor, uploaded_file, mode: str):
    """Store the uploaded file and create the job; refused at once for a bad mode, format or role."""
    from moukawil.core.permissions import require

    from .models import ImportJob
    from .permissions import can_import

    require(can_import(actor))
    if mode not in ImportJob.Mode.values:
        raise BusinessError("import.mode", "Choisissez un mode d'import.", field="mode")
    name = Path(uploaded_file.name or "").name
    if Path(name).suffix.lower() not in (".csv", ".txt", ".xlsx"):
        raise BusinessError(
            "import.format", "Format non pris en charge : CSV (séparateur , ou ;) ou XLSX.", field="file"
        )
    region = None if actor.is_national else actor.region
    return ImportJob.objects.create(
        file=uploaded_file, original_name=name[:255], mode=mode, created_by=actor, region=region
    )


def import_job_run(job) -> None:
    """Run one job to the end, saving its progress as it goes (called by a thread, a worker or a test)."""
    from .models import ImportJob

    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, total=count_rows(Path(job.file.path)))

    def progress(phase: str, done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(phase=phase, processed=done, total=total)

    try:
        report = import_file(
            Path(job.file.path), actor=job.created_by, mode=job.mode, region=job.region, progress=progress
        ).as_dict()
        status = ImportJob.Status.DONE
    except BusinessError as error:
        report, status = {"file_error": error.message, "errors": []}, ImportJob.Status.FAILED
    except Exception as exc:
        report, status = {"file_error": f"Erreur inattendue : {exc}", "errors": []}, ImportJob.Status.FAILED
    ImportJob.objects.filter(pk=job.pk).update(
        status=status, report=report, finished_at=timezone.now(), phase="", processed=report.get("total", 0)
    )


def import_job_start(job) -> None:
    """Run the job in a background thread of this process (the page polls its progress), or inline when
    IMPORTS_RUN_INLINE is set (tests; a deployment whose worker runs jobs with ``moukawil run-imports``)."""
    import threading

    from django.conf import settings
    from django.db import connection

    if settings.IMPORTS_RUN_INLINE:
        import_job_run(job)
        return

    def run():
        try:
            import_job_run(job)
        finally:
            connection.close()

    threading.Thread(target=run, name=f"import-{job.pk}", daemon=True).start()
