"""Recording conventions, their steps, documents and commitments. Each service checks its own permission first,
writes in one transaction with its audit event, and refuses a bad input with a French message naming the field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext_noop

from moukawil.core.audit import audit_log, snapshot
from moukawil.core.enums import AuditEventType
from moukawil.core.errors import BusinessError
from moukawil.core.permissions import require
from moukawil.indicators import catalogue

from .models import Commitment, Convention, ConventionDocument, ConventionTransition, DocumentKind, Kind, Scope
from .permissions import can_act, can_manage
from .workflow import WORKFLOW, State

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAX_TARGET = Decimal("1000000000")  # a billion people or dirhams: anything above is a typing error
FIRST_DAY, LAST_DAY = date(2015, 1, 1), date(2100, 12, 31)
CONVENTION_FIELDS = ("title", "object", "kind", "region_id", "state", "adopted_on", "signed_on", "starts_on", "ends_on")
COMMITMENT_FIELDS = ("indicator", "programme", "scope", "region_id", "province_id", "commune_code", "starts_on",
                     "ends_on", "target", "cumulative", "label")  # fmt: skip


def _text(value, *, field: str, max_length: int, required: bool = True) -> str:
    text = (value or "").strip()
    if "\x00" in text:
        raise BusinessError.of("convention.nul", gettext_noop("Caractère invalide dans le champ."), field=field)
    if required and not text:
        raise BusinessError.of("convention.required", gettext_noop("Ce champ est obligatoire."), field=field)
    if len(text) > max_length:
        raise BusinessError.of(
            "convention.too_long", gettext_noop("%(max)s caractères au plus."), field=field, max=max_length
        )
    return text


def _day(value, *, field: str) -> date:
    if not isinstance(value, date) or not FIRST_DAY <= value <= LAST_DAY:
        raise BusinessError.of("convention.date", gettext_noop("Date attendue entre 2015 et 2100."), field=field)
    return value


def _period(starts_on, ends_on) -> tuple[date, date]:
    start, end = _day(starts_on, field="starts_on"), _day(ends_on, field="ends_on")
    if end < start:
        raise BusinessError.of("convention.period", gettext_noop("La fin précède le début."), field="ends_on")
    return start, end


def convention_create(
    *, actor, title: str, kind: str, starts_on: date, ends_on: date, region=None, parties=(), object: str = ""
) -> Convention:
    require(can_manage(actor, region_id=getattr(region, "pk", None)))
    if kind not in Kind.values:
        raise BusinessError.of("convention.kind", gettext_noop("Nature de convention inconnue."), field="kind")
    start, end = _period(starts_on, ends_on)
    with transaction.atomic():
        convention = Convention.objects.create(
            title=_text(title, field="title", max_length=200), object=_text(object, field="object", max_length=5000,
            required=False), kind=kind, region=region, starts_on=start, ends_on=end, created_by=actor,
        )  # fmt: skip
        convention.parties.set(parties)
        audit_log(
            actor=actor, event_type=AuditEventType.CONVENTION_SAVED, target=convention, region=region,
            after={**snapshot(convention, CONVENTION_FIELDS), "parties": [p.pk for p in parties]},
        )  # fmt: skip
    return convention


def convention_transition(*, actor, convention: Convention, name: str, on: date | None = None, reason: str = ""):
    """Fire a step of the convention's workflow; adoption and signature carry their date (``on``)."""
    move = WORKFLOW.get(name)
    reason = _text(reason, field="reason", max_length=2000, required=move.needs_reason)
    with transaction.atomic():
        convention = Convention.objects.select_for_update().get(pk=convention.pk)
        require(can_act(actor, convention, move))
        if move.target in (State.ADOPTED, State.SIGNED):
            if on is None:
                raise BusinessError.of("convention.date", gettext_noop("Indiquez la date."), field="on")
            _day(on, field="on")
            if move.target == State.SIGNED and convention.adopted_on and on < convention.adopted_on:
                raise BusinessError.of(
                    "convention.signed_before", gettext_noop("La signature précède l'adoption."), field="on"
                )
        before = snapshot(convention, CONVENTION_FIELDS)
        if move.target == State.ADOPTED:
            convention.adopted_on = on
        elif move.target == State.SIGNED:
            convention.signed_on = on
        from_state, convention.state = convention.state, move.target
        convention.save()
        ConventionTransition.objects.create(
            convention=convention, name=name, from_state=from_state, to_state=convention.state, actor=actor,
            reason=reason,
        )  # fmt: skip
        audit_log(
            actor=actor, event_type=AuditEventType.CONVENTION_TRANSITION, target=convention,
            region=convention.region, before=before, after=snapshot(convention, CONVENTION_FIELDS),
            extra={"transition": name, "reason": reason},
        )  # fmt: skip
    return convention


def convention_document_add(*, actor, convention: Convention, kind: str, upload) -> ConventionDocument:
    """Attach a PDF (checked by its first bytes, not its name) of at most 10 MB."""
    require(can_manage(actor, convention))
    if kind not in DocumentKind.values:
        raise BusinessError.of("convention.document_kind", gettext_noop("Type de document inconnu."), field="kind")
    name = _text(getattr(upload, "name", ""), field="file", max_length=150)
    size = getattr(upload, "size", 0) or 0
    if size > MAX_DOCUMENT_BYTES:
        raise BusinessError.of(
            "convention.document_size", gettext_noop("Le fichier dépasse %(max)s Mo."), field="file", max=10
        )
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if not size or head != b"%PDF-" or not name.lower().endswith(".pdf"):
        raise BusinessError.of(
            "convention.document_type", gettext_noop("Le fichier doit être un document PDF."), field="file"
        )
    with transaction.atomic():
        document = ConventionDocument(convention=convention, kind=kind, name=name, size=size, uploaded_by=actor)
        document.file.save(name, upload, save=False)
        document.save()
        audit_log(
            actor=actor, event_type=AuditEventType.CONVENTION_DOCUMENT_ADDED, target=convention,
            region=convention.region, after={"document": document.pk, "kind": kind, "name": name, "size": size},
        )  # fmt: skip
    return document


def clean_target(value) -> Decimal:
    """The one check of a target, shared by the form, the API and the service."""
    try:
        target = Decimal(str(value).replace(" ", "").replace(",", "."))
    except (InvalidOperation, ValueError):
        target = Decimal(-1)
    if not target.is_finite() or not Decimal(0) < target <= MAX_TARGET:
        raise BusinessError.of(
            "commitment.target", gettext_noop("La cible doit être un nombre positif d'au plus 1 milliard."),
            field="target",
        )  # fmt: skip
    return target.quantize(Decimal("0.01"))


EDITABLE = {
    # What may still change in each state (docs/conventions.md, « Modifier une convention »). Documents may be joined
    # in every state (the signed text, an amendment, an execution report).
    State.DRAFT: frozenset({"title", "object", "kind", "parties", "starts_on", "ends_on"}),
    State.ADOPTED: frozenset({"adopted_on"}),
    State.SIGNED: frozenset({"adopted_on", "signed_on"}),
    State.IN_EXECUTION: frozenset(),
    State.CLOSED: frozenset(),
}
LOCKED_REASON = {
    State.ADOPTED: gettext_noop(
        "La convention a été adoptée par l'assemblée générale : son texte et ses engagements ne changent plus "
        "(seule la date d'adoption peut être corrigée ; joignez un avenant)."
    ),
    State.SIGNED: gettext_noop(
        "La convention est signée : son texte et ses engagements ne changent plus (seules les dates d'adoption et "
        "de signature peuvent être corrigées ; joignez un avenant)."
    ),
    State.IN_EXECUTION: gettext_noop(
        "La convention est en exécution : seuls des documents peuvent encore y être joints (un avenant, un rapport)."
    ),
    State.CLOSED: gettext_noop("La convention est clôturée : seuls des documents peuvent encore y être joints."),
}


EDITABLE_FIELDS = frozenset().union(*EDITABLE.values())  # what convention_update knows at all


def _refuse_locked(convention: Convention, field: str, *, code: str = "convention.locked") -> None:
    raise BusinessError.of(code, LOCKED_REASON[State(convention.state)], field=field)


def _with_parties(convention: Convention) -> dict:
    """What the audit keeps of a convention before and after a change: its fields and its parties' ids."""
    parties = sorted(convention.parties.values_list("pk", flat=True))
    return {**snapshot(convention, CONVENTION_FIELDS), "parties": parties}


def convention_update(*, actor, convention: Convention, **changes) -> Convention:
    """Change the fields ``changes`` names (title, object, kind, parties, starts_on, ends_on, adopted_on, signed_on):
    every field while the convention is a draft; once adopted, only the dates of its steps may be corrected."""
    require(can_manage(actor, convention))
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise BusinessError.of("convention.field", gettext_noop("Champ inconnu."), field=sorted(unknown)[0])
    with transaction.atomic():
        convention = Convention.objects.select_for_update().get(pk=convention.pk)
        allowed = EDITABLE[State(convention.state)]
        before = _with_parties(convention)
        for field in changes:
            if field not in allowed:
                if convention.state == State.DRAFT:  # a step's date is given by the step itself
                    raise BusinessError.of(
                        "convention.step_date", gettext_noop("Cette date est donnée par l'étape du même nom."),
                        field=field,
                    )  # fmt: skip
                _refuse_locked(convention, field)
        if "title" in changes:
            convention.title = _text(changes["title"], field="title", max_length=200)
        if "object" in changes:
            convention.object = _text(changes["object"], field="object", max_length=5000, required=False)
        if "kind" in changes:
            if changes["kind"] not in Kind.values:
                raise BusinessError.of("convention.kind", gettext_noop("Nature de convention inconnue."), field="kind")
            convention.kind = changes["kind"]
        if "starts_on" in changes or "ends_on" in changes:
            convention.starts_on, convention.ends_on = _period(
                changes.get("starts_on", convention.starts_on), changes.get("ends_on", convention.ends_on)
            )
        for step in ("adopted_on", "signed_on"):
            if step in changes:
                setattr(convention, step, _day(changes[step], field=step))
        if convention.adopted_on and convention.signed_on and convention.signed_on < convention.adopted_on:
            field = "signed_on" if "signed_on" in changes else "adopted_on"
            raise BusinessError.of(
                "convention.signed_before", gettext_noop("La signature précède l'adoption."), field=field
            )
        convention.save()
        if "parties" in changes:
            convention.parties.set(changes["parties"])
        audit_log(
            actor=actor, event_type=AuditEventType.CONVENTION_UPDATED, target=convention, region=convention.region,
            before=before, after=_with_parties(convention),
        )  # fmt: skip
    return convention


def _require_draft(convention: Convention) -> None:
    """Commitments are the convention's text: they change while it is a draft only."""
    if convention.state != State.DRAFT:
        _refuse_locked(convention, "convention", code="commitment.locked")


def _commitment_values(
    *, convention: Convention, indicator: str, scope: str, starts_on: date, ends_on: date, target,
    cumulative: bool = True, region=None, province=None, commune_code: str = "", programme: str = "", label: str = "",
) -> dict:  # fmt: skip
    """The one check of a commitment's fields (form, API, service), as the model's field values."""
    from moukawil.indicators.census import commune as census_commune

    if catalogue.get(indicator) is None:
        raise BusinessError.of("commitment.indicator", gettext_noop("Indicateur inconnu."), field="indicator")
    if scope not in Scope.values:
        raise BusinessError.of("commitment.scope", gettext_noop("Échelle inconnue."), field="scope")
    start, end = _period(starts_on, ends_on)
    if scope == Scope.REGION and region is None:
        raise BusinessError.of("commitment.region", gettext_noop("Choisissez la région."), field="region")
    if scope == Scope.PROVINCE and province is None:
        raise BusinessError.of("commitment.province", gettext_noop("Choisissez la province."), field="province")
    commune_code = _text(commune_code, field="commune_code", max_length=12, required=scope == Scope.COMMUNE)
    if scope == Scope.COMMUNE and census_commune(commune_code) is None:
        raise BusinessError.of(
            "commitment.commune",
            gettext_noop("Code de commune inconnu du recensement 2024 (par exemple 03.171.01.03)."),
            field="commune_code",
        )
    return {
        "convention": convention, "indicator": indicator, "scope": scope, "starts_on": start, "ends_on": end,
        "target": clean_target(target),
        "cumulative": bool(cumulative), "label": _text(label, field="label", max_length=200, required=False),
        "programme": _text(programme, field="programme", max_length=40, required=False),
        "region": region if scope == Scope.REGION else (province.region if scope == Scope.PROVINCE else None),
        "province": province if scope == Scope.PROVINCE else None,
        "commune_code": commune_code if scope == Scope.COMMUNE else "",
    }  # fmt: skip


def commitment_add(*, actor, convention: Convention, **fields) -> Commitment:
    """Add a commitment (fields: indicator, scope, starts_on, ends_on, target, cumulative, region, province,
    commune_code, programme, label) to a draft convention."""
    require(can_manage(actor, convention))
    _require_draft(convention)
    commitment = Commitment(**_commitment_values(convention=convention, **fields))
    with transaction.atomic():
        commitment.save()
        audit_log(
            actor=actor, event_type=AuditEventType.COMMITMENT_SAVED, target=convention, region=convention.region,
            after=snapshot(commitment, COMMITMENT_FIELDS),
        )  # fmt: skip
    return commitment


def commitment_update(*, actor, commitment: Commitment, **fields) -> Commitment:
    """Replace a draft convention's commitment's fields (the same fields, checked as ``commitment_add``)."""
    convention = commitment.convention
    require(can_manage(actor, convention))
    _require_draft(convention)
    new = _commitment_values(convention=convention, **fields)
    with transaction.atomic():
        before = snapshot(commitment, COMMITMENT_FIELDS)
        for name, value in new.items():
            setattr(commitment, name, value)
        commitment.save()
        audit_log(
            actor=actor, event_type=AuditEventType.COMMITMENT_UPDATED, target=convention, region=convention.region,
            before=before, after=snapshot(commitment, COMMITMENT_FIELDS), extra={"commitment": commitment.pk},
        )  # fmt: skip
    return commitment


def commitment_delete(*, actor, commitment: Commitment) -> None:
    convention = commitment.convention
    require(can_manage(actor, convention))
    _require_draft(convention)
    with transaction.atomic():
        before = snapshot(commitment, COMMITMENT_FIELDS)
        commitment.delete()
        audit_log(
            actor=actor, event_type=AuditEventType.COMMITMENT_DELETED, target=convention, region=convention.region,
            before=before,
        )  # fmt: skip
