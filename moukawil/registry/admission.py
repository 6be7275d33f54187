"""Admission to the register: what the register holds under an applicant's identity, and the rules that refuse an
application because of it — one place for every channel.

The counter, the online form and the API apply them to one applicant (``services.application_create``,
``application_transition``), a bulk import to a batch of thousands (``imports``): the same query (``register_state``,
one index probe per identity) and the same rules (``register_refusal``, made of ``identity_refusal`` and
``register_checks``), with the same French messages, codes and fields.

The order, for every channel: what the applicant declares first (``services.clean_applicant``, then
``checks.eligibility_checks``), then the register — a file still open under the identity, the birth date and sex
known under it, an active registration, a ban after a striking off (REREGISTRATION_BAN_YEARS). A new rule on the
register's state lands here: a column of ``register_state`` and a check of ``register_checks``.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import NamedTuple

from django.db import connection

from moukawil.core.errors import BusinessError, Conflict
from moukawil.core.lookups import SPLIT, rows_param

from . import checks
from .enums import RegistrationStatus, RejectionReason, StrikeOffReason
from .workflow import OPEN_STATES

# After a striking off for fraud, no new file for 5 years (a choice of the project: no published rule).
REREGISTRATION_BAN_YEARS = {StrikeOffReason.FRAUD: 5}

# The field a refused check names (the import reports its column).
CHECK_FIELDS: dict[str, str] = {
    RejectionReason.MINOR: "birth_date",
    RejectionReason.ACTIVITY_EXCLUDED: "activity",
    RejectionReason.SALARIED: "is_salaried",
    RejectionReason.TAXE_PROFESSIONNELLE: "pays_taxe_professionnelle",
    RejectionReason.ALREADY_REGISTERED: "cin",
    checks.BANNED: "cin",
}


class RegisterState(NamedTuple):
    """What the register holds under one identity."""

    person_id: int
    birth_date: date
    gender: str
    name_key: str
    name_key_ar: str
    open_reference: str | None  # an application still open
    active_number: str | None  # an active registration
    struck_off: tuple[date | None, ...]  # the latest striking off for each reason of REREGISTRATION_BAN_YEARS


# One index probe per identity whatever the planner's statistics say. A bulk import writes in one transaction, so the
# statistics still describe the table as it was before (empty, for a first import): with ``cin = ANY(…)`` PostgreSQL
# then read every person of the identity kind for each batch — the import grew quadratic (docs/benchmarks.md).
# LATERAL … LIMIT 1 keeps each identity one look-up of the unique index. For each person found: its open application,
# its active registration, its latest striking off for each banning reason, and the content keys of the rows imported
# for it before (through its applications: an index on the content keys — random text — cost every imported row more).
_STATE_COLUMNS = """
    p.identity_kind, p.cin, p.id, p.birth_date, p.gender, p.name_key, p.name_key_ar,
    (SELECT a.reference FROM registry_application a
      WHERE a.person_id = p.id AND a.state IN ({open_states}) LIMIT 1),
    (SELECT r.number FROM registry_registration r WHERE r.person_id = p.id AND r.status = %s LIMIT 1),
    {struck_off}
    (SELECT {key_list}(a.import_key) FROM registry_application a WHERE a.person_id = p.id AND a.import_key <> '')
"""
_STRUCK_OFF = (
    "(SELECT max(r.struck_off_on) FROM registry_registration r WHERE r.person_id = p.id AND r.strike_off_reason = %s),"
)
_STATE_POSTGRESQL = """
    SELECT {columns}
      FROM unnest({split}, {split}) AS k(kind, cin)
     CROSS JOIN LATERAL (SELECT * FROM registry_person p WHERE p.identity_kind = k.kind AND p.cin = k.cin LIMIT 1) p
"""
_STATE_SQLITE = """
    WITH k(kind, cin) AS (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(%s))
    SELECT {columns}
      FROM k JOIN registry_person p ON p.identity_kind = k.kind AND p.cin = k.cin
"""


def _state_sql(vendor: str) -> str:
    columns = _STATE_COLUMNS.format(
        open_states=", ".join(["%s"] * len(OPEN_STATES)),
        struck_off="".join([_STRUCK_OFF] * len(REREGISTRATION_BAN_YEARS)),
        key_list="array_agg" if vendor == "postgresql" else "json_group_array",
    )
    if vendor == "postgresql":
        return _STATE_POSTGRESQL.format(columns=columns, split=SPLIT)
    return _STATE_SQLITE.format(columns=columns)


def _as_date(value: date | str) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value  # SQLite: ISO text


def register_state(identities: list[str]) -> tuple[dict[tuple[str, str], RegisterState], set[str]]:
    """The people the register holds under ``identities`` (``core.lookups.rows_param`` of (kind, number) pairs), by
    identity, and the content keys of the rows imported for them before — one query."""
    states = [*OPEN_STATES, RegistrationStatus.ACTIVE, *REREGISTRATION_BAN_YEARS]
    # The identities come last in PostgreSQL's statement (FROM), first in SQLite's (WITH).
    params = [*states, *identities] if connection.vendor == "postgresql" else [*identities, *states]
    with connection.cursor() as cursor:
        cursor.execute(_state_sql(connection.vendor), params)
        found = cursor.fetchall()
    known: dict[tuple[str, str], RegisterState] = {}
    imported: set[str] = set()
    for kind, cin, person_id, birth_date, gender, key, key_ar, open_reference, active_number, *rest in found:
        *struck_off, import_keys = rest
        if isinstance(import_keys, str):  # SQLite: a JSON array
            import_keys = json.loads(import_keys)
        known[(kind, cin)] = RegisterState(
            person_id, _as_date(birth_date), gender, key, key_ar, open_reference, active_number,
            tuple(day and _as_date(day) for day in struck_off),
        )  # fmt: skip
        imported.update(import_keys or ())
    return known, imported


def person_state(identity_kind: str, cin: str) -> RegisterState | None:
    """``register_state`` of one identity (the counter, the online form, the API)."""
    return register_state(rows_param([(identity_kind, cin)]))[0].get((identity_kind, cin))


def identity_refusal(
    state: RegisterState | None, *, cin: str, birth_date: date | str, gender: str
) -> BusinessError | None:
    """Refusals that even a draft meets: a file is still open under the identity (its reference is what the
    applicant or the officer needs first), or the identity is known with another birth date or sex (it stays as
    registered: an officer corrects it, not an application). ``birth_date``: a date or its ISO text."""
    if state is None:
        return None
    if state.open_reference:
        return Conflict(
            "application.already_open",
            f"Une demande est déjà en cours pour la pièce {cin} (réf. {state.open_reference}).",
            field="cin",
        )
    if (state.birth_date, state.gender) != (_as_date(birth_date), gender):
        return BusinessError(
            "person.identity_mismatch",
            "La date de naissance ou le sexe ne correspondent pas à la personne déjà connue sous cette pièce.",
            field="birth_date",
        )
    return None


def register_checks(state: RegisterState | None, *, on: date) -> list[checks.CheckResult]:
    """The checks on the register's state, kept with the application (an active registration; a ban, when one
    applies)."""
    results = [checks.check_not_registered(active_number=state.active_number if state else None)]
    if state is not None:
        for (reason, years), struck_off_on in zip(REREGISTRATION_BAN_YEARS.items(), state.struck_off, strict=True):
            if struck_off_on and struck_off_on > on - timedelta(days=365 * years):
                results.append(checks.check_not_banned(reason=reason, struck_off_on=struck_off_on, years=years))
    return results


def refusal(results: list[checks.CheckResult]) -> BusinessError | None:
    """The first blocking check that failed, as the error a channel reports (None: none failed)."""
    failures = checks.blocking_failures(results)
    if not failures:
        return None
    first = failures[0]
    return BusinessError(
        f"application.check_{first.code}",
        first.reason,
        field=CHECK_FIELDS.get(first.code),
        details=[f.as_dict() for f in failures],
        localised=(first.template, first.params) if first.template else None,
    )


def register_refusal(
    state: RegisterState | None, *, cin: str, birth_date: date | str, gender: str, on: date
) -> BusinessError | None:
    """Why the register refuses this applicant (None: admitted), after what he declares passed its checks."""
    if state is None:
        return None  # nothing known under the identity: the register has nothing against it
    return identity_refusal(state, cin=cin, birth_date=birth_date, gender=gender) or refusal(
        register_checks(state, on=on)
    )
