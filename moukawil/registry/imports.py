"""Bulk import of applications (CSV with ``,`` or ``;``, UTF-8 with or without BOM, or XLSX).

One streaming pass over the file (memory stays bounded whatever the number of rows), by batches of ``BATCH``:

1. **Reading and checking** (a reader process, a batch or two ahead of the database): shape, reference data, the same
   identity and eligibility checks as the other channels (``services.clean_applicant``, ``checks.py``); the values
   of each valid row's person and application are rendered for the database there.
2. **Against the register** (one query a batch, ``admission.register_state``): the same rules as the other channels
   (``admission.register_refusal``: the birth date and sex known under the identity, an open application, an active
   registration, a ban after a striking off), rows imported before, duplicates within the file. Every bad row is
   reported (row number, column, French message and code — those of the counter's refusal).
3. **Writing**, in the import's single transaction: ids and references reserved in blocks, then people,
   applications, their transition log, one audit event and the likely-duplicate flags — set-based (``core.bulk``:
   COPY or executemany), no query per row, nothing read back.

Modes: ``validate`` (report only, nothing written), ``all_or_nothing`` (the transaction is rolled back whole when a
row is refused: nothing of a refused file is ever committed), ``valid_only`` (write the valid rows). A row already
imported (same content, recognised by its ``import_key``) is skipped, so importing the same file twice creates
nothing twice. Measured in ``bench/import_register.py`` (docs/benchmarks.md).
"""

from __future__ import annotations

import contextlib
import csv
import io
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from moukawil.core import tabular
from moukawil.core.audit import audit_log, stored_actor_id
from moukawil.core.bulk import (
    bulk_statements,
    checked_as_written,
    db_datetime,
    db_json,
    few_collections,
    insert_rows,
    prefetched,
    prefixed,
    render_rows,
    reserve_ids,
)
from moukawil.core.enums import AuditEventType
from moukawil.core.errors import BusinessError
from moukawil.core.lookups import rows_param
from moukawil.core.numbering import number_allocate_block, number_format
from moukawil.core.tabular import (
    BAD_DATE,
    YES_NO,
    Columns,
    ImportReport,
    Progress,
    RowError,
    count_rows,
    parse_date,
    row_key,
    short_row,
    yes_no,
)
from moukawil.territory.selectors import ProvinceIndex

from . import admission, checks
from .duplicates import Pairs, Probes, duplicate_search, prepare_probes, record_duplicates
from .enums import Channel, IdentityKind, RejectionReason
from .identity import name_key, normalise_identity
from .models import Application, ApplicationTransition, Person
from .numbers import APPLICATION_SERIES
from .selectors import ActivityIndex
from .services import REVIEW_DELAY_DAYS, ApplicantData, clean_applicant
from .workflow import State

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
# Rows a batch: each holds a few megabytes in the reader, in the pipe and in the writer at once. A million rows
# alone (peak with the reader; time on a shared machine, so only roughly comparable): 5,000 a batch 305 MB, 85 s;
# 4,000 293 MB, 77 s; 3,000 279 MB, 114 s (docs/benchmarks.md, session 8).
BATCH = 4000
FIRST_BATCH = 500


# Headers people actually type, mapped to the canonical column names.
ALIASES = {
    "date_de_naissance": "date_naissance", "ne_le": "date_naissance", "prenom_en_arabe": "prenom_ar",
    "nom_en_arabe": "nom_ar", "activite_code": "activite", "code_activite": "activite", "tel": "telephone",
    "telephone_mobile": "telephone", "e_mail": "email", "courriel": "email", "prefecture_ou_province": "province",
    "piece": "type_piece", "type_de_piece": "type_piece", "numero_cin": "cin", "n_cin": "cin",
}  # fmt: skip


# The most characters a column's value may have (the register's columns; e-mail: RFC 5321).
LENGTHS = {"cin": 20, "prenom": 100, "nom": 100, "prenom_ar": 100, "nom_ar": 100, "email": 254, "adresse": 255,
           "telephone": 30, "province": 100, "activite": 200, "type_piece": 30, "nationalite": 2,
           "sexe": 10}  # fmt: skip
COLUMN_SPEC = Columns(COLUMNS, ALIASES, LENGTHS)


def read_rows(path: Path) -> Iterator[tuple[int, dict]]:
    return tabular.read_rows(path, COLUMN_SPEC)


@dataclass
class _Reference:
    provinces: ProvinceIndex
    activities: ActivityIndex
    # The declared checks' outcome by what they depend on — the age, the activity, the two answers —: a file of a
    # million rows has a few thousand of them, and each took 4 check results and their texts (_declared_checks).
    declared: dict = field(default_factory=dict)

    @classmethod
    def load(cls) -> _Reference:
        return cls(ProvinceIndex(), ActivityIndex())


@dataclass(frozen=True)
class _Context:
    """What every row of one import shares: reference data, the day, the importing officer's region, the time
    written on every row."""

    ref: _Reference
    on: date
    region: Any
    now: Any  # aware datetime
    now_db: Any
    due_db: Any
    actor_id: int | None

    @classmethod
    def start(cls, *, on: date, region, actor) -> _Context:
        now = timezone.now()
        return cls(
            _Reference.load(), on, region, now, db_datetime(now), db_datetime(now + timedelta(days=REVIEW_DELAY_DAYS)),
            stored_actor_id(actor),
        )  # fmt: skip


class _Row(NamedTuple):
    """A valid row, as little as the writer needs: a plain tuple, since every row crosses from the reader process
    pickled (a dataclass cost three times as much to unpickle)."""

    number: int
    identity: tuple[str, str]  # (identity kind, normalised number)
    birth_date: str  # ISO text: a date object costs most of a batch's unpickling
    gender: str
    region_id: int
    key: str  # content key (import_key)
    name_keys: tuple[str, str]  # Latin and Arabic (identity.name_key)
    # The values of its person and application rows after their keys (ids, reference, person), rendered in the
    # reader process (core.bulk.render_rows) so that the writer only puts the keys in front.
    person_tail: Any
    application_tail: Any

    def __reduce__(self):
        # Rebuilt by tuple.__new__ (C) rather than the named tuple's own __new__ (Python): a third of unpickling.
        return (tuple.__new__, (_Row, tuple(self)))


OTHER_REGION = gettext_noop("Province hors de votre région : la demande relève d'une autre chambre.")
UNKNOWN_ACTIVITY = gettext_noop("Activité inconnue : « %(value)s » (code ou libellé de la nomenclature attendu).")
SAME_IDENTITY = gettext_noop("Même pièce d'identité qu'à la ligne %(row)s.")


SAME_IDENTITY_REFUSED = gettext_noop(
    "Même pièce d'identité qu'à la ligne %(row)s, refusée : une personne n'a qu'une demande, et rien n'est importé "
    "pour cette pièce tant que la ligne %(row)s est refusée — corrigez-la ou gardez une seule des deux lignes, puis "
    "importez à nouveau."
)


class _FirstRows:
    """Identities met so far in a file → the row where each was first met, and whether that row was refused: what a
    later row under the same identity is told ("même pièce qu'à la ligne 12"). A 64-bit and a 32-bit hash of the
    identity and the row number in flat arrays (open addressing, two slots for three identities), 16 bytes a slot: a
    dict of the identities' texts cost 140 MB at 1,000,000 rows, this one 24 MB. A hash of 64 bits alone could make
    two identities of a file one (about one chance in 30 million at a million rows); the second, compared too,
    makes that about one in 10^17."""

    __slots__ = ("capacity", "first", "rows", "second", "size")

    def __init__(self, expected: int = 0) -> None:
        self._allocate(3 * expected // 2 + 1024)

    def _allocate(self, capacity: int) -> None:
        self.capacity, self.size = capacity, 0
        self.first = array("q", [0]) * capacity  # 0 marks a free slot
        self.second = array("i", [0]) * capacity
        self.rows = array("i", [0]) * capacity  # the first row's number, negative when it was refused

    @staticmethod
    def _hashes(identity: str) -> tuple[int, int]:
        return hash(identity) or 1, hash(identity + "\x1e") >> 32

    def slot(self, identity: str) -> tuple[int, int, int]:
        """(the slot of ``identity``, its hashes): ``rows[slot]`` is 0 when it was not met."""
        if 3 * self.size >= 2 * self.capacity:
            self._grow()
        first, second = self._hashes(identity)
        capacity, firsts = self.capacity, self.first
        i = first % capacity
        while (found := firsts[i]) and (found != first or self.second[i] != second):
            i = i + 1 if i + 1 < capacity else 0
        return i, first, second

    def meet(self, identity: str, number: int, *, refused: bool = False) -> tuple[int, bool] | None:
        """Record ``identity`` as met first on row ``number`` (``refused``: that row was refused) unless it was met
        before: then (its first row, whether that row was refused), and nothing is recorded."""
        i, first, second = self.slot(identity)
        if row := self.rows[i]:
            return abs(row), row < 0
        self.first[i], self.second[i], self.rows[i] = first, second, -number if refused else number
        self.size += 1
        return None

    def refuse(self, identity: str) -> None:
        """The row where ``identity`` was first met was refused after all (by the register)."""
        i = self.slot(identity)[0]
        self.rows[i] = -abs(self.rows[i])

    def _grow(self) -> None:
        entries = [(f, s, r) for f, s, r in zip(self.first, self.second, self.rows, strict=True) if f]
        self._allocate(2 * self.capacity)
        capacity, firsts = self.capacity, self.first
        for first, second, row in entries:
            i = first % capacity
            while firsts[i]:
                i = i + 1 if i + 1 < capacity else 0
            firsts[i], self.second[i], self.rows[i] = first, second, row
        self.size = len(entries)


class _Refused(list):
    """A refused row's errors, with its identity ("kind\\x1fnumber", "" when unreadable): a later row under the same
    identity is refused too — the file does not get two applications for one person, nor one behind a refusal."""

    def __init__(self, errors: list[RowError], *, identity: str) -> None:
        super().__init__(errors)
        self.identity = identity


def _identity_of(cin: str, kind: str) -> str:
    try:
        return "\x1f".join((kind, normalise_identity(cin, kind)))
    except BusinessError:
        return ""


def _row_error(number: int, error: BusinessError) -> RowError:
    """A refusal of the services' rules as the import reports it: the field's column, the same message and code."""
    field = error.field or ""
    return RowError.refusal(number, FIELD_TO_COLUMN.get(field, field), error)


def _parse_row(number: int, cells: dict, context: _Context) -> _Row | list[RowError]:
    """The row ready to write, or every error found in it. Touches no shared state (runs in the reader process)."""
    ref, on, region = context.ref, context.on, context.region
    kind = (cells.get("type_piece") or "cin").strip().lower()
    kind = IdentityKind.RESIDENCE_CARD if kind.startswith(("carte", "sejour", "séjour", "residence")) else kind
    if short := short_row(number, cells):
        return _Refused([short], identity=_identity_of(cells.get("cin", ""), kind))
    errors = COLUMN_SPEC.refusals(number, cells)
    if errors:
        cin = cells.get("cin", "")
        return _Refused(errors, identity=_identity_of(cin, kind) if "\x00" not in cin and len(cin) < 40 else "")
    booleans = {}
    for column in ("salarie", "taxe_professionnelle", "domicile"):
        booleans[column], bad_value = yes_no(cells.get(column))
        if bad_value is not None:
            errors.append(RowError.of(number, column, YES_NO, value=bad_value))
    birth_date = parse_date(cells.get("date_naissance", ""))
    if birth_date is None:
        errors.append(RowError.of(number, "date_naissance", BAD_DATE))
    province = ref.provinces.find(cells.get("province"))
    if province is None:
        template, params = ref.provinces.unknown(cells.get("province", ""))
        errors.append(RowError.of(number, "province", template, **params))
    elif region is not None and province.region_id != region.pk:
        errors.append(RowError.of(number, "province", OTHER_REGION))
    activity = ref.activities.find(cells.get("activite"))
    if activity is None:
        errors.append(RowError.of(number, "activite", UNKNOWN_ACTIVITY, value=cells.get("activite", "")))
    gender = (cells.get("sexe") or "").strip().upper()[:1]
    if errors or birth_date is None or province is None or activity is None:
        return _Refused(errors, identity=_identity_of(cells.get("cin", ""), kind))
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
        return _Refused([_row_error(number, error)], identity=_identity_of(cells.get("cin", ""), kind))
    refused, warnings = _declared_checks(context, birth_date, activity, booleans)
    if refused:
        return _Refused([_row_error(number, refused)], identity="\x1f".join((fields["identity_kind"], fields["cin"])))
    f, key, now = fields, row_key(cells, COLUMNS), context.now_db
    name_keys = (name_key(f["first_name"], f["last_name"]), name_key(f["first_name_ar"], f["last_name_ar"]))
    return _Row(
        number, (f["identity_kind"], f["cin"]), birth_date.isoformat(), f["gender"], province.region_id, key, name_keys,
        person_tail=(
            f["identity_kind"], f["cin"], f["first_name"], f["last_name"], f["first_name_ar"], f["last_name_ar"],
            f["gender"], f["birth_date"], f["nationality"], f["phone"], f["email"], f["address"], province.pk,
            *name_keys, now,
        ),
        application_tail=(
            activity.pk, province.pk, province.region_id, Channel.IMPORT, booleans["domicile"], booleans["salarie"],
            booleans["taxe_professionnelle"], State.SUBMITTED, warnings, now,
            context.due_db, "", "", key, now, context.actor_id,
        ),
    )  # fmt: skip


def _declared_checks(context: _Context, birth_date: date, activity, booleans: dict) -> tuple[BusinessError | None, str]:
    """The refusal of the checks on what the row declares (``checks.eligibility_checks``, as at the counter), or None
    and the JSON text of their warnings. They depend on the birth date through the age alone (``checks.check_adult``):
    computed once for each age, activity and pair of answers of a file."""
    salaried, taxe = booleans["salarie"], booleans["taxe_professionnelle"]
    key = (checks.age_on(birth_date, context.on), activity.pk, salaried, taxe)
    if (outcome := context.ref.declared.get(key)) is None:
        results = checks.eligibility_checks(
            birth_date=birth_date, activity=activity, is_salaried=salaried, pays_taxe_professionnelle=taxe,
            on=context.on,
        )  # fmt: skip
        warnings = [r.as_dict() for r in results if r.warning]
        text = (db_json(warnings) or "[]") if warnings else "[]"  # one "[]" for every row without a warning
        outcome = context.ref.declared[key] = (admission.refusal(results), text)
    return outcome


def _batches(rows: Iterator, size: int) -> Iterator[list]:
    """Lists of ``size`` rows — the first one smaller (``FIRST_BATCH``), so that the database starts working while
    the reader prepares the next instead of waiting for a whole batch."""
    batch = []
    limit = min(FIRST_BATCH, size)
    for item in rows:
        batch.append(item)
        if len(batch) >= limit:
            yield batch
            batch, limit = [], size
    if batch:
        yield batch


class _Parsed(NamedTuple):
    """A batch as the reader process hands it over."""

    read: int  # rows read (not "count": a tuple has a count() method)
    rows: list[_Row]  # the valid ones, their values rendered for the database
    errors: list[RowError]
    identities: list[str]  # the valid rows' identities, ready for admission.register_state (core.lookups.rows_param)
    probes: Probes  # their name keys, ready for the likely-duplicate search
    refused: list[tuple[int, str]]  # (row, identity) of the refused rows whose identity could be read


def _parsed_batches(path: Path, context: _Context) -> Iterator[_Parsed]:
    for batch in _batches((_parse_row(n, cells, context) for n, cells in read_rows(path)), BATCH):
        rows = [row for row in batch if isinstance(row, _Row)]
        errors = [error for result in batch if not isinstance(result, _Row) for error in result]
        refused = [(r[0].row, r.identity) for r in batch if isinstance(r, _Refused) and r and r.identity]
        rendered = zip(render_rows([r.person_tail for r in rows]), render_rows([r.application_tail for r in rows]),
                       strict=True)  # fmt: skip
        rows = [_Row(*row[:7], *tails) for row, tails in zip(rows, rendered, strict=True)]  # (_replace: 3 µs a row)
        probes = prepare_probes((row.birth_date, *row.name_keys) for row in rows)
        yield _Parsed(len(batch), rows, errors, rows_param({row.identity for row in rows}), probes, refused)


class _Checked(NamedTuple):
    """A batch checked against the register: its rows, the positions of the valid ones (not imported before,
    duplicates within the file refused), the people the register holds under their identities, and the rows' name
    keys ready for the likely-duplicate search (positions as in ``rows``)."""

    rows: list[_Row]
    valid: list[int]
    known: dict[tuple[str, str], admission.RegisterState]
    probes: Probes


# The refusals that a row imported before meets because of that import: its file is open, or was approved.
_OUTCOMES_OF_AN_IMPORT = {"application.already_open", f"application.check_{RejectionReason.ALREADY_REGISTERED}"}


def _valid_batches(path, report, context: _Context, progress, total) -> Iterator[_Checked]:
    """Parse and check every row; yield the batches that hold valid rows. Reading and checking run in a child
    process one batch ahead (core.bulk.prefetched), so that they overlap the database's work."""
    seen = _FirstRows(total)  # identities met so far, for duplicates within the file
    server = connection.vendor == "postgresql"
    batches = prefetched(_parsed_batches(path, context), receiving_thread=server)
    for count, rows, errors, identities, probes, refused_rows in batches:
        report.total += count
        for error in errors:
            report.add(error)
        known, imported = admission.register_state(identities) if rows else ({}, set())
        valid = []
        # The refused rows' identities are met in the file's order with the valid rows' (its first row refused: a
        # later one is refused because of it).
        later = iter(refused_rows)
        pending = next(later, None)
        for position, row in enumerate(rows):
            while pending is not None and pending[0] < row.number:
                seen.meet(pending[1], pending[0], refused=True)
                pending = next(later, None)
            identity = "\x1f".join(row.identity)
            if met := seen.meet(identity, row.number):
                first, first_refused = met
                report.add_error(row.number, "cin", SAME_IDENTITY_REFUSED if first_refused else SAME_IDENTITY,
                                 row=first)  # fmt: skip
                continue
            # The register's rules, as at the counter (the row's own checks passed in the reader).
            refused = admission.register_refusal(
                known.get(row.identity), cin=row.identity[1], birth_date=row.birth_date, gender=row.gender,
                on=context.on,
            )  # fmt: skip
            # A row imported before is skipped (importing a file twice creates nothing twice) — its open file or its
            # registration is that import's own outcome — unless the register now bars its person.
            if row.key in imported and (refused is None or refused.code in _OUTCOMES_OF_AN_IMPORT):
                report.skipped += 1
                continue
            if refused:
                report.add(_row_error(row.number, refused))
                seen.refuse(identity)
                continue
            valid.append(position)
        for number, identity in [*([pending] if pending else []), *later]:
            seen.meet(identity, number, refused=True)
        report.valid += len(valid)
        if progress:
            progress("validation", report.total, total)
        if valid:
            if any(rows[p].identity in known for p in valid):
                # People of the register are searched under their names as the register holds them.
                probes = prepare_probes(
                    (person.birth_date, person.name_key, person.name_key_ar)
                    if (person := known.get(row.identity))
                    else (row.birth_date, *row.name_keys)
                    for row in rows
                )
            yield _Checked(rows, valid, known, probes)


@contextlib.contextmanager
def _reading() -> Iterator[None]:
    """Where a validation reads. PostgreSQL: one read transaction (one snapshot, and the settings of
    ``bulk_statements``), which blocks no writer. SQLite: no transaction at all — each of its transactions begins
    IMMEDIATE, taking the one write lock, and another user's submission waited for the whole validation (14.6 s);
    in autocommit under WAL, the validation's reads and the other writers go on side by side."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        bulk_statements()
        yield


def validate_file(path: Path, *, region=None, progress: Progress | None = None) -> ImportReport:
    report = ImportReport()
    total = count_rows(path)
    context = _Context.start(on=timezone.localdate(), region=region, actor=None)
    with _reading(), few_collections():
        for _batch in _valid_batches(path, report, context, progress, total):
            pass
    return report


def import_file(path: Path, *, actor, mode: str, region=None, progress: Progress | None = None) -> ImportReport:
    """Check every row and, unless ``mode`` is ``validate``, write the valid ones — in one transaction that is
    rolled back whole when ``mode`` is ``all_or_nothing`` and a row was refused: nothing of a refused file is ever
    committed, and the file is read once. The actor's right to import is checked first, whatever calls it."""
    from moukawil.core.permissions import require

    from .permissions import can_import

    require(can_import(actor))
    path = Path(path)
    if mode == "validate":
        return validate_file(path, region=region, progress=progress)
    report, total = ImportReport(), count_rows(path)
    context = _Context.start(on=timezone.localdate(), region=region, actor=actor)
    with transaction.atomic(), few_collections():
        bulk_statements()
        with checked_as_written():
            for checked in _valid_batches(path, report, context, progress, total):
                _write_batch(checked, actor=actor, report=report, context=context, file_name=path.name)
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


PERSON_COLUMNS = ["identity_kind", "cin", "first_name", "last_name", "first_name_ar", "last_name_ar", "gender",
                  "birth_date", "nationality", "phone", "email", "address", "province", "name_key", "name_key_ar",
                  "created_at"]  # fmt: skip
APPLICATION_COLUMNS = ["activity", "province", "region", "channel", "works_from_home",
                       "is_salaried", "pays_taxe_professionnelle", "state", "checks", "submitted_at", "due_at",
                       "rejection_reason", "message", "import_key", "created_at", "created_by"]  # fmt: skip


def _write_batch(checked: _Checked, *, actor, report: ImportReport, context: _Context, file_name: str) -> None:
    """Insert the valid rows of one batch (core.bulk: COPY or executemany): people, applications, transition log,
    one audit event, likely-duplicate flags. Ids are reserved first, so every row is written once and nothing is read
    back; the rows' values were rendered by the reader process, the keys are put in front here."""
    rows, known = checked.rows, checked.known
    batch = [rows[position] for position in checked.valid]
    new = [row for row in batch if row.identity not in known]
    person_ids = reserve_ids(Person, len(new))
    new_ids = dict(zip((row.identity for row in new), person_ids, strict=True))
    application_ids = reserve_ids(Application, len(batch))
    year = context.on.year
    first = number_allocate_block(series=APPLICATION_SERIES, year=year, count=len(batch))
    # (application, person, region) of each row written, at its position in the batch as read; the person is the
    # file's or the one the register holds.
    applicants: list[tuple[int, int, int] | None] = [None] * len(rows)
    for pk, position in zip(application_ids, checked.valid, strict=True):
        row = rows[position]
        person = known.get(row.identity)
        applicants[position] = (pk, new_ids[row.identity] if person is None else person.person_id, row.region_id)
    # Likely duplicates looked for before the batch's people are written (duplicates.duplicate_search), matched
    # while the database writes them, with the application rows made ready.
    match = duplicate_search(checked.probes, applicants, people_not_written=True)

    def reference(i: int) -> str:
        return number_format(series=APPLICATION_SERIES, year=year, value=first + i)

    def meanwhile() -> tuple[Pairs, list]:
        people = (applicants[position][1] for position in checked.valid)  # type: ignore[index]
        keys = [(pk, reference(i), person) for i, (pk, person) in enumerate(zip(application_ids, people, strict=True))]
        return match(), prefixed(keys, [row.application_tail for row in batch])

    written = insert_rows(
        Person, ["id", *PERSON_COLUMNS], prefixed([(pk,) for pk in person_ids], [row.person_tail for row in new]),
        meanwhile=meanwhile,
    )  # fmt: skip
    assert written is not None
    suspected, applications = written
    (transition,) = render_rows([("submit", State.DRAFT, State.SUBMITTED, context.actor_id, "", context.now_db)])
    transitions = insert_rows(
        Application, ["id", "reference", "person", *APPLICATION_COLUMNS], applications,
        meanwhile=lambda: prefixed([(pk,) for pk in application_ids], [transition] * len(application_ids)),
    )  # fmt: skip
    insert_rows(
        ApplicationTransition, ["application", "name", "from_state", "to_state", "actor", "reason", "created_at"],
        transitions or [],
    )  # fmt: skip
    # One audit event per batch, naming its reference range: each application's own history is its transition
    # log ("submit" by the importing officer); 2 audit rows per imported row were 40 % of the rows written.
    audit_log(
        actor=actor, event_type=AuditEventType.APPLICATIONS_BATCH_CREATED, region=context.region,
        extra={"file": file_name, "count": len(batch), "people_created": len(new), "first": reference(0),
               "last": reference(len(batch) - 1), "channel": Channel.IMPORT},
    )  # fmt: skip
    report.created += len(batch)
    report.duplicates_flagged += record_duplicates(suspected, actor=actor, now=context.now)


def write_sample_csv(rows: list[dict], *, delimiter: str = ",") -> bytes:
    """A CSV in the import format (tests, demo, documentation)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), delimiter=delimiter, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


# --- Import jobs (the web page and the API run the same import in the background: core.tasks) ---------------------


def import_job_create(*, actor, uploaded_file, mode: str):
    """Store the uploaded file and create the job; refused at once for a bad mode, format or role."""
    from moukawil.core.permissions import require
    from moukawil.core.tasks import job_create

    from .models import ImportJob
    from .permissions import can_import

    require(can_import(actor))
    if mode not in ImportJob.Mode.values:
        raise BusinessError("import.mode", "Choisissez un mode d'import.", field="mode")
    name = Path(uploaded_file.name or "").name
    tabular.upload_check(uploaded_file, kind="registry.import")
    region = actor.scope_region
    with transaction.atomic():
        job = job_create(kind="registry.import", actor=actor, region=region)
        return ImportJob.objects.create(
            job=job, file=uploaded_file, original_name=name[:255], mode=mode, created_by=actor, region=region
        )


def import_job_run(job, *, progress: Progress | None = None) -> dict:
    """The import of a job, to its report (run by the task engine: registry/tasks.py)."""
    return import_file(
        Path(job.file.path), actor=job.created_by, mode=job.mode, region=job.region, progress=progress
    ).as_dict()


def import_job_start(job) -> None:
    """Queue the import for the worker (``moukawil worker``); the page and the API follow its job."""
    from moukawil.core.tasks import job_enqueue

    job_enqueue(job.job)
