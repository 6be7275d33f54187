"""The audit log cannot be rewritten unseen: triggers refuse UPDATE and DELETE in the database, each sealed event
carries the hash of the one before it, and ``moukawil audit verify`` names the first broken link."""

import itertools
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from moukawil.core import audit_guard
from moukawil.core.audit import audit_log, audit_log_bulk
from moukawil.core.chain import seal_pending, verify
from moukawil.core.enums import AuditEventType
from moukawil.core.models import AuditChain, AuditEvent
from moukawil.territory.models import Region


def _events(count, actor=None):
    return [audit_log(actor=actor, event_type=AuditEventType.TERRITORY_LOADED, extra={"n": i}) for i in range(count)]


def _sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.mark.django_db
def test_the_database_refuses_update_and_delete_from_sql(admin_user):
    event = _events(1, admin_user)[0]
    for statement in (
        "UPDATE core_auditevent SET actor_label = 'quelqu''un d''autre' WHERE id = %s",
        "DELETE FROM core_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="ajout seul"), transaction.atomic():
            _sql(statement, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).actor_label == admin_user.email


@pytest.mark.django_db
def test_queryset_update_and_delete_fail(admin_user):
    _events(2, admin_user)
    with pytest.raises(RuntimeError, match="ajout seul"):
        AuditEvent.objects.filter(actor=admin_user).update(actor_label="x")
    with pytest.raises(RuntimeError, match="ajout seul"):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(actor_label=admin_user.email).count() == 2


@pytest.mark.django_db
def test_a_seal_may_not_change_the_content(admin_user):
    """The one update the trigger lets through is the seal of an unsealed event — with its content unchanged."""
    event = _events(1, admin_user)[0]
    with pytest.raises(DatabaseError, match="ajout seul"), transaction.atomic():
        _sql(
            "UPDATE core_auditevent SET seq = 999, hash = 'f', prev_hash = 'f', actor_label = 'x' WHERE id = %s",
            [event.pk],
        )
    seal_pending()
    event.refresh_from_db()
    with pytest.raises(DatabaseError, match="ajout seul"), transaction.atomic():  # sealed once and for all
        _sql("UPDATE core_auditevent SET hash = 'f' WHERE id = %s", [event.pk])


@pytest.mark.django_db
def test_each_event_carries_the_hash_of_the_previous_one(admin_user, fes):
    _events(3, admin_user)
    audit_log_bulk(actor=admin_user, event_type=AuditEventType.TERRITORY_LOADED, targets=Region.objects.all()[:4])
    assert seal_pending() == 7
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.seq for e in events] == list(range(1, 8))
    assert events[0].prev_hash == "0" * 64
    for before, after in itertools.pairwise(events):
        assert after.prev_hash == before.hash and len(after.hash) == 64
    head = AuditChain.objects.get()
    assert (head.last_seq, head.last_hash) == (7, events[-1].hash)
    assert verify().intact


@pytest.mark.django_db
def test_a_transaction_writing_several_events_is_sealed_once_and_whole(admin_user, django_capture_on_commit_callbacks):
    """A filing writes four events: one seal after its commit seals them all (each used to ask for a seal of its own,
    three finding nothing); an event written after a rolled-back savepoint is sealed all the same."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        _events(3, admin_user)
    assert len(callbacks) == 1
    assert not AuditEvent.objects.filter(seq__isnull=True).exists()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        try:
            with transaction.atomic():
                _events(1, admin_user)  # asks for a seal inside the savepoint...
                raise RuntimeError
        except RuntimeError:
            pass  # ...which the rollback drops with the event
        _events(2, admin_user)  # so these ask for their own
    assert len(callbacks) == 1
    assert AuditEvent.objects.count() == 5
    assert not AuditEvent.objects.filter(seq__isnull=True).exists() and verify().intact


def _tamper(statement, params):
    """As someone with the database's owner rights would: lift the guard, change a row, put the guard back."""
    audit_guard.remove(connection)
    try:
        _sql(statement, params)
    finally:
        audit_guard.install(connection)


@pytest.mark.django_db
def test_audit_verify_reports_the_id_of_a_row_rewritten_by_sql(admin_user, capsys):
    events = _events(6, admin_user)
    call_command("audit", "verify")
    assert "Chaîne d'audit intacte : 6 événement(s)" in capsys.readouterr().out

    _tamper("UPDATE core_auditevent SET extra = %s WHERE id = %s", ['{"n": 99}', events[3].pk])

    with pytest.raises(CommandError, match=rf"rompue à l'événement id={events[3].pk} \(rang 4\).*contenu"):
        call_command("audit", "verify")


@pytest.mark.django_db
def test_audit_verify_reports_a_removed_row_and_a_cut_tail(admin_user):
    events = _events(5, admin_user)
    seal_pending()
    _tamper("DELETE FROM core_auditevent WHERE id = %s", [events[1].pk])
    with pytest.raises(CommandError, match=rf"id={events[2].pk} \(rang 3\).*manque"):
        call_command("audit", "verify")

    _tamper("DELETE FROM core_auditevent WHERE id >= %s", [events[1].pk])
    with pytest.raises(CommandError, match="la fin a été coupée"):
        call_command("audit", "verify")


@pytest.mark.django_db
def test_the_guard_is_installed_by_the_migrations():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = 'core_auditevent'::regclass")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'core_auditevent'")
        names = {row[0] for row in cursor.fetchall()}
    expected = {"postgresql": {"core_auditevent_append_only"}}.get(
        connection.vendor, {"core_auditevent_no_update", "core_auditevent_no_delete"}
    )
    assert expected <= names


@pytest.mark.django_db(transaction=True)
def test_parallel_writers_make_one_chain(admin_user):
    """Forty transactions at once, each writing two events and sealing after its commit: one chain, no fork, no
    rank twice, every event sealed."""
    barrier = threading.Barrier(20)

    def work(index):
        try:
            barrier.wait()
            with transaction.atomic():
                audit_log(actor=None, event_type=AuditEventType.TERRITORY_LOADED, extra={"writer": index})
                audit_log(actor=None, event_type=AuditEventType.TERRITORY_LOADED, extra={"writer": index, "n": 2})
            return None
        except Exception as exc:
            return exc
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=20) as pool:
        outcomes = list(pool.map(work, range(40)))
    assert [o for o in outcomes if o is not None] == []
    assert AuditEvent.objects.filter(seq__isnull=True).count() == 0
    assert sorted(AuditEvent.objects.values_list("seq", flat=True)) == list(range(1, 81))
    verdict = verify()
    assert verdict.intact and verdict.checked == 80


@pytest.mark.django_db(transaction=True)
def test_a_write_does_not_queue_behind_another_process_sealing(admin_user):
    """PostgreSQL: while another connection holds the chain's head, a request's audited write commits and returns
    without waiting for it; its event is sealed by the next seal, in order."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: there is no other sealer to skip")
    seal_pending()  # the head row exists, as it does from the first seal on
    locked, release, done = threading.Event(), threading.Event(), threading.Event()

    def holder():
        try:
            with transaction.atomic():
                AuditChain.objects.select_for_update().get(pk=1)
                locked.set()
                release.wait(30)
        finally:
            connection.close()
            done.set()

    thread = threading.Thread(target=holder)
    thread.start()
    assert locked.wait(10)
    try:
        started = time.monotonic()
        with transaction.atomic():
            event = audit_log(actor=admin_user, event_type=AuditEventType.TERRITORY_LOADED, extra={"n": 1})
        assert time.monotonic() - started < 5  # the holder keeps the head for 30 s
        assert AuditEvent.objects.get(pk=event.pk).seq is None  # committed, waiting for its seal
    finally:
        release.set()
        done.wait(10)
        thread.join()
    assert seal_pending() == 1
    assert verify().intact
