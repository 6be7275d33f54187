"""Likely duplicates: people under another identity with the same birth date and a shared name key.

One rule, one query, for one application (services) as for a batch of thousands (imports): the (birth date, key)
pairs are sent as one parameter and joined to the indexes ``(name_key, birth_date)`` and
``(name_key_ar, birth_date)``, so the cost follows the number of pairs, not the size of the register.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from django.db import connection

from moukawil.core.bulk import insert_audit_rows
from moukawil.core.enums import AuditEventType
from moukawil.core.lookups import SPLIT, rows_param

from .models import DuplicateSuspicion

# An officer needs to see that a file has likely duplicates and to open them, not hundreds of namesakes born the same
# day: each application is flagged with a few at most, and each key brings back a few people at most — which keeps a
# file of thousands of such namesakes linear instead of quadratic.
SUSPECTS_PER_APPLICATION = 5
Pairs = dict[tuple[int, int], tuple[int, int]]  # (application, other person) → (its person, its region)

# Each distinct (birth date, key) is looked up once, for at most _PER_KEY people on each of the two key indexes (one
# more than an application may be flagged with: the probing person may be among them).
_PER_KEY = SUSPECTS_PER_APPLICATION + 1
# PostgreSQL: the keys as a table, each probed by LATERAL — one index probe per key whatever the planner's
# statistics say (it picks a hash join over the whole table otherwise: 180 ms a batch at 200,000 people). The keys
# travel as two texts split by the server (a Python list is adapted element by element: docs/benchmarks.md).
_MATCH_POSTGRESQL = f"""
    SELECT k.i, m.id
      FROM unnest({SPLIT}::date[], {SPLIT}) WITH ORDINALITY AS k(d, nk, i)
     CROSS JOIN LATERAL (
           (SELECT p.id FROM registry_person p
             WHERE p.name_key = k.nk AND p.birth_date = k.d AND p.merged_into_id IS NULL LIMIT {_PER_KEY})
           UNION ALL
           (SELECT p.id FROM registry_person p
             WHERE p.name_key_ar = k.nk AND p.birth_date = k.d AND p.merged_into_id IS NULL LIMIT {_PER_KEY})
      ) AS m
"""  # noqa: S608 (a constant)
# SQLite (no LATERAL; its planner probes the indexes from the small keys table; a window keeps a few per key).
_MATCH_SQLITE = f"""
    WITH k(i, d, nk) AS (
         SELECT key + 1, json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(%s)),
    m(i, id, n) AS (
         SELECT k.i, p.id, ROW_NUMBER() OVER (PARTITION BY k.i ORDER BY p.id)
           FROM k JOIN registry_person p ON p.name_key = k.nk AND p.birth_date = k.d WHERE p.merged_into_id IS NULL
         UNION ALL
         SELECT k.i, p.id, ROW_NUMBER() OVER (PARTITION BY k.i ORDER BY p.id)
           FROM k JOIN registry_person p ON p.name_key_ar = k.nk AND p.birth_date = k.d WHERE p.merged_into_id IS NULL)
    SELECT i, id FROM m WHERE n <= {_PER_KEY}
"""  # noqa: S608 (a constant)


class Probes(NamedTuple):
    """The (birth date, name key) pairs of a list of people, ready for the search (``prepare_probes``) — a bulk import's
    reader process prepares them, so that the importing process only sends them and matches what is found."""

    params: list[str]  # the distinct pairs, as the query takes them
    # For each pair, the probes that carry it, in the people's order: 2 × position (+ 1 for an Arabic key).
    carriers: list[tuple[int, ...]]
    shared: list[int]  # the pairs carried by more than one person


def prepare_probes(people: Iterable[tuple]) -> Probes:
    """``people``: (birth date — a date or its ISO text —, name key, Arabic name key) for each."""
    carriers: dict[tuple[str, str], list[int]] = {}
    for position, (birth_date, key, key_ar) in enumerate(people):
        if key:
            carriers.setdefault((str(birth_date), key), []).append(2 * position)
        if key_ar and key_ar != key:
            carriers.setdefault((str(birth_date), key_ar), []).append(2 * position + 1)
    return Probes(
        rows_param(list(carriers)),
        [tuple(probes) for probes in carriers.values()],
        [i for i, probes in enumerate(carriers.values()) if len(probes) > 1],
    )


def _people_found(params: list[str]) -> dict[int, list[int]]:
    """For the pairs of ``params`` (``core.lookups.rows_param``): pair's position from 0 → ids of a few unmerged
    people with that birth date and that key as Latin or Arabic name key (one query for all)."""
    if not params:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(_MATCH_POSTGRESQL if connection.vendor == "postgresql" else _MATCH_SQLITE, params)
        found: dict[int, list[int]] = {}
        for i, other in cursor.fetchall():
            found.setdefault(i - 1, []).append(other)
    return found


def people_sharing_names(probes: list[tuple[str, str, int]]) -> list[tuple[int, int]]:
    """For probes (birth date as ISO text, name key, id of the person probing — 0 for none): (probe's position from
    0, id of another unmerged person with that birth date and that key as Latin or Arabic name key) — a few per key."""
    keys = list({(d, k): None for d, k, _pid in probes})
    found = _people_found(rows_param(keys))
    others = {key: sorted(set(found.get(i, ()))) for i, key in enumerate(keys)}
    return [(index, other) for index, (d, k, pid) in enumerate(probes) for other in others[(d, k)] if other != pid]


def flag_duplicates(applications: list[tuple], *, actor, now) -> int:
    """Record a suspicion (and its audit row) for every application whose person shares a birth date and a name
    key with another person; pairs already recorded are kept as they are. ``applications``: (application id,
    person id, region id, birth date, name key, Arabic name key), their people written already. Returns the number
    of new suspicions."""
    probes = prepare_probes(a[3:6] for a in applications)
    return record_duplicates(duplicate_search(probes, [a[:3] for a in applications])(), actor=actor, now=now)


def duplicate_search(
    probes: Probes, applicants: Sequence[tuple[int, int, int] | None], *, people_not_written: bool = False
) -> Callable[[], Pairs]:
    """The likely duplicates of the people of ``probes`` (``prepare_probes``): the register is searched now, with one
    query; the pairs are matched in Python by the function returned, to call later — a bulk import calls it while
    the database writes the batch's people (core.bulk.insert_rows ``meanwhile``). ``applicants``: for each person
    of ``probes``, (application, person, region) — None for one not written (a refused row).

    ``people_not_written``: the people are not in the table yet (a bulk import probes before writing them, so that
    no probe meets its own person: a probe then costs an index look-up that finds nothing, rather than a visit to
    the row it finds) — each is also matched with those before it."""
    found = _people_found(probes.params)

    def match() -> Pairs:
        pairs: Pairs = {}
        flagged: dict[int, int] = {}  # application → suspects so far (at most SUSPECTS_PER_APPLICATION)

        def add(probe: int, other_id: int) -> None:
            application_id, person_id, region_id = applicants[probe // 2]  # type: ignore[misc]
            if (application_id, other_id) not in pairs and flagged.get(application_id, 0) < SUSPECTS_PER_APPLICATION:
                pairs[(application_id, other_id)] = (person_id, region_id)
                flagged[application_id] = flagged.get(application_id, 0) + 1

        def person(probe: int) -> int | None:
            applicant = applicants[probe // 2]
            return applicant[1] if applicant else None

        in_register = sorted(
            (probe, other)
            for pair, others in found.items()
            for probe in probes.carriers[pair]
            if person(probe) is not None
            for other in set(others)
            if other != person(probe)
        )
        for probe, other in in_register:
            add(probe, other)
        if people_not_written:
            # Each person is matched with the people before it, as in the register: those of earlier positions, so
            # that batches of any size give the same flags. The first few are enough (a file of namesakes born the
            # same day stays linear).
            for pair in probes.shared:
                carriers = [probe for probe in probes.carriers[pair] if person(probe) is not None]
                for position, probe in enumerate(carriers[1:], start=1):
                    earlier = carriers[: min(position, SUSPECTS_PER_APPLICATION + 1)]
                    for j in [j for j in earlier if person(j) != person(probe)][:SUSPECTS_PER_APPLICATION]:
                        add(probe, person(j))  # type: ignore[arg-type]
        return pairs

    return match


def record_duplicates(pairs: Pairs, *, actor, now) -> int:
    """Write the suspicions of ``pairs`` not recorded yet, each with its audit row; returns how many."""
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
