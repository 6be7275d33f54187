"""Bulk import of enterprises (CSV with ``,`` or ``;``, UTF-8 with or without BOM, or XLSX), as for the register:
every row is checked (the same ``clean_enterprise`` as the form and the API; duplicates within the file and
against the register on ICE and on RC) before anything is written; ``validate``, ``all_or_nothing`` (nothing of a
file with a refused row) or ``valid_only``; a row already imported (same content) is skipped, so importing the same
file twice creates nothing twice. One transaction; one audit event for the file."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext_noop

from moukawil.core import clock, tabular
from moukawil.core.audit import audit_log
from moukawil.core.enums import AuditEventType
from moukawil.core.errors import BusinessError
from moukawil.core.tabular import (
    BAD_DATE,
    Columns,
    ImportReport,
    Progress,
    fold,
    parse_date,
    row_key,
    yes_no,
)
from moukawil.territory.selectors import ProvinceIndex

from .models import Court, Enterprise, Sector
from .services import EnterpriseData, clean_enterprise

COLUMNS = {
    "nom": True, "forme": True, "nom_ar": False, "ice": False, "tribunal_rc": False, "numero_rc": False,
    "if": False, "taxe_professionnelle": False, "cnss": False, "date_creation": True, "secteur": True,
    "province": True, "chiffre_affaires": True, "annee_ca": True, "effectif": False, "rural": False,
    "innovante": False, "sexe_dirigeant": True, "email": False, "telephone": False,
}  # fmt: skip
ALIASES = {"raison_sociale": "nom", "identifiant_fiscal": "if", "date_de_creation": "date_creation",
           "ca": "chiffre_affaires", "tp": "taxe_professionnelle", "rc": "numero_rc"}  # fmt: skip
LENGTHS = {"nom": 200, "nom_ar": 200, "ice": 15, "numero_rc": 20, "if": 12, "taxe_professionnelle": 15, "cnss": 12,
           "email": 254, "telephone": 30, "chiffre_affaires": 40, "annee_ca": 4, "effectif": 7}  # fmt: skip
SPEC = Columns(COLUMNS, ALIASES, LENGTHS)
FIELD_TO_COLUMN = {
    "legal_kind": "forme", "name": "nom", "ice": "ice", "rc_court": "tribunal_rc", "rc_number": "numero_rc",
    "tax_id": "if", "tp_number": "taxe_professionnelle", "cnss_number": "cnss", "created_on": "date_creation",
    "sector": "secteur", "province": "province", "last_turnover": "chiffre_affaires", "turnover_year": "annee_ca",
    "owner_gender": "sexe_dirigeant", "employees": "effectif",
}  # fmt: skip
KINDS = {"physique": "natural", "personne physique": "natural", "natural": "natural", "morale": "legal",
         "personne morale": "legal", "societe": "legal", "legal": "legal"}  # fmt: skip


class _Reference:
    def __init__(self):
        self.provinces = ProvinceIndex()
        self.sectors = {s.code: s for s in Sector.objects.all()}
        self.courts = {}
        for court in Court.objects.order_by("-kind"):  # "commercial" wins over "first_instance" for a city
            self.courts[fold(court.city)] = court
            self.courts[fold(court.name_fr)] = court


def _parse(number: int, cells: dict, ref: _Reference, region) -> tuple[dict | None, list[tabular.RowError]]:
    errors = SPEC.refusals(number, cells)
    if errors:
        return None, errors

    def error(column, template, **params):
        errors.append(tabular.RowError.of(number, column, template, **params))

    kind = KINDS.get(fold(cells.get("forme") or ""), "")
    if not kind:
        error("forme", gettext_noop("Forme : « physique » ou « morale »."))
    created_on = parse_date(cells.get("date_creation", ""))
    if created_on is None:
        error("date_creation", BAD_DATE)
    province = ref.provinces.find(cells.get("province"))
    if province is None:
        template, params = ref.provinces.unknown(cells.get("province", ""))
        error("province", template, **params)
    elif region is not None and province.region_id != region.pk:
        error("province", gettext_noop("Province hors de votre région."))
    sector = ref.sectors.get((cells.get("secteur") or "").strip().upper())
    if sector is None:
        error(
            "secteur", gettext_noop("Secteur inconnu : « %(value)s » (lettre A à U)."), value=cells.get("secteur", "")
        )
    court = None
    if (cells.get("tribunal_rc") or "").strip():
        court = ref.courts.get(fold(cells["tribunal_rc"]))
        if court is None:
            error("tribunal_rc", gettext_noop("Tribunal inconnu : « %(value)s » (ville ou nom du tribunal)."),
                  value=cells["tribunal_rc"])  # fmt: skip
    booleans = {}
    for column in ("rural", "innovante"):
        booleans[column], refused = yes_no(cells.get(column))
        if refused is not None:
            error(column, tabular.YES_NO, value=refused)
    try:
        year = int((cells.get("annee_ca") or "").strip())
        employees = int((cells.get("effectif") or "0").strip() or 0)
    except ValueError:
        error("annee_ca", gettext_noop("Année et effectif : des nombres entiers."))
        year, employees = 0, 0
    if errors:
        return None, errors
    try:
        cleaned = clean_enterprise(
            EnterpriseData(
                legal_kind=kind, name=cells.get("nom", ""), name_ar=cells.get("nom_ar", ""), created_on=created_on,
                sector=sector, province=province, last_turnover=cells.get("chiffre_affaires", ""),
                turnover_year=year, owner_gender=(cells.get("sexe_dirigeant") or "").strip().upper()[:1],
                ice=cells.get("ice", ""), rc_court=court, rc_number=cells.get("numero_rc", ""),
                tax_id=cells.get("if", ""), tp_number=cells.get("taxe_professionnelle", ""),
                cnss_number=cells.get("cnss", ""), employees=employees, is_rural=booleans["rural"],
                is_innovative=booleans["innovante"], email=cells.get("email", ""), phone=cells.get("telephone", ""),
            )
        )  # fmt: skip
    except BusinessError as failure:
        column = FIELD_TO_COLUMN.get(failure.field or "", failure.field or "")
        return None, [tabular.RowError.refusal(number, column, failure)]
    return cleaned, []


def import_enterprises(path: Path, *, actor, mode: str, region=None, progress: Progress | None = None) -> ImportReport:
    from moukawil.core.permissions import require

    from .permissions import can_import_enterprises

    require(can_import_enterprises(actor))
    path = Path(path)
    if mode not in ("validate", "all_or_nothing", "valid_only"):
        raise BusinessError("import.mode", "Choisissez un mode d'import.", field="mode")
    report, ref = ImportReport(), _Reference()
    seen_ice: dict[str, int] = {}
    seen_rc: dict[tuple, int] = {}
    rows: list[tuple[int, dict, str]] = []
    for number, cells in tabular.read_rows(path, SPEC):
        report.total += 1
        if progress and report.total % 500 == 0:
            progress("lecture", report.total, report.total)
        cleaned, errors = _parse(number, cells, ref, region)
        for e in errors:
            report.add(e)
        if cleaned is None:
            continue
        if cleaned["ice"] and cleaned["ice"] in seen_ice:
            report.add_error(
                number, "ice", gettext_noop("Même ICE qu'à la ligne %(row)s."), row=seen_ice[cleaned["ice"]]
            )
            continue
        rc = (cleaned["rc_court"].pk if cleaned["rc_court"] else None, cleaned["rc_number"])
        if cleaned["rc_number"] and rc in seen_rc:
            report.add_error(number, "numero_rc", gettext_noop("Même RC qu'à la ligne %(row)s."), row=seen_rc[rc])
            continue
        if cleaned["ice"]:
            seen_ice[cleaned["ice"]] = number
        if cleaned["rc_number"]:
            seen_rc[rc] = number
        rows.append((number, cleaned, row_key(cells, COLUMNS)))
    # Against the register: one query for the imported keys, one for the ICEs, one for the RC numbers.
    keys = [k for _n, _c, k in rows]
    imported = set(Enterprise.objects.filter(import_key__any=keys).values_list("import_key", flat=True))
    ices = [c["ice"] for _n, c, _k in rows if c["ice"]]
    taken_ice = set(Enterprise.objects.filter(ice__any=ices).values_list("ice", flat=True))
    numbers = [c["rc_number"] for _n, c, _k in rows if c["rc_number"]]
    taken_rc = set(Enterprise.objects.filter(rc_number__any=numbers).values_list("rc_court_id", "rc_number"))
    to_create = []
    for number, cleaned, key in rows:
        if key in imported:
            report.skipped += 1
            continue
        if cleaned["ice"] in taken_ice:
            report.add_error(number, "ice", gettext_noop("L'ICE %(ice)s est déjà enregistré."), ice=cleaned["ice"])
            continue
        if (cleaned["rc_court"].pk if cleaned["rc_court"] else None, cleaned["rc_number"]) in taken_rc:
            report.add_error(number, "numero_rc", gettext_noop("Le RC %(rc)s est déjà enregistré."),
                             rc=cleaned["rc_number"])  # fmt: skip
            continue
        report.valid += 1
        to_create.append(Enterprise(**cleaned, import_key=key))
    if mode == "validate" or (mode == "all_or_nothing" and report.error_count):
        return report
    if progress:
        progress("écriture", 0, len(to_create))
    with transaction.atomic():
        Enterprise.objects.bulk_create(to_create, batch_size=1000)
        report.created = len(to_create)
        if to_create:
            audit_log(actor=actor, event_type=AuditEventType.ENTERPRISES_IMPORTED, region=region,
                      extra={"file": path.name, "created": report.created, "refused": report.error_count,
                             "mode": mode, "on": clock.today()})  # fmt: skip
    report.written = report.created > 0
    return report
