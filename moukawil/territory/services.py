"""Writes on the territory and on organisations. Every change is audited."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from moukawil.accounts.permissions import can_manage_organisations
from moukawil.core.audit import audit_log, snapshot
from moukawil.core.enums import AuditEventType
from moukawil.core.errors import BusinessError, Conflict
from moukawil.core.permissions import require

from .enums import OrganisationKind
from .models import Organisation, Province, Region
from .reference import load_territory

ORGANISATION_FIELDS = [
    "kind",
    "name_fr",
    "name_ar",
    "acronym",
    "region",
    "city",
    "email",
    "phone",
    "is_active",
]


def territory_load(*, actor=None) -> dict[str, int]:
    from moukawil.accounts.permissions import can_load_territory

    require(can_load_territory(actor))
    with transaction.atomic():
        counts = load_territory(Region, Province, Organisation)
        audit_log(actor=actor, event_type=AuditEventType.TERRITORY_LOADED, extra=counts)
    return counts


def _validate_organisation(*, kind: str, name_fr: str, region: Region | None) -> None:
    if kind not in OrganisationKind.values:
        raise BusinessError("organisation.kind_unknown", f"Type d'organisation inconnu : « {kind} ».", field="kind")
    if not name_fr.strip():
        raise BusinessError("organisation.name_missing", "Le nom de l'organisation est obligatoire.", field="name_fr")
    if kind == OrganisationKind.CCIS and region is None:
        raise BusinessError(
            "organisation.ccis_without_region",
            "Une chambre de commerce est rattachée à une région.",
            field="region",
        )


def organisation_create(
    *,
    actor,
    kind: str,
    name_fr: str,
    name_ar: str = "",
    acronym: str = "",
    region: Region | None = None,
    city: str = "",
    email: str = "",
    phone: str = "",
) -> Organisation:
    if actor is not None:
        require(can_manage_organisations(actor))
    _validate_organisation(kind=kind, name_fr=name_fr, region=region)
    organisation = Organisation(
        kind=kind,
        name_fr=name_fr.strip(),
        name_ar=name_ar.strip(),
        acronym=acronym.strip(),
        region=region,
        city=city.strip(),
        email=email.strip().lower(),
        phone=phone.strip(),
    )
    try:
        with transaction.atomic():
            organisation.save()
            audit_log(
                actor=actor,
                event_type=AuditEventType.ORGANISATION_CREATED,
                target=organisation,
                region=region,
                after=snapshot(organisation, ORGANISATION_FIELDS),
            )
    except IntegrityError as exc:
        raise Conflict(
            "organisation.duplicate",
            "Une organisation de ce type porte déjà ce nom (ou cette région a déjà sa chambre).",
            field="name_fr",
        ) from exc
    return organisation


def organisation_update(*, actor, organisation: Organisation, **changes) -> Organisation:
    require(can_manage_organisations(actor))
    unknown = set(changes) - set(ORGANISATION_FIELDS)
    if unknown:
        raise BusinessError("organisation.field_unknown", f"Champ non modifiable : {', '.join(sorted(unknown))}.")
    for name, value in changes.items():
        if value is None and not Organisation._meta.get_field(name).null:  # a JSON null: "no change" is leaving it out
            raise BusinessError(
                "organisation.field_null", f"{name} : une valeur est attendue (null n'est pas accepté).", field=name
            )
    before = snapshot(organisation, ORGANISATION_FIELDS)
    for name, value in changes.items():
        setattr(organisation, name, value.strip() if isinstance(value, str) else value)
    _validate_organisation(kind=organisation.kind, name_fr=organisation.name_fr, region=organisation.region)
    try:
        with transaction.atomic():
            organisation.save()
            audit_log(
                actor=actor,
                event_type=AuditEventType.ORGANISATION_UPDATED,
                target=organisation,
                region=organisation.region,
                before=before,
                after=snapshot(organisation, ORGANISATION_FIELDS),
            )
    except IntegrityError as exc:
        raise Conflict(
            "organisation.duplicate", "Une organisation de ce type porte déjà ce nom.", field="name_fr"
        ) from exc
    return organisation
