"""Enterprise register services: create and update with their identifiers checked, size class computed."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction

from moukawil.core import clock, inputs
from moukawil.core.audit import audit_log, snapshot
from moukawil.core.enums import AuditEventType
from moukawil.core.errors import BusinessError, Conflict
from moukawil.core.permissions import require
from moukawil.rules.parameters import parameter
from moukawil.territory.models import Province

from .models import Court, Enterprise, LegalKind, Sector, SizeClass
from .permissions import can_edit_enterprise, can_register_enterprise


def size_class(turnover: Decimal, on: date) -> str:
    """TPE under 3 MDH, small under 10, medium under 175 (dated parameters ``enterprises.size.*``)."""
    if turnover < parameter("enterprises.size.tpe_max").required_at(on):
        return SizeClass.TPE
    if turnover < parameter("enterprises.size.small_max").required_at(on):
        return SizeClass.SMALL
    if turnover < parameter("enterprises.size.medium_max").required_at(on):
        return SizeClass.MEDIUM
    return SizeClass.LARGE


@dataclass
class EnterpriseData:
    """What a form, the API or an import row gives; ``clean_enterprise`` checks it."""

    legal_kind: str
    name: str
    created_on: date | None  # None from an import row whose date did not parse
    sector: Sector | None
    province: Province | None
    last_turnover: object
    turnover_year: int
    owner_gender: str
    name_ar: str = ""
    ice: str = ""
    rc_court: Court | None = None
    rc_number: str = ""
    tax_id: str = ""
    tp_number: str = ""
    cnss_number: str = ""
    employees: int = 0
    is_rural: bool = False
    is_innovative: bool = False
    contact_name: str = ""
    email: str = ""
    phone: str = ""

    @classmethod
    def from_mapping(cls, data: dict, **resolved) -> EnterpriseData:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names}, **resolved)


def _digits(value: str, *, field: str, label: str, min_length: int, max_length: int) -> str:
    cleaned = re.sub(r"[\s.\-/]", "", value or "")
    if not cleaned:
        return ""
    if not cleaned.isdigit() or not min_length <= len(cleaned) <= max_length:
        raise BusinessError(
            f"enterprise.{field}",
            f"{label} : {min_length} à {max_length} chiffres attendus (« {value} »).",
            field=field,
        )
    return cleaned


def clean_enterprise(data: EnterpriseData) -> dict:
    from stdnum.ma import ice

    from moukawil.registry.identity import normalise_phone

    if data.legal_kind not in LegalKind.values:
        raise BusinessError("enterprise.legal_kind", "Forme : personne physique ou morale.", field="legal_kind")
    name = (data.name or "").strip()
    if not name:
        raise BusinessError("enterprise.name", "La raison sociale (ou le nom) est obligatoire.", field="name")
    ice_value = ""
    if (data.ice or "").strip():
        if not ice.is_valid(data.ice):
            raise BusinessError(
                "enterprise.ice", f"ICE invalide « {data.ice} » : 15 chiffres dont 2 de contrôle.", field="ice"
            )
        ice_value = ice.compact(data.ice)
    rc_number = _digits(data.rc_number, field="rc_number", label="Numéro RC", min_length=1, max_length=10)
    if rc_number and data.rc_court is None:
        raise BusinessError("enterprise.rc_court", "Indiquez le tribunal du registre de commerce.", field="rc_court")
    today = clock.today()
    if not isinstance(data.created_on, date) or data.created_on > today or data.created_on.year < 1900:
        raise BusinessError("enterprise.created_on", "Date de création invalide.", field="created_on")
    if data.sector is None:
        raise BusinessError("enterprise.sector", "Choisissez le secteur d'activité.", field="sector")
    if data.province is None:
        raise BusinessError("enterprise.province", "Choisissez la préfecture ou province.", field="province")
    try:
        turnover = Decimal(str(data.last_turnover).replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise BusinessError("enterprise.turnover", "Chiffre d'affaires invalide.", field="last_turnover") from None
    if not turnover.is_finite() or turnover < 0 or turnover >= Decimal("1e12"):
        raise BusinessError(
            "enterprise.turnover", "Chiffre d'affaires : montant positif attendu.", field="last_turnover"
        )
    if not data.created_on.year <= int(data.turnover_year) <= today.year:
        raise BusinessError(
            "enterprise.turnover_year", "Année du chiffre d'affaires : entre la création et cette année.",
            field="turnover_year",
        )  # fmt: skip
    if data.owner_gender not in ("F", "M"):
        raise BusinessError("enterprise.owner_gender", "Sexe du dirigeant : F ou M.", field="owner_gender")
    if not 0 <= int(data.employees) <= inputs.MAX_COUNT:
        raise BusinessError(
            "enterprise.employees", f"Effectif : entre 0 et {inputs.MAX_COUNT:,}.".replace(",", " "), field="employees"
        )
    return {
        "legal_kind": data.legal_kind, "name": name[:200], "name_ar": (data.name_ar or "").strip()[:200],
        "ice": ice_value, "rc_court": data.rc_court if rc_number else None, "rc_number": rc_number,
        "tax_id": _digits(data.tax_id, field="tax_id", label="Identifiant fiscal", min_length=5, max_length=10),
        "tp_number": _digits(data.tp_number, field="tp_number", label="Taxe professionnelle", min_length=5,
                             max_length=15),
        "cnss_number": _digits(data.cnss_number, field="cnss_number", label="Numéro CNSS", min_length=5,
                               max_length=12),
        "created_on": data.created_on, "sector": data.sector, "employees": int(data.employees),
        "last_turnover": turnover.quantize(Decimal("0.01")), "turnover_year": int(data.turnover_year),
        "size_class": size_class(turnover, today), "province": data.province, "region": data.province.region,
        "is_rural": bool(data.is_rural), "is_innovative": bool(data.is_innovative),
        "owner_gender": data.owner_gender, "contact_name": (data.contact_name or "").strip()[:120],
        "email": (data.email or "").strip().lower(), "phone": normalise_phone(data.phone),
    }  # fmt: skip


AUDITED = ["name", "ice", "rc_court", "rc_number", "tax_id", "tp_number", "last_turnover", "turnover_year",
           "size_class", "province", "is_rural", "is_innovative", "employees"]  # fmt: skip


def _duplicate_conflict(cleaned: dict, exclude_pk=None) -> None:
    others = Enterprise.objects.exclude(pk=exclude_pk)
    if cleaned["ice"] and others.filter(ice=cleaned["ice"]).exists():
        raise Conflict("enterprise.ice_taken", f"L'ICE {cleaned['ice']} est déjà enregistré.", field="ice")
    if cleaned["rc_number"] and others.filter(rc_court=cleaned["rc_court"], rc_number=cleaned["rc_number"]).exists():
        raise Conflict(
            "enterprise.rc_taken",
            f"Le RC {cleaned['rc_number']} ({cleaned['rc_court'].city}) est déjà enregistré.",
            field="rc_number",
        )


def enterprise_create(*, actor, data: EnterpriseData, owner=None, registration=None) -> Enterprise:
    cleaned = clean_enterprise(data)
    require(can_register_enterprise(actor, region=cleaned["region"]))
    try:
        with transaction.atomic():
            _duplicate_conflict(cleaned)
            enterprise = Enterprise.objects.create(**cleaned, owner=owner, registration=registration)
            audit_log(
                actor=actor, event_type=AuditEventType.ENTERPRISE_CREATED, target=enterprise,
                region=enterprise.region, after=snapshot(enterprise, AUDITED),
            )  # fmt: skip
    except IntegrityError as exc:  # a simultaneous registration of the same ICE or RC
        raise Conflict("enterprise.duplicate", "Cette entreprise (ICE ou RC) vient d'être enregistrée.") from exc
    return enterprise


def enterprise_update(*, actor, enterprise: Enterprise, data: EnterpriseData) -> Enterprise:
    require(can_edit_enterprise(actor, enterprise))
    cleaned = clean_enterprise(data)
    with transaction.atomic():
        enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        _duplicate_conflict(cleaned, exclude_pk=enterprise.pk)
        before = snapshot(enterprise, AUDITED)
        for name, value in cleaned.items():
            setattr(enterprise, name, value)
        enterprise.save()
        audit_log(
            actor=actor, event_type=AuditEventType.ENTERPRISE_UPDATED, target=enterprise, region=enterprise.region,
            before=before, after=snapshot(enterprise, AUDITED),
        )  # fmt: skip
    return enterprise
