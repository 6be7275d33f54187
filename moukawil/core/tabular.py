"""Reading tabular files for bulk imports (CSV with ``,`` or ``;``, UTF-8 with or without BOM, or XLSX): rows as
dicts keyed by canonical column names, streamed; file-level refusals as :class:`ImportFileError` (encoding with its
line, missing columns named, empty file, unknown format); the report a validation run fills row by row.
Used by the register's and the enterprise register's imports."""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import le
from pathlib import Path

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.translation import gettext_noop

from .errors import BusinessError

MAX_REPORTED_ERRORS = 1000
TRUE, FALSE = {"oui", "o", "1", "true", "vrai", "x"}, {"non", "n", "0", "false", "faux", ""}
BOOLEAN_WORDS = TRUE | FALSE


class ImportFileError(BusinessError):
    """The file as a whole cannot be read (encoding, missing column, empty, unknown format, too big)."""


# --- What a file may cost (settings, with these defaults) -----------------------------------------------------------
# A spreadsheet is a zip archive: what its parts hold once inflated is read from its directory before anything is
# inflated (Python's zipfile never inflates a part beyond the size its directory declares). A part that inflates more
# than XLSX_MAX_RATIO times, or beyond XLSX_MAX_PART_BYTES, is refused: a 1.5 MB file whose shared strings inflate to
# 1.5 GB took the web process to 4.8 GB. openpyxl keeps the shared strings in memory: they get their own bound.
LIMITS = {
    "XLSX_MAX_PARTS": 500,
    "XLSX_MAX_RATIO": 100,
    "XLSX_MAX_PART_BYTES": 200 * 1024 * 1024,
    "XLSX_MAX_SHARED_STRINGS_BYTES": 50 * 1024 * 1024,
    "XLSX_MAX_TOTAL_BYTES": 500 * 1024 * 1024,
    "CSV_MAX_LINE_BYTES": 64 * 1024,  # a row of the import formats is a few hundred bytes
    "CSV_MAX_CELL_CHARS": 4000,
}


def limit(name: str) -> int:
    # Read once (a missing setting costs Django an exception: 3 µs, on every row of an import), again after a change.
    if (value := _LIMITS_READ.get(name)) is None:
        value = _LIMITS_READ[name] = int(getattr(settings, f"IMPORT_{name}", LIMITS[name]))
    return value


_LIMITS_READ: dict[str, int] = {}


@receiver(setting_changed)
def _forget_limits(*, setting: str, **kwargs) -> None:
    if setting.startswith("IMPORT_"):
        _LIMITS_READ.clear()


def upload_check(uploaded, *, kind: str, field: str = "file") -> None:
    """Refuse an uploaded file at once, before a job is made for it: bigger than ``settings.UPLOAD_MAX_BYTES[kind]``,
    of another format than CSV or XLSX, or an ``.xlsx`` that is not a zip archive or that would inflate beyond the
    limits (``xlsx_check``). The French message names the field."""
    name = str(getattr(uploaded, "name", "") or "")
    size = getattr(uploaded, "size", None)
    maximum = settings.UPLOAD_MAX_BYTES.get(kind, settings.UPLOAD_MAX_BYTES["default"])
    if size is not None and size > maximum:
        raise ImportFileError.of(
            "upload.too_large",
            gettext_noop("Fichier : %(size)s Mo, %(maximum)s Mo au plus pour cet envoi."),
            field=field, size=_megabytes(size), maximum=_megabytes(maximum),
        )  # fmt: skip
    suffix = Path(name).suffix.lower()
    if suffix not in (".csv", ".txt", ".xlsx"):
        raise ImportFileError.of("import.format", FORMAT, field=field)
    if suffix == ".xlsx":
        xlsx_check(uploaded, field=field)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",").replace(",0", "")


def xlsx_check(source, *, field: str = "file") -> None:
    """Refuse an ``.xlsx`` that is no zip archive, has too many parts, or a part that would inflate too much — read
    from the archive's directory, nothing inflated. ``source``: a path or a file object (rewound after)."""
    position = source.tell() if hasattr(source, "tell") else None
    try:
        if not zipfile.is_zipfile(source):
            raise ImportFileError.of("import.xlsx_not_zip", NOT_XLSX, field=field)
        with zipfile.ZipFile(source) as archive:
            parts = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise ImportFileError.of("import.xlsx_not_zip", NOT_XLSX, field=field) from exc
    finally:
        if position is not None:
            source.seek(position)
    if len(parts) > limit("XLSX_MAX_PARTS"):
        raise ImportFileError.of("import.xlsx_parts", XLSX_PARTS, field=field, count=len(parts),
                                 maximum=limit("XLSX_MAX_PARTS"))  # fmt: skip
    total = 0
    for part in parts:
        total += part.file_size
        ceiling = limit("XLSX_MAX_PART_BYTES")
        if part.filename.lower().endswith("sharedstrings.xml"):
            ceiling = min(ceiling, limit("XLSX_MAX_SHARED_STRINGS_BYTES"))
        ratio = part.file_size / max(part.compress_size, 1)
        # Small parts (a few kilobytes of repeated XML) may compress very well: only the ratio of a big one counts.
        if part.file_size > ceiling or (part.file_size > 1024 * 1024 and ratio > limit("XLSX_MAX_RATIO")):
            raise ImportFileError.of("import.xlsx_bomb", XLSX_BOMB, field=field, part=part.filename,
                                     size=_megabytes(part.file_size))  # fmt: skip
    if total > limit("XLSX_MAX_TOTAL_BYTES"):
        raise ImportFileError.of("import.xlsx_bomb", XLSX_BOMB, field=field, part="*", size=_megabytes(total))


FORMAT = gettext_noop("Format non pris en charge : CSV (séparateur , ou ;) ou XLSX.")
NOT_XLSX = gettext_noop(
    "Fichier : ce n'est pas un classeur Excel (.xlsx) ; enregistrez-le au format .xlsx ou en CSV UTF-8."
)
XLSX_PARTS = gettext_noop("Fichier : classeur de %(count)s parties, %(maximum)s au plus.")
XLSX_BOMB = gettext_noop(
    "Fichier : la partie « %(part)s » du classeur ferait %(size)s Mo une fois décompressée : refusé "
    "(classeur anormal ; enregistrez-le en CSV UTF-8)."
)
LINE_TOO_LONG = gettext_noop(
    "Ligne %(line)s : plus de %(maximum)s Ko sur une seule ligne ; une ligne du fichier est une demande "
    "(vérifiez le séparateur de lignes)."
)
CELL_TOO_LONG = gettext_noop("Ligne %(line)s : une cellule de plus de %(maximum)s Ko (un guillemet jamais refermé ?).")
NUL_CELL = gettext_noop("Caractère nul (U+0000) refusé.")
TOO_LONG = gettext_noop("Valeur trop longue : %(maximum)s caractères au plus.")


@dataclass
class RowError:
    row: int
    column: str
    message: str  # French (the API, the CLI)
    code: str = ""  # the code of the services' refusal when the row breaks one of their rules (BusinessError.code)
    template: str = ""  # the message's msgid, with ``params``: the page shows it in the reader's language
    params: dict | None = None

    @classmethod
    def of(cls, row: int, column: str, template: str, code: str = "", /, **params) -> RowError:
        return cls(row, column, template % params if params else template, code, template, params or None)

    @classmethod
    def refusal(cls, row: int, column: str, error: BusinessError) -> RowError:
        """A service's refusal as a row error: same message and code, in the reader's language where it can be."""
        template, params = error.localised or (error.message, None)
        return cls(row, column, error.message, error.code, template, params)


def row_reason(error: dict) -> str:
    """A reported row error (``RowError`` as JSON) in the active language."""
    from .errors import localise

    return localise(error["template"], error.get("params")) if error.get("template") else error["message"]


@dataclass
class ImportReport:
    total: int = 0
    valid: int = 0
    error_count: int = 0
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    skipped: int = 0  # already imported
    duplicates_flagged: int = 0
    written: bool = False

    def add_error(self, row: int, column: str, message: str, code: str = "", /, **params) -> None:
        """One refused row; ``message`` is a msgid whose ``params`` fill it (French kept, Arabic on the page)."""
        self.add(RowError.of(row, column, message, code, **params))

    def add(self, error: RowError) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(error)

    def as_dict(self) -> dict:
        return {
            "total": self.total, "valid": self.valid, "error_count": self.error_count, "created": self.created,
            "skipped": self.skipped, "duplicates_flagged": self.duplicates_flagged, "written": self.written,
            "errors": [e.__dict__ for e in self.errors],
        }  # fmt: skip


Progress = Callable[[str, int, int], None]  # (phase, done, total)


@dataclass(frozen=True)
class Columns:
    """The columns of an import format: name → required, and the headers people type for them."""

    required: dict[str, bool]
    aliases: dict[str, str] = field(default_factory=dict)
    lengths: dict[str, int] = field(default_factory=dict)  # the most characters a column's value may have
    _maxima_of: dict = field(default_factory=dict, init=False, repr=False, compare=False)  # Columns._maxima

    def refusals(self, number: int, cells: dict) -> list[RowError]:
        """A NUL character (PostgreSQL refuses it) or a value longer than its column's ``lengths`` (or
        ``CSV_MAX_CELL_CHARS``) in a row: refused before the row's checks, the same whatever the mode, so that a
        ``valid_only`` import never fails on a row ``validate`` passed."""
        ceiling = limit("CSV_MAX_CELL_CHARS")
        # The common case in C: no NUL, and no value longer than its column even before stripping (2 µs a row instead
        # of a Python loop over the cells: a tenth of an import's reading). Else the loop below says what is wrong.
        if WIDTH not in cells:
            values = cells.values()
            try:
                clean = "\x00" not in "".join(values)
            except TypeError:  # a value that is no text (the loop below passes over it)
                clean = False
            if clean and all(map(le, map(len, values), self._maxima(tuple(cells), ceiling))):
                return []
        errors = []
        for column, value in cells.items():
            if not value or not isinstance(value, str):  # the WIDTH marker of a short row is no cell
                continue
            if "\x00" in value:
                errors.append(RowError.of(number, column, NUL_CELL))
            elif len(value.strip()) > (maximum := self.lengths.get(column, ceiling)):
                errors.append(RowError.of(number, column, TOO_LONG, maximum=maximum))
        return errors

    def _maxima(self, columns: tuple[str, ...], ceiling: int) -> tuple[int, ...]:
        """The most characters of each of ``columns`` (a file's header), kept for the next rows of the file."""
        key = (columns, ceiling)
        if (maxima := self._maxima_of.get(key)) is None:
            maxima = self._maxima_of[key] = tuple(self.lengths.get(column, ceiling) for column in columns)
        return maxima

    def normalise(self, text: str) -> str:
        text = "".join(c for c in unicodedata.normalize("NFKD", str(text or "")) if not unicodedata.combining(c))
        name = text.strip().lower().replace(" ", "_").replace("-", "_").replace("'", "_")
        return self.aliases.get(name, name)

    def check(self, headers: list[str]) -> list[str]:
        names = [self.normalise(h) for h in headers]
        columns = self.required
        missing = [c for c, required in columns.items() if required and c not in names]
        if missing:
            raise ImportFileError(
                "import.missing_columns",
                f"Colonne(s) obligatoire(s) absente(s) : {', '.join(missing)}. "
                f"Colonnes attendues : {', '.join(columns)}.",
            )
        return names


def _decoded_lines(path: Path, position: list[int]) -> Iterator[str]:
    """The file's lines as text, decoded one by one so that an encoding error names its line."""
    maximum = limit("CSV_MAX_LINE_BYTES")
    with path.open("rb") as raw:
        # Read a line at most ``maximum`` bytes at a time: a 50 MB file on one line is refused, not held whole.
        for number, line in enumerate(iter(lambda: raw.readline(maximum + 1), b""), start=1):
            position[0] = number
            if len(line) > maximum:
                raise ImportFileError.of("import.line_too_long", LINE_TOO_LONG, line=number, maximum=maximum // 1024)
            try:
                yield line.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise ImportFileError(
                    "import.encoding",
                    f"Le fichier n'est pas encodé en UTF-8 (ligne {number}) : enregistrez-le en « CSV UTF-8 ».",
                ) from exc


def _csv_rows(path: Path, columns: Columns) -> Iterator[tuple[int, dict]]:
    position = [0]
    lines = _decoded_lines(path, position)
    first_line = next(lines, "")
    if not first_line.strip():
        raise ImportFileError("import.empty", "Le fichier est vide.")
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","

    def all_lines():
        yield first_line
        yield from lines

    csv.field_size_limit(limit("CSV_MAX_LINE_BYTES"))  # a quoted cell may hold line breaks, not more than a line
    reader = csv.reader(all_lines(), delimiter=delimiter)
    try:
        headers = columns.check(next(reader))
        for row in reader:
            if "".join(row).strip():  # a cell that is not blank (in C, not a generator a row)
                cells: dict = dict(zip(headers, row, strict=False))
                if len(row) < len(headers):
                    cells[WIDTH] = (len(row), len(headers))
                yield position[0], cells
    except csv.Error as exc:  # a quoted cell never closed, longer than a line may be
        raise ImportFileError.of(
            "import.cell_too_long", CELL_TOO_LONG, line=position[0], maximum=limit("CSV_MAX_LINE_BYTES") // 1024
        ) from exc


def _xlsx_rows(path: Path, columns: Columns) -> Iterator[tuple[int, dict]]:
    from openpyxl import load_workbook

    xlsx_check(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise ImportFileError("import.xlsx", "Fichier Excel illisible (format .xlsx attendu).") from exc
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        try:
            headers = columns.check([str(h or "") for h in next(rows)])
        except StopIteration as exc:
            raise ImportFileError("import.empty", "Le fichier est vide.") from exc
        for number, values in enumerate(rows, start=2):
            if not any(v not in (None, "") for v in values):
                continue
            cells = {}
            for name, value in zip(headers, values, strict=False):
                if isinstance(value, datetime):
                    value = value.date().isoformat()
                elif isinstance(value, date):
                    value = value.isoformat()
                cells[name] = "" if value is None else str(value)
            yield number, cells
    finally:
        workbook.close()


def read_rows(path: Path, columns: Columns) -> Iterator[tuple[int, dict]]:
    """(row number as a spreadsheet shows it, {column: text}) for every non-empty row; the header row is checked
    against ``columns`` (missing required columns named)."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _xlsx_rows(path, columns)
    if suffix in (".csv", ".txt"):
        return _csv_rows(path, columns)
    raise ImportFileError.of("import.format", FORMAT, field="file")


def count_rows(path: Path) -> int:
    """Approximate row count for the progress bar (lines minus header for CSV; sheet size for XLSX)."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        xlsx_check(path)
        try:
            workbook = load_workbook(path, read_only=True)
        except Exception as exc:
            raise ImportFileError("import.xlsx", "Fichier Excel illisible (format .xlsx attendu).") from exc
        try:
            return max((workbook.worksheets[0].max_row or 1) - 1, 0)
        finally:
            workbook.close()
    with path.open("rb") as handle:
        return max(sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b"")) - 1, 0)


_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_FRENCH_DATE = re.compile(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4})")


def parse_date(text: str) -> date | None:
    """AAAA-MM-JJ, JJ/MM/AAAA or JJ-MM-AAAA (a regular expression, not strptime: 10 µs a row in an import)."""
    text = (text or "").strip()
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = match.groups()
    elif match := _FRENCH_DATE.fullmatch(text):
        day, month, year = match.groups()
    else:
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.strip().lower()) if not unicodedata.combining(c))


def row_key(cells: dict, columns: Iterable[str]) -> str:
    """Content hash of a row over ``columns`` (case and surrounding spaces ignored): the ``import_key`` by which
    re-importing the same file is recognised and creates nothing twice."""
    # Column names are lower case already: lowering the whole text once equals lowering each value.
    content = "|".join([f"{c}={(cells.get(c) or '').strip()}" for c in columns]).lower()
    return hashlib.sha256(content.encode()).hexdigest()


# Row errors both imports report (msgids: the page shows them in the reader's language).
YES_NO = gettext_noop("Valeur « %(value)s » : attendu oui ou non.")
BAD_DATE = gettext_noop("Date invalide : attendu JJ/MM/AAAA ou AAAA-MM-JJ.")
UNKNOWN_PROVINCE = gettext_noop("Préfecture ou province inconnue : « %(value)s ».")
REGION_NOT_PROVINCE = gettext_noop(
    "« %(value)s » est une région — indiquez sa préfecture ou sa province (par exemple : %(examples)s)."
)
SHORT_ROW = gettext_noop("Ligne incomplète : %(found)s colonnes sur %(expected)s.")
# The key under which a CSV row shorter than its header carries (cells found, columns expected).
WIDTH = "\x00width"


def short_row(number: int, cells: dict) -> RowError | None:
    """A row with fewer cells than the header has columns: one reason ("3 colonnes sur 9"), rather than one for each
    missing value."""
    if WIDTH not in cells:
        return None
    found, expected = cells[WIDTH]
    return RowError.of(number, "", SHORT_ROW, found=found, expected=expected)


def yes_no(text: str | None) -> tuple[bool, str | None]:
    """(value, the refused value or None) of a oui/non cell; an empty cell is « non ». The error is ``YES_NO``."""
    value = (text or "").strip().lower()
    if value not in BOOLEAN_WORDS:
        return False, value
    return value in TRUE, None
