"""Likely duplicates: people under another identity with the same birth date and a shared name key.

One rule, one query, for one application (services) as for a batch of thousands (imports): the (birth date, key)
pairs are sent as one parameter and joined to the indexes ``(name_key, birth_date)`` and
``(name_key_ar, birth_date)``, so the cost follows the number of pairs, not the size of the register.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import connection

from moukawil.core.bulk import insert_audit_rows
from moukawil.core.enums import AuditEventType

from .models import DuplicateSuspicion

# PostgreSQL: the (birth date, key) pairs as a table, each probed by LATERAL — one index probe per pair whatever the
# planner's statistics say (it picks a hash join over the whole table otherwise: 180 ms a batch at 200,000 people).
_MATCH_POSTGRESQL = """
    SELECT m.id, m.birth_date, m.name_key, m.name_key_ar
      FROM unnest(%s::date[], %s::text[]) AS k(d, nk) CROSS JOIN LATERAL (
           SELECT p.id, p.birth_date, p.name_key, p.name_key_ar FROM registry_person p
            WHERE p.name_key = k.nk AND p.birth_date = k.d AND p.merged_into_id IS NULL
           UNION
           SELECT p.id, p.birth_date, p.name_key, p.name_key_ar FROM registry_person p
            WHERE p.name_key_ar = k.nk AND p.birth_date = k.d AND p.merged_into_id IS NULL
      ) AS m
"""
# SQLite (no LATERAL; its planner probes the indexes from the small pairs table).
_MATCH_SQLITE = """
    WITH k(d, nk) AS (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(%s))
    SELECT p.id, p.birth_date, p.name_key, p.name_key_ar
      FROM k JOIN registry_person p ON p.name_key = k.nk AND p.birth_date = k.d
     WHERE p.merged_into_id IS NULL
    UNION
    SELECT p.id, p.birth_date, p.name_key, p.name_key_ar
      FROM k JOIN registry_person p ON p.name_key_ar = k.nk AND p.birth_date = k.d
     WHERE p.merged_into_id IS NULL
"""


def people_sharing_names(pairs: Iterable[tuple[date, str]]) -> list[tuple[int, date, str, str]]:
    """(id, birth date, name key, Arabic name key) of every unmerged person matching one of the pairs."""
    pairs = sorted({(d, k) for d, k in pairs if k})
    if not pairs:
        return []
    params: list[Any]
    if connection.vendor == "postgresql":
        sql, params = _MATCH_POSTGRESQL, [[d for d, _ in pairs], [k for _, k in pairs]]
    else:
        sql, params = _MATCH_SQLITE, [json.dumps([[d.isoformat(), k] for d, k in pairs])]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = set(cursor.fetchall())
    return sorted((pk, d if isinstance(d, date) else date.fromisoformat(d), key, key_ar) for pk, d, key, key_ar in rows)


def flag_duplicates(applications: list[tuple], *, actor, now) -> int:
    """Record a suspicion (and its audit row) for every application whose person shares a birth date and a name
    key with another person; pairs already recorded are kept as they are. ``applications``: (application id,
    person id, region id, birth date, name key, Arabic name key). Returns the number of new suspicions."""
    wanted: dict[tuple[date, str], list[tuple[int, int, int]]] = {}
    for application_id, person_id, region_id, birth_date, key, key_ar in applications:
        for k in {key, key_ar} - {""}:
            wanted.setdefault((birth_date, k), []).append((application_id, person_id, region_id))
    pairs: dict[tuple[int, int], tuple[int, int]] = {}
    for other_id, birth_date, key, key_ar in people_sharing_names(wanted):
        for k in {key, key_ar} - {""}:
            for application_id, person_id, region_id in wanted.get((birth_date, k), []):
                if person_id != other_id:
                    pairs.setdefault((application_id, other_id), (person_id, region_id))
    if not pairs:
        return 0
    known = set(
        DuplicateSuspicion.objects.filter(application_id__in=sorted({a for a, _ in pairs})).values_list(
            "application_id", "other_id"
        )
    )
    suspicions = DuplicateSuspicion.objects.bulk_create(
        [
            DuplicateSuspicion(application_id=a, other_id=o, person_id=p, region_id=r)
            for (a, o), (p, r) in pairs.items()
            if (a, o) not in known
        ],
        batch_size=2000,
    )
    insert_audit_rows(
        actor=actor, event_type=AuditEventType.DUPLICATE_FLAGGED, now=now,
        targets=[
            ("registry.duplicatesuspicion", s.pk, str(s), s.region_id, {"person": s.person_id, "other": s.other_id})
            for s in suspicions
        ],
    )  # fmt: skip
    return len(suspicions)
