"""The read replica's router (core.replica), with the replica configured as a test mirror of the test database.

The tests are transactional: the replica is another connection, which sees only committed rows, as a real replica
does. Which connection ran each statement is read from each connection's own query log.
"""

from __future__ import annotations

import pytest
from django.db import connections, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from moukawil.core.audit import audit_log
from moukawil.core.enums import AuditEventType
from moukawil.core.models import AuditEvent
from moukawil.core.replica import (
    PIN_COOKIE,
    PrimaryReplicaRouter,
    ReplicaPinMiddleware,
    read_alias,
    reading_replica,
    request_scope,
)
from moukawil.registry.models import Application

replica_db = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


class Logs:
    """Statements run by the primary and by the replica while the block runs."""

    def __enter__(self):
        self.primary = CaptureQueriesContext(connections["default"]).__enter__()
        self.replica = CaptureQueriesContext(connections["replica"]).__enter__()
        return self

    def __exit__(self, *exc):
        self.replica.__exit__(*exc)
        self.primary.__exit__(*exc)

    @staticmethod
    def _sql(captured, table: str, verb: str) -> list[str]:
        # A streamed read on PostgreSQL is a server-side cursor: DECLARE … FOR SELECT.
        return [q["sql"] for q in captured.captured_queries
                if table in q["sql"] and (q["sql"].startswith(verb) or q["sql"].startswith("DECLARE"))]  # fmt: skip

    def primary_reads(self, table: str) -> list[str]:
        return self._sql(self.primary, table, "SELECT")

    def replica_reads(self, table: str) -> list[str]:
        return self._sql(self.replica, table, "SELECT")


def test_the_test_settings_mirror_the_primary():
    from django.conf import settings

    assert settings.DATABASES["replica"]["TEST"]["MIRROR"] == "default"
    assert "moukawil.core.replica.PrimaryReplicaRouter" in settings.DATABASE_ROUTERS


@replica_db
def test_only_marked_reads_go_to_the_replica_and_writes_always_to_the_primary():
    router = PrimaryReplicaRouter()
    with request_scope():
        assert router.db_for_read(Application) == "default"  # an unmarked read
        with reading_replica():
            assert router.db_for_read(Application) == "replica"
            assert router.db_for_write(Application) == "default"
            # …and after that write, this request's reads are the primary's, marked or not
            assert router.db_for_read(Application) == "default"
    with request_scope(), reading_replica(), transaction.atomic():
        assert read_alias() == "default"  # inside a transaction on the primary: what it sees
    assert router.allow_migrate("default", "registry") and not router.allow_migrate("replica", "registry")


@replica_db
def test_the_figures_page_reads_the_replica(client, submit, officer_fes):
    submit(cin="BK1001")
    client.force_login(officer_fes)
    with Logs() as logs:
        response = client.get("/registre/chiffres/")
    assert response.status_code == 200
    assert logs.replica_reads("registry_application"), "the figures were not read from the replica"
    assert not logs.primary_reads("registry_application")
    assert not logs.replica_reads("django_session")  # who is asking: the primary


@replica_db
def test_an_export_reads_the_replica_and_writes_its_audit_row_to_the_primary(client, submit, officer_fes):
    submit(cin="BK1002", last_name="Tazi")
    client.force_login(officer_fes)
    with Logs() as logs:
        content = b"".join(client.get("/registre/demandes/export/").streaming_content).decode("utf-8-sig")
    assert "BK1002" in content
    assert logs.replica_reads("registry_application")
    assert not logs.primary_reads("registry_application")
    assert any(q["sql"].startswith("INSERT") and "core_auditevent" in q["sql"] for q in logs.primary.captured_queries)
    assert not any(q["sql"].startswith(("INSERT", "UPDATE", "DELETE")) for q in logs.replica.captured_queries)
    assert AuditEvent.objects.filter(event_type=AuditEventType.REGISTER_EXPORTED).count() == 1


@replica_db
def test_a_request_that_wrote_reads_its_own_data_from_the_primary(territory):
    """A view reads (replica), writes, then reads what it wrote: the second read is the primary's, and the
    browser is pinned to the primary for its next requests."""
    seen = {}

    def view(request):
        with reading_replica():
            seen["before"] = AuditEvent.objects.filter(event_type=AuditEventType.REGISTER_EXPORTED).count()
            audit_log(actor=None, event_type=AuditEventType.REGISTER_EXPORTED, target=None, extra={"x": 1})
            seen["after"] = AuditEvent.objects.filter(event_type=AuditEventType.REGISTER_EXPORTED).count()
        return HttpResponse("ok")

    middleware = ReplicaPinMiddleware(view)
    with Logs() as logs:
        response = middleware(RequestFactory().get("/"))
    assert seen == {"before": 0, "after": 1}
    assert len(logs.replica_reads("core_auditevent")) == 1  # the read before the write
    # The read after it (the audit chain's sealing, after the commit, reads the primary too: not counted here).
    assert len([sql for sql in logs.primary_reads("core_auditevent") if "COUNT(" in sql]) == 1

    # A form posted: the whole request reads the primary, and the browser reads it for a few seconds after.
    with Logs() as logs:
        response = middleware(RequestFactory().post("/"))
    assert seen == {"before": 1, "after": 2}
    assert not logs.replica_reads("core_auditevent")
    pin = response.cookies[PIN_COOKIE].value

    def reader(request):
        with reading_replica():
            seen["pinned"] = AuditEvent.objects.count()
        return HttpResponse("ok")

    pinned_request = RequestFactory().get("/")
    pinned_request.COOKIES[PIN_COOKIE] = pin
    with Logs() as logs:
        ReplicaPinMiddleware(reader)(pinned_request)
    assert not logs.replica_reads("core_auditevent") and logs.primary_reads("core_auditevent")
    with Logs() as logs:
        ReplicaPinMiddleware(reader)(RequestFactory().get("/"))  # no cookie: the replica again
    assert logs.replica_reads("core_auditevent")


@pytest.mark.django_db
def test_inside_a_test_transaction_marked_reads_stay_on_the_primary(client, submit, officer_fes):
    """The rest of the suite runs in a transaction per test: the router keeps those reads on the primary, which
    holds the test's rows (and a replica never sees a transaction that is not committed)."""
    submit(cin="BK1003")
    client.force_login(officer_fes)
    assert client.get("/registre/chiffres/").status_code == 200
