"""Writes on personal data (loi 09-08): the holder's export (audited), rectification requests and their decision
(the change applied by the register's own service), and the retention rules — uploaded files deleted after a period,
struck-off people pseudonymised after theirs, both dated parameters (rules/parameters/privacy/retention.yaml)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_noop

from moukawil.core import clock
from moukawil.core.audit import audit_log
from moukawil.core.bulk import insert_audit_rows
from moukawil.core.enums import AuditEventType
from moukawil.core.errors import BusinessError
from moukawil.core.permissions import require

from . import permissions
from .models import FIELD_LABELS, RectificationRequest, RectificationTransition
from .selectors import my_data
from .workflow import WORKFLOW, State

MAX_EVIDENCE_BYTES = 5 * 1024 * 1024
EVIDENCE_SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png")


# --- Right of access --------------------------------------------------------------------------------------------


def my_data_export(*, actor, fmt: str = "json") -> dict[str, Any]:
    """Everything the platform holds about the actor's person, recorded in the audit log (who took it, in which
    form). Refused to anyone but an entrepreneur with a record."""
    require(permissions.can_export_my_data(actor))
    person = actor.person
    data = my_data(person)
    audit_log(
        actor=actor, event_type=AuditEventType.MY_DATA_EXPORTED, target=person, region=person.province.region,
        extra={"format": fmt},
    )  # fmt: skip
    return data


def my_data_json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


# --- Right of rectification ---------------------------------------------------------------------------------------


def _current_value(person, field: str) -> str:
    value = getattr(person, field)
    return value.isoformat() if isinstance(value, date) else str(value or "")


def _label(name: str) -> str:
    return str(getattr(RectificationRequest._meta.get_field(name), "verbose_name", name))


def rectification_request(*, actor, field: str, new_value: str, reason: str, evidence=None) -> RectificationRequest:
    """The holder asks that ``field`` of his record read ``new_value``, saying why; a piece of evidence (PDF or
    image, 5 MB at most) may come with it. One open request per field."""
    require(permissions.can_request_rectification(actor))
    person = actor.person
    if field not in FIELD_LABELS:
        raise BusinessError.of(
            "rectification.field", gettext_noop("Choisissez la donnée à rectifier dans la liste."), field="field"
        )
    new_value, reason = (new_value or "").strip(), (reason or "").strip()
    for name, value, limit in (("new_value", new_value, 255), ("reason", reason, 2000)):
        if not value:
            raise BusinessError.of(
                "rectification.required", gettext_noop("Ce champ est obligatoire : %(name)s."), field=name,
                name=_label(name),
            )  # fmt: skip
        if len(value) > limit or "\x00" in value:
            raise BusinessError.of(
                "rectification.too_long",
                gettext_noop("%(name)s : %(limit)s caractères au plus, sans caractère de contrôle."),
                field=name, name=_label(name).capitalize(), limit=limit,
            )  # fmt: skip
    if new_value == _current_value(person, field):
        raise BusinessError.of(
            "rectification.same_value", gettext_noop("La valeur indiquée est déjà celle du registre."),
            field="new_value",
        )  # fmt: skip
    if evidence is not None:
        name = (evidence.name or "").lower()
        if not name.endswith(EVIDENCE_SUFFIXES) or evidence.size > MAX_EVIDENCE_BYTES:
            raise BusinessError.of(
                "rectification.evidence",
                gettext_noop("Justificatif : un fichier PDF, JPG ou PNG de 5 Mo au plus."),
                field="evidence",
            )
    with transaction.atomic():
        if RectificationRequest.objects.filter(person=person, field=field, state=State.REQUESTED).exists():
            raise BusinessError.of(
                "rectification.open", gettext_noop("Une demande de rectification de cette donnée est déjà en cours."),
                field="field",
            )  # fmt: skip
        request = RectificationRequest.objects.create(
            person=person, region=person.province.region, field=field, current_value=_current_value(person, field),
            new_value=new_value, reason=reason, evidence=evidence or "", requested_by=actor,
        )  # fmt: skip
        RectificationTransition.objects.create(
            request=request, name="request", from_state="", to_state=State.REQUESTED, actor=actor, reason=reason
        )
        audit_log(
            actor=actor, event_type=AuditEventType.RECTIFICATION_REQUESTED, target=request, region=request.region,
            after={"field": field, "new_value": new_value},
        )  # fmt: skip
    return request


def rectification_transition(*, actor, request: RectificationRequest, name: str, reason: str = ""):
    """Fire ``name`` (accept, refuse, withdraw) on a request. Accepting applies the change through the register's
    service (``registry.services.person_rectify``: validated as at the counter, audited); refusing needs a reason.
    The holder is told by e-mail when an officer decides."""
    from moukawil.registry.services import person_rectify

    move = WORKFLOW.get(name)
    reason = (reason or "").strip()
    with transaction.atomic():
        request = RectificationRequest.objects.select_for_update().select_related("person").get(pk=request.pk)
        require(permissions.can_act(actor, request, name))
        if move.needs_reason and not reason:
            raise BusinessError.of(
                "rectification.reason",
                gettext_noop("Indiquez le motif du refus (il est communiqué au demandeur)."),
                field="reason",
            )
        if name == "accept":
            person_rectify(
                actor=actor, person=request.person, field=request.field, value=request.new_value,
                reason=f"RECT-{request.pk}",
            )  # fmt: skip
        before = request.state
        request.state = move.target
        if name != "withdraw":
            request.decided_by = actor
        request.decided_at = clock.now()
        request.decision_reason = reason
        request.save()
        RectificationTransition.objects.create(
            request=request, name=name, from_state=before, to_state=request.state, actor=actor, reason=reason
        )
        audit_log(
            actor=actor, event_type=AuditEventType.RECTIFICATION_DECIDED, target=request, region=request.region,
            before={"state": before}, after={"state": request.state}, extra={"transition": name, "reason": reason},
        )  # fmt: skip
        address = request.requested_by.email
        if name in ("accept", "refuse") and address:
            transaction.on_commit(lambda: _tell(request, address))
    return request


def _tell(request: RectificationRequest, address: str) -> None:
    if request.state == State.ACCEPTED:
        body = (
            f"Votre demande de rectification RECT-{request.pk} ({FIELD_LABELS[request.field]}) est acceptée : "
            f"le registre indique désormais « {request.new_value} ».\n"
            f"تم قبول طلب التصحيح RECT-{request.pk}."
        )
    else:
        body = (
            f"Votre demande de rectification RECT-{request.pk} ({FIELD_LABELS[request.field]}) est refusée. "
            f"Motif : {request.decision_reason}\nتم رفض طلب التصحيح RECT-{request.pk}. السبب مبين أعلاه."
        )
    send_mail("Rectification de vos données — تصحيح معطياتكم", body, None, [address])


# --- Retention ------------------------------------------------------------------------------------------------------


def retention_periods(on: date) -> dict[str, int]:
    from moukawil.rules.parameters import parameter

    return {
        "uploads_days": int(parameter("privacy.retention.uploads_days").at(on)),
        "struck_off_years": int(parameter("privacy.retention.struck_off_years").at(on)),
    }


def uploads_purge(*, actor, on: date | None = None, days: int | None = None) -> dict[str, int]:
    """Delete the files uploaded for imports and jobs finished more than ``days`` ago (the parameter
    ``privacy.retention.uploads_days`` by default), and the evidence of rectification requests decided as long ago:
    the files go, the rows stay (their reports and history), each with its audit row. Rerun: nothing more to do."""
    from moukawil.core.models import Job
    from moukawil.registry.models import ImportJob

    require(permissions.can_run_retention(actor))
    on = on or clock.today()
    days = retention_periods(on)["uploads_days"] if days is None else days
    if days < 1:
        raise BusinessError.of("retention.days", gettext_noop("Durée de conservation : au moins 1 jour."), field="days")
    cutoff = _start_of(on) - timedelta(days=days)
    finished = Q(status__in=[Job.Status.DONE, Job.Status.FAILED], finished_at__lt=cutoff)
    groups = [
        (Job.objects.filter(finished).exclude(file=""), "file"),
        (
            ImportJob.objects.filter(
                job__status__in=[Job.Status.DONE, Job.Status.FAILED], job__finished_at__lt=cutoff
            ).exclude(file=""),
            "file",
        ),
        (
            RectificationRequest.objects.exclude(state=State.REQUESTED)
            .filter(decided_at__lt=cutoff)
            .exclude(evidence=""),
            "evidence",
        ),
    ]
    targets, now = [], clock.now()
    for queryset, field in groups:
        for row in queryset.iterator(chunk_size=500):
            stored = getattr(row, field)
            name = stored.name
            stored.delete(save=False)  # the file on disk (or its storage)
            type(row)._default_manager.filter(pk=row.pk).update(**{field: ""})
            targets.append((row._meta.label_lower, row.pk, str(row)[:255], getattr(row, "region_id", None),
                            {"file": name, "retention_days": days}))  # fmt: skip
    insert_audit_rows(actor=actor, event_type=AuditEventType.UPLOADS_PURGED, now=now, targets=targets)
    return {"deleted": len(targets), "retention_days": days}


def _start_of(day: date):
    from datetime import datetime, time

    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, time.min))


PSEUDONYM_FIRST_NAME = "Pseudonyme"


def people_pseudonymise(*, actor, on: date | None = None, years: int | None = None) -> dict[str, int]:
    """Replace the identity of the people struck off more than ``years`` ago (the parameter
    ``privacy.retention.struck_off_years`` by default) who hold no active registration and no open file: name, CIN,
    phone, e-mail, address and birth date go; what statistics count stays — sex, province (so region) and birth
    year (the date becomes 1 January), and every registration, declaration and payment as they were. The
    account link is cut. Each person gets one audit row; a rerun finds nobody new."""
    from moukawil.registry.models import Application, Person, Registration
    from moukawil.registry.workflow import OPEN_STATES

    require(permissions.can_run_retention(actor))
    on = on or clock.today()
    years = retention_periods(on)["struck_off_years"] if years is None else years
    if years < 1:
        raise BusinessError.of("retention.years", gettext_noop("Durée de conservation : au moins 1 an."), field="years")
    cutoff = on.replace(year=on.year - years) if not (on.month == 2 and on.day == 29) else date(on.year - years, 2, 28)
    old_strike_off = Registration.objects.filter(person=OuterRef("pk"), struck_off_on__lt=cutoff)
    still_here = Registration.objects.filter(person=OuterRef("pk")).filter(
        Q(struck_off_on__isnull=True) | Q(struck_off_on__gte=cutoff)
    )
    open_file = Application.objects.filter(person=OuterRef("pk"), state__in=OPEN_STATES)
    people = (
        Person.objects.filter(Exists(old_strike_off), pseudonymised_at__isnull=True)
        .exclude(Exists(still_here))
        .exclude(Exists(open_file))
        .select_related("province")
    )
    targets, now = [], clock.now()
    with transaction.atomic():
        for person in people.select_for_update(of=("self",)).iterator(chunk_size=500):
            Person.objects.filter(pk=person.pk).update(
                cin=f"PS{person.pk:08d}", first_name=PSEUDONYM_FIRST_NAME, last_name=f"P{person.pk}",
                first_name_ar="", last_name_ar="", phone="", email="", address="",
                birth_date=date(person.birth_date.year, 1, 1), name_key="", name_key_ar="", user=None,
                pseudonymised_at=now,
            )  # fmt: skip
            targets.append(("registry.person", person.pk, f"P{person.pk}", person.province.region_id,
                            {"retention_years": years, "cutoff": cutoff.isoformat()}))  # fmt: skip
        insert_audit_rows(actor=actor, event_type=AuditEventType.PEOPLE_PSEUDONYMISED, now=now, targets=targets)
    return {"pseudonymised": len(targets), "retention_years": years}
