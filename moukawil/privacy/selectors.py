"""Everything the platform holds about one person (loi 09-08, right of access): ``my_data`` gathers it, in a bounded
number of queries whatever the size of the file, as plain JSON-ready data that the page, the JSON download and the
API all serve."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from moukawil.core.audit import _jsonable
from moukawil.core.enums import AuditEventType
from moukawil.core.models import AuditEvent


def _row(obj, fields: list[str]) -> dict[str, Any]:
    data = {}
    for name in fields:
        value = getattr(obj, name)
        display = getattr(obj, f"get_{name}_display", None)
        data[name] = display() if display and value not in (None, "") else value
    return _jsonable(data)


PERSON_FIELDS = ["identity_kind", "cin", "first_name", "last_name", "first_name_ar", "last_name_ar", "gender",
                 "birth_date", "nationality", "phone", "email", "address", "created_at"]  # fmt: skip


def my_data(person) -> dict[str, Any]:
    """The person's record and everything linked to it: account, register applications (with their history),
    registrations, declarations, payments, enterprises, programme applications, rectification requests, and the
    audit events about him — ~12 queries."""
    from moukawil.declarations.models import Declaration, Payment
    from moukawil.enterprises.models import Enterprise
    from moukawil.programmes.models import ProgrammeApplication
    from moukawil.registry.models import Application, Registration

    from .models import RectificationRequest

    user = person.user
    applications = list(
        Application.objects.filter(person=person).select_related("activity", "region").prefetch_related("transitions")
    )
    registrations = list(Registration.objects.filter(person=person).select_related("activity", "region"))
    declarations = list(Declaration.objects.filter(registration__person=person).order_by("year", "period", "version"))
    payments = list(Payment.objects.filter(registration__person=person))
    enterprise_q = Q(registration__person=person) | (Q(owner=user) if user else Q(pk__in=[]))
    enterprises = list(Enterprise.objects.filter(enterprise_q).select_related("sector", "region"))
    programme_q = Q(holder_cin=person.cin) | Q(enterprise__in=enterprises) | (Q(applicant=user) if user else Q())
    programme_applications = list(
        ProgrammeApplication.objects.filter(programme_q).select_related("call__programme", "region").distinct()
    )
    rectifications = list(RectificationRequest.objects.filter(person=person))
    targets = Q(target_type="registry.person", target_id=str(person.pk))
    linked: list[tuple[str, list]] = [
        ("registry.application", applications), ("registry.registration", registrations),
        ("enterprises.enterprise", enterprises), ("programmes.programmeapplication", programme_applications),
        ("privacy.rectificationrequest", rectifications),
    ]  # fmt: skip
    for label, rows in linked:
        if rows:
            targets |= Q(target_type=label, target_id__in=[str(r.pk) for r in rows])
    events = AuditEvent.objects.filter(targets).order_by("created_at", "id")
    return {
        "person": {
            **_row(person, PERSON_FIELDS),
            "province": person.province.name_fr,
            "region": person.province.region.name_fr,
        },
        "account": _jsonable(
            {
                "email": user.email,
                "role": user.get_role_display(),
                "date_joined": user.date_joined,
                "last_login": user.last_login,
            }
        )
        if user
        else None,
        "register_applications": [
            {
                **_row(
                    a, ["reference", "state", "channel", "submitted_at", "decided_at", "rejection_reason", "message"]
                ),
                "activity": f"{a.activity.code} {a.activity.name_fr}",
                "region": a.region.name_fr,
                "checks": [
                    {"code": c.get("code"), "passed": c.get("passed"), "reason": c.get("reason")} for c in a.checks
                ],
                "history": [
                    _jsonable(
                        {"name": t.name, "from": t.from_state, "to": t.to_state, "reason": t.reason, "at": t.created_at}
                    )
                    for t in a.transitions.all()
                ],
            }
            for a in applications
        ],
        "registrations": [
            {
                **_row(r, ["number", "status", "registered_on", "struck_off_on", "strike_off_reason"]),
                "activity": f"{r.activity.code} {r.activity.name_fr}",
                "region": r.region.name_fr,
            }
            for r in registrations
        ],
        "declarations": [
            _row(
                d,
                [
                    "year",
                    "periodicity",
                    "period",
                    "version",
                    "is_current",
                    "turnover_goods",
                    "turnover_services",
                    "tax_goods",
                    "tax_services",
                    "contribution",
                    "total_due",
                    "due_date",
                    "submitted_at",
                    "is_late",
                    "receipt_number",
                    "reason",
                ],
            )
            for d in declarations
        ],
        "payments": [_row(p, ["amount", "channel", "reference", "paid_on"]) for p in payments],
        "enterprises": [
            {
                **_row(
                    e,
                    [
                        "name",
                        "name_ar",
                        "legal_kind",
                        "ice",
                        "rc_number",
                        "tax_id",
                        "created_on",
                        "employees",
                        "last_turnover",
                        "turnover_year",
                        "contact_name",
                        "email",
                        "phone",
                    ],
                ),
                "sector": e.sector.name_fr if e.sector_id else "",
                "region": e.region.name_fr,
            }
            for e in enterprises
        ],
        "programme_applications": [
            {
                **_row(
                    p,
                    [
                        "holder_name",
                        "holder_cin",
                        "project_summary",
                        "state",
                        "decision_reason",
                        "created_at",
                        "decided_at",
                    ],
                ),
                "programme": p.call.programme.name_fr,
                "call": str(p.call),
                "region": p.region.name_fr,
            }
            for p in programme_applications
        ],
        "rectification_requests": [
            _row(
                r,
                [
                    "field",
                    "current_value",
                    "new_value",
                    "reason",
                    "state",
                    "decision_reason",
                    "created_at",
                    "decided_at",
                ],
            )
            for r in rectifications
        ],
        "audit_events": [
            _jsonable(
                {
                    "at": e.created_at,
                    "event": _event_label(e.event_type),
                    "by": e.actor_label,
                    "target": e.target_label,
                    "before": e.before,
                    "after": e.after,
                }
            )
            for e in events
        ],
    }


def _event_label(event_type: int) -> str:
    try:
        return str(AuditEventType(event_type).label)
    except ValueError:
        return str(event_type)
