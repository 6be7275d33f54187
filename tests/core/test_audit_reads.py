"""Reads of personal data are logged (a CIN looked up, a list pulled through the API), and the audit viewer filters
by type, author, target, region and dates."""

from datetime import timedelta

import pytest
from django.utils import timezone

from moukawil.core.audit import audit_log
from moukawil.core.enums import AuditEventType
from moukawil.core.models import AuditEvent


@pytest.mark.django_db
def test_looking_a_person_up_by_cin_is_logged_on_the_page_and_the_api(client, as_user, registration, officer_fes):
    cin = registration.person.cin
    client.force_login(officer_fes)
    assert client.get(f"/registre/inscriptions/?q={cin.lower()}").status_code == 200
    event = AuditEvent.objects.filter(event_type=AuditEventType.PERSON_READ_BY_CIN).get()
    assert (event.actor, event.target_id, event.region_id) == (
        officer_fes,
        str(registration.person.pk),
        registration.region_id,
    )
    assert event.extra == {"cin": cin, "via": "inscriptions", "found": 1}

    as_user(officer_fes).get(f"/api/v1/applications?q={cin}")
    assert AuditEvent.objects.filter(event_type=AuditEventType.PERSON_READ_BY_CIN).count() == 2
    # A name is a search, not a look-up of one person by identity.
    client.get("/registre/inscriptions/?q=Amrani")
    assert AuditEvent.objects.filter(event_type=AuditEventType.PERSON_READ_BY_CIN).count() == 2


@pytest.mark.django_db
def test_an_api_list_read_is_logged_with_what_was_asked_and_how_many_came_back(as_user, registration, officer_fes):
    response = as_user(officer_fes).get("/api/v1/registrations?limit=500&status=active")
    assert response.status_code == 200
    event = AuditEvent.objects.get(event_type=AuditEventType.API_LIST_READ)
    assert event.actor == officer_fes and event.region_id == officer_fes.region_id
    assert event.extra["path"] == "/api/v1/registrations"
    assert event.extra["query"] == {"limit": "500", "status": "active"}
    assert event.extra["returned"] == len(response.json()["items"]) == 1
    # Reference data is read without a trace.
    as_user(officer_fes).get("/api/v1/regions")
    assert AuditEvent.objects.filter(event_type=AuditEventType.API_LIST_READ).count() == 1


@pytest.mark.django_db
def test_the_audit_viewer_filters_by_author_target_type_region_and_dates(
    client, as_user, admin_user, officer_fes, fes, casa
):
    audit_log(actor=officer_fes, event_type=AuditEventType.TERRITORY_LOADED, region=fes, extra={"n": 1})
    audit_log(actor=admin_user, event_type=AuditEventType.ORGANISATION_CREATED, region=casa, target=casa)
    viewer = admin_user
    client.force_login(viewer)

    def rows(query):
        page = client.get(f"/journal/?{query}")
        assert page.status_code == 200
        return page.content.decode().count("<tr><td><time")

    assert rows("") == 2
    assert rows("actor=omar.fassi") == 1
    assert rows(f"event_type={AuditEventType.ORGANISATION_CREATED}") == 1
    assert rows("region=03") == 1
    assert rows(f"target={casa.pk}") == 1
    today = timezone.localdate()
    assert rows(f"date_from={today}&date_to={today}") == 2
    assert rows(f"date_to={today - timedelta(days=1)}") == 0

    api = as_user(admin_user).get("/api/v1/audit-events?actor=omar.fassi&region=03").json()
    assert [e["actor_label"] for e in api["items"]] == [officer_fes.email]


@pytest.mark.django_db(transaction=True)
def test_a_read_is_sealed_by_the_next_write_in_its_order(as_user, registration, officer_fes):
    """A page of an API list is one INSERT into the log (no seal of its own, so that concurrent readers do not take
    the chain's head in turn); the next audited write seals it before its own event, and the chain verifies."""
    from django.db import transaction

    from moukawil.core.chain import verify

    assert as_user(officer_fes).get("/api/v1/registrations?limit=5").status_code == 200
    read = AuditEvent.objects.get(event_type=AuditEventType.API_LIST_READ)
    assert read.seq is None
    with transaction.atomic():
        write = audit_log(actor=officer_fes, event_type=AuditEventType.TERRITORY_LOADED)
    read.refresh_from_db()
    write.refresh_from_db()
    assert read.seq is not None and write.seq == read.seq + 1
    assert verify().intact
