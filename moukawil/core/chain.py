"""The audit log's hash chain: each sealed event carries the hash of the one before it, so that rewriting or removing
an event by SQL is seen by ``moukawil audit verify`` (the database's triggers refuse UPDATE and DELETE besides,
``core.audit_guard``).

Events are written as they always were (one ``INSERT``, or ``COPY`` for bulk rows) and *sealed* right after their
transaction commits: a short transaction locks the chain's head row, takes the committed events not yet sealed in
the order of their ids, gives each its rank (``seq``), the previous hash and its own hash. Sealing after the commit
keeps one chain whatever the number of parallel writers without holding a lock for the length of their transactions
(an import of 200,000 rows would otherwise stop every audited write of the country until it commits). An event
committed but not yet sealed (its process died between the commit and the seal) is sealed by the next seal or by
``moukawil audit verify``; the triggers protect it meanwhile: the only change they accept is setting the seal of an
unsealed event, its content unchanged."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from django.db import connection, transaction

from .models import AuditChain, AuditEvent

GENESIS = "0" * 64
# The columns a hash covers, in this order (the seal's own columns seq and prev_hash come first).
CONTENT = [
    "id", "created_at", "actor_id", "actor_label", "event_type", "target_type", "target_id", "target_label",
    "region_id", "before", "after", "extra",
]  # fmt: skip
SEAL_BATCH = 2000


def event_hash(prev_hash: str, seq: int, values: tuple) -> str:
    """SHA-256 of the previous hash, the rank and the event's columns as the database gives them back (``CONTENT``),
    written as canonical JSON."""
    row = list(values)
    created_at = row[1]
    row[1] = created_at.astimezone(UTC).isoformat() if created_at is not None else None
    text = json.dumps([prev_hash, seq, *row], sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _head(*, wait: bool = True) -> AuditChain | None:
    """The chain's head row, locked until the end of the transaction (SQLite: every transaction is IMMEDIATE and
    already holds the write lock). ``wait=False``: None at once when another process holds it (PostgreSQL)."""
    head = AuditChain.objects.select_for_update(skip_locked=not wait).filter(pk=1)
    found = head.first()
    if found is None:  # never created (a test flushed the table), or held by another process (``wait=False``)
        AuditChain.objects.bulk_create([AuditChain(pk=1)], ignore_conflicts=True)
        found = head.first()
    return found


def seal_pending(*, wait: bool = True) -> int:
    """Seal the committed events not yet sealed, in the order of their ids. Returns how many were sealed.

    ``wait=False`` (the seal after a commit): when another process holds the head, leave it the work instead of
    queueing behind it. No event is left behind: a sealer that finds nothing more releases the head, then looks
    once more, unlocked, for pending events — so an event committed while it held the head (its writer skipped) is
    seen by that look and sealed by the next turn of the loop, by this process or by the one then holding the head.
    Without this, every audited request of every web process waited in turn for the head row: under 20 concurrent
    API readers (each read of personal data is audited) the lists answered far less than they do now
    (docs/benchmarks.md)."""
    sealed = 0
    pending = AuditEvent.objects.filter(seq__isnull=True)
    while True:
        with transaction.atomic():
            _seal_commits_asynchronously()
            head = _head(wait=wait)
            if head is None:
                return sealed
            rows = list(pending.order_by("id").values_list(*CONTENT)[:SEAL_BATCH])
            if rows:
                prev, seq = head.last_hash or GENESIS, head.last_seq
                seals = []
                for values in rows:
                    seq += 1
                    digest = event_hash(prev, seq, values)
                    seals.append((values[0], seq, prev, digest))
                    prev = digest
                _write_seals(seals)
                head.last_seq, head.last_hash, head.last_event_id = seq, prev, rows[-1][0]
                head.save(update_fields=["last_seq", "last_hash", "last_event_id"])
                sealed += len(rows)
                if len(rows) == SEAL_BATCH:  # more may wait: take them under the same turn of the loop
                    continue
        if not pending.exists():
            return sealed


def _seal_commits_asynchronously() -> None:
    """PostgreSQL: the seal's transaction commits without waiting for its WAL to reach the disk. A seal lost to a
    crash is lost whole (ranks, hashes and the head row commit together): its events are unsealed again, and the
    next seal seals them. Every audited request commits twice (its own write, then the seal); the second no longer
    waits for a flush (``synchronous_commit``, PostgreSQL's documentation: no corruption, only the last commits
    lost)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _write_seals(seals: list[tuple[int, int, str, str]]) -> None:
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET seq = %s, prev_hash = %s, hash = %s WHERE id = %s AND seq IS NULL",  # noqa: S608
            [(seq, prev, digest, pk) for pk, seq, prev, digest in seals],
        )


def seal_after_commit() -> None:
    """Called by every writer of audit rows, inside its transaction: seal them once it commits. Once per
    transaction: a filing writes four events, and each asked for a seal of its own (three seals finding nothing,
    fifteen queries). A seal already asked for at this savepoint or an outer one survives whatever rollback would
    drop this one, so it is enough."""
    if connection.in_atomic_block:
        current = set(connection.savepoint_ids)
        # (savepoint ids, function, robust): django-stubs still types the entries as pairs.
        if any(entry[1] is _seal_quietly and entry[0] <= current for entry in connection.run_on_commit):
            return
    transaction.on_commit(_seal_quietly)


def _seal_quietly() -> None:
    # A failed seal must not turn a committed write into an error page: the events wait for the next seal.
    import logging

    try:
        seal_pending(wait=False)
    except Exception:
        logging.getLogger(__name__).exception("Scellement du journal d'audit différé")


@dataclass
class Verdict:
    checked: int
    unsealed: int
    broken_id: int | None = None
    broken_seq: int | None = None
    reason: str = ""
    last_hash: str = GENESIS

    @property
    def intact(self) -> bool:
        return self.broken_id is None and not self.reason


def verify() -> Verdict:
    """Walk the chain in rank order; the first event whose rank, previous hash or own hash does not hold is the first
    broken link (an event rewritten, removed or inserted by hand). The head row must name the last link (the tail
    cut off)."""
    prev, expected, checked = GENESIS, 1, 0
    last_id = None
    events = (
        AuditEvent.objects.filter(seq__isnull=False).order_by("seq").values_list("seq", "prev_hash", "hash", *CONTENT)
    )
    for seq, prev_hash, digest, *values in events.iterator(chunk_size=SEAL_BATCH):
        pk = values[0]
        if seq != expected:
            return Verdict(checked, _unsealed(), pk, seq, f"rang {seq} au lieu de {expected} : un événement manque")
        if prev_hash != prev:
            return Verdict(checked, _unsealed(), pk, seq, "le hachage précédent ne correspond pas")
        if event_hash(prev, seq, tuple(values)) != digest:
            return Verdict(checked, _unsealed(), pk, seq, "le contenu ne correspond pas à son hachage")
        prev, expected, checked, last_id = digest, expected + 1, checked + 1, pk
    head = AuditChain.objects.filter(pk=1).first()
    if head is not None and (head.last_seq != checked or (checked and head.last_hash != prev)):
        return Verdict(
            checked, _unsealed(), last_id, checked,
            f"la tête de chaîne annonce {head.last_seq} événements, la table en a {checked} : la fin a été coupée",
        )  # fmt: skip
    return Verdict(checked, _unsealed(), last_hash=prev)


def _unsealed() -> int:
    return AuditEvent.objects.filter(seq__isnull=True).count()
