"""Personal-data rights (loi 09-08): the holder's export, the rectification workflow, retention of uploaded files and
pseudonymisation of struck-off people."""

import json
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from moukawil.core.enums import AuditEventType
from moukawil.core.errors import BusinessError
from moukawil.core.models import AuditEvent, Job
from moukawil.privacy.models import RectificationRequest
from moukawil.privacy.services import (
    my_data_export,
    people_pseudonymise,
    rectification_request,
    rectification_transition,
    uploads_purge,
)
from moukawil.privacy.workflow import WORKFLOW, State
from moukawil.registry.enums import Channel, StrikeOffReason
from moukawil.registry.models import Person, Registration
from moukawil.registry.services import application_create, application_transition
from tests.factories import UserFactory


@pytest.fixture
def holder(activities, applicant, applicant_user, officer_fes):
    """An entrepreneur of Fès with his account, registered."""
    application = application_create(
        actor=applicant_user, applicant=applicant(cin="BK123456", phone="0612345678"),
        activity=activities["SRV-001"], channel=Channel.ONLINE,
    )  # fmt: skip
    application_transition(actor=officer_fes, application=application, name="approve")
    applicant_user.refresh_from_db()
    return applicant_user


# --- Export -------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_my_data_holds_everything_about_the_holder_and_is_audited(holder):
    data = my_data_export(actor=holder, fmt="json")
    assert data["person"]["cin"] == "BK123456" and data["person"]["phone"] == "+212612345678"
    assert data["account"]["email"] == holder.email
    assert len(data["register_applications"]) == 1 and data["register_applications"][0]["history"]
    assert data["registrations"][0]["number"]
    assert {"declarations", "payments", "enterprises", "programme_applications", "audit_events"} <= set(data)
    assert any(e["event"] == "Inscription au registre" for e in data["audit_events"])
    json.dumps(data)  # plain JSON
    assert AuditEvent.objects.filter(event_type=AuditEventType.MY_DATA_EXPORTED, actor=holder).count() == 1


@pytest.mark.django_db
def test_my_data_takes_a_bounded_number_of_queries(holder):
    with CaptureQueriesContext(connection) as queries:
        my_data_export(actor=holder)
    assert len(queries) <= 16


@pytest.mark.django_db
def test_only_the_holder_exports_his_data(holder, officer_fes, territory):
    with pytest.raises(PermissionDenied):
        my_data_export(actor=officer_fes)
    with pytest.raises(PermissionDenied, match="Aucun dossier"):
        my_data_export(actor=UserFactory())


@pytest.mark.django_db
def test_the_page_shows_the_data_and_the_download_is_json(client, holder):
    client.force_login(holder)
    page = client.get("/mes-donnees/").content.decode()
    assert "BK123456" in page and "Demander une rectification" in page
    assert 'data-testid="privacy-notice"' in page and "Responsable du traitement" in page
    response = client.get("/mes-donnees/telecharger/")
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)["person"]["cin"] == "BK123456"


@pytest.mark.django_db
def test_the_api_serves_my_data_to_the_holder_only(as_user, holder, officer_fes):
    assert as_user(holder).get("/api/v1/me/data").json()["person"]["cin"] == "BK123456"
    refused = as_user(officer_fes).get("/api/v1/me/data")
    assert refused.status_code == 403


# --- Rectification ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_accepting_a_rectification_applies_it_through_the_register_and_tells_the_holder(
    holder, officer_fes, django_capture_on_commit_callbacks
):
    request = rectification_request(
        actor=holder, field="last_name", new_value="El Fassi", reason="Erreur de saisie au guichet",
        evidence=SimpleUploadedFile("cin.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
    )  # fmt: skip
    assert request.state == State.REQUESTED and request.current_value == "El Amrani"
    with django_capture_on_commit_callbacks(execute=True):
        rectification_transition(actor=officer_fes, request=request, name="accept")
    person = Person.objects.get(cin="BK123456")
    assert person.last_name == "El Fassi"
    assert person.name_key.endswith("|fs")  # the name key follows the name
    request.refresh_from_db()
    assert (request.state, request.decided_by) == (State.ACCEPTED, officer_fes)
    rectified = AuditEvent.objects.get(event_type=AuditEventType.PERSON_RECTIFIED)
    assert (rectified.before, rectified.after) == ({"last_name": "El Amrani"}, {"last_name": "El Fassi"})
    assert [m.to for m in mail.outbox][-1] == [holder.email] and "acceptée" in mail.outbox[-1].body


@pytest.mark.django_db
def test_a_refusal_needs_a_reason_and_changes_nothing(holder, officer_fes, django_capture_on_commit_callbacks):
    request = rectification_request(actor=holder, field="birth_date", new_value="02/04/1988", reason="Mauvaise date")
    with pytest.raises(BusinessError) as refused:
        rectification_transition(actor=officer_fes, request=request, name="refuse")
    assert refused.value.field == "reason"
    with django_capture_on_commit_callbacks(execute=True):
        rectification_transition(
            actor=officer_fes, request=request, name="refuse", reason="Acte de naissance illisible"
        )
    assert Person.objects.get(cin="BK123456").birth_date != date(1988, 4, 2)
    assert "refusée" in mail.outbox[-1].body and "illisible" in mail.outbox[-1].body


@pytest.mark.django_db
def test_a_bad_new_value_is_refused_at_acceptance_naming_the_field(holder, officer_fes):
    request = rectification_request(actor=holder, field="phone", new_value="12345", reason="Nouveau numéro")
    with pytest.raises(BusinessError) as refused:
        rectification_transition(actor=officer_fes, request=request, name="accept")
    assert refused.value.field == "phone" and "téléphone invalide" in refused.value.message
    request.refresh_from_db()
    assert request.state == State.REQUESTED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "reason", "error_field"),
    [
        ("cin", "BK000000", "x", "field"),  # the CIN is not rectified by a request
        ("last_name", "", "x", "new_value"),
        ("last_name", "A" * 256, "x", "new_value"),
        ("last_name", "Al\x00i", "x", "new_value"),
        ("last_name", "El Amrani", "x", "new_value"),  # the same value
        ("last_name", "Alaoui", "", "reason"),
    ],
)
def test_bad_requests_are_refused_naming_the_field(holder, field, value, reason, error_field):
    with pytest.raises(BusinessError) as refused:
        rectification_request(actor=holder, field=field, new_value=value, reason=reason)
    assert refused.value.field == error_field
    assert not RectificationRequest.objects.exists()


@pytest.mark.django_db
def test_hostile_evidence_is_refused(holder):
    with pytest.raises(BusinessError) as refused:
        rectification_request(
            actor=holder, field="last_name", new_value="Alaoui", reason="x",
            evidence=SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream"),
        )  # fmt: skip
    assert refused.value.field == "evidence"


OFFICERS = {"ccis_officer", "agency_officer", "admin"}


@pytest.mark.django_db
@pytest.mark.parametrize("transition", ["accept", "refuse", "withdraw"])
@pytest.mark.parametrize("role", ["owner", "ccis_officer", "ccis_other_region", "agency_officer", "admin", "viewer",
                                  "bank_officer", "vendor", "other_entrepreneur"])  # fmt: skip
def test_the_workflow_as_a_table(holder, territory, fes, casa, transition, role):
    from moukawil.privacy.permissions import can_act

    request = rectification_request(actor=holder, field="last_name", new_value="Alaoui", reason="x")
    user = {
        "owner": holder, "ccis_officer": UserFactory(ccis_officer=True, region=fes),
        "ccis_other_region": UserFactory(ccis_officer=True, region=casa), "other_entrepreneur": UserFactory(),
    }.get(role) or UserFactory(**{role: True})  # fmt: skip
    allowed = (transition == "withdraw" and role == "owner") or (transition != "withdraw" and role in OFFICERS)
    assert bool(can_act(user, request, transition)) is allowed
    for state in (State.ACCEPTED, State.REFUSED, State.WITHDRAWN):
        request.state = state
        assert not can_act(user, request, transition)


@pytest.mark.django_db
def test_the_api_runs_the_workflow(as_user, holder, officer_fes):
    created = as_user(holder).post(
        "/api/v1/rectifications", {"field": "email", "new_value": "nouveau@exemple.ma", "reason": "Adresse changée"},
        content_type="application/json",
    )  # fmt: skip
    assert created.status_code == 201, created.content
    rid = created.json()["id"]
    bad = as_user(holder).post("/api/v1/rectifications", {"field": "email", "new_value": "x", "reason": "\x00" * 3},
                               content_type="application/json")  # fmt: skip
    assert bad.status_code == 422 and bad.json()["field"] == "reason"  # the NUL guard (core.middleware)
    listed = as_user(officer_fes).get("/api/v1/rectifications").json()["items"]
    assert [r["id"] for r in listed] == [rid]
    done = as_user(officer_fes).post(f"/api/v1/rectifications/{rid}/transitions", {"name": "accept"},
                                     content_type="application/json")  # fmt: skip
    assert done.json()["state"] == "accepted"
    assert Person.objects.get(cin="BK123456").email == "nouveau@exemple.ma"
    assert as_user(UserFactory(viewer=True)).get("/api/v1/rectifications").json()["items"] == []


@pytest.mark.django_db
def test_the_pages_run_the_workflow(client, holder, officer_fes):
    client.force_login(holder)
    response = client.post(
        "/mes-donnees/", {"field": "first_name", "new_value": "Mohammed", "reason": "Orthographe de l'état civil"}
    )
    assert response.status_code == 302
    request = RectificationRequest.objects.get()
    client.force_login(officer_fes)
    queue = client.get("/rectifications/").content.decode()
    assert "Prénom" in queue and f"/rectifications/{request.pk}/" in queue
    client.post(f"/rectifications/{request.pk}/action/", {"action": "refuse", "reason": ""})
    request.refresh_from_db()
    assert request.state == State.REQUESTED  # no reason: refused, nothing changed
    client.post(f"/rectifications/{request.pk}/action/", {"action": "accept"})
    assert Person.objects.get(cin="BK123456").first_name == "Mohammed"
    client.force_login(holder)
    assert "Acceptée" in client.get(f"/rectifications/{request.pk}/").content.decode()


def test_the_workflow_declares_its_transitions():
    assert set(WORKFLOW.transitions) == {"accept", "refuse", "withdraw"}


# --- Retention ----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_uploaded_files_are_deleted_after_the_retention_period_and_audited(admin_user, settings, tmp_path):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    old, recent = Job.objects.create(kind="registry.import"), Job.objects.create(kind="registry.import")
    for job, age in ((old, 100), (recent, 10)):
        job.file.save(f"f{job.pk}.csv", ContentFile(b"cin\n"), save=False)
        Job.objects.filter(pk=job.pk).update(
            file=job.file.name, status=Job.Status.DONE, finished_at=timezone.now() - timedelta(days=age)
        )
    old_path = tmp_path / Job.objects.get(pk=old.pk).file.name
    assert old_path.exists()
    report = uploads_purge(actor=admin_user, days=90)
    assert report == {"deleted": 1, "retention_days": 90}
    assert not old_path.exists() and Job.objects.get(pk=old.pk).file == ""
    assert Job.objects.get(pk=recent.pk).file != ""
    assert AuditEvent.objects.filter(event_type=AuditEventType.UPLOADS_PURGED, target_id=str(old.pk)).exists()
    assert uploads_purge(actor=admin_user, days=90)["deleted"] == 0  # rerun: nothing more


@pytest.mark.django_db
def test_retention_is_for_administrators_only(officer_fes):
    with pytest.raises(PermissionDenied):
        uploads_purge(actor=officer_fes)
    with pytest.raises(PermissionDenied):
        people_pseudonymise(actor=officer_fes)


@pytest.mark.django_db
def test_struck_off_people_are_pseudonymised_after_their_period_keeping_statistics(holder, admin_user, officer_fes):
    person = Person.objects.get(cin="BK123456")
    registration = Registration.objects.get(person=person)
    Registration.objects.filter(pk=registration.pk).update(
        status="struck_off", struck_off_on=date(2012, 5, 1), strike_off_reason=StrikeOffReason.VOLUNTARY
    )
    before = (person.gender, person.province_id, person.birth_date.year)
    assert people_pseudonymise(actor=admin_user, years=10)["pseudonymised"] == 1
    person.refresh_from_db()
    assert (person.gender, person.province_id, person.birth_date.year) == before
    assert person.cin != "BK123456" and person.first_name == "Pseudonyme" and person.phone == ""
    assert person.birth_date == date(before[2], 1, 1) and person.user_id is None and person.pseudonymised_at
    assert Registration.objects.get(pk=registration.pk).number == registration.number  # the register stays whole
    assert AuditEvent.objects.filter(event_type=AuditEventType.PEOPLE_PSEUDONYMISED).count() == 1
    assert people_pseudonymise(actor=admin_user, years=10)["pseudonymised"] == 0


@pytest.mark.django_db
def test_recently_struck_off_or_active_people_are_kept(holder, admin_user):
    registration = Registration.objects.get(person__cin="BK123456")
    assert people_pseudonymise(actor=admin_user, years=10)["pseudonymised"] == 0  # active
    Registration.objects.filter(pk=registration.pk).update(
        status="struck_off",
        struck_off_on=timezone.localdate() - timedelta(days=365 * 3),
        strike_off_reason=StrikeOffReason.VOLUNTARY,
    )
    assert people_pseudonymise(actor=admin_user, years=10)["pseudonymised"] == 0  # within the period
    assert Person.objects.get(pk=registration.person_id).cin == "BK123456"


@pytest.mark.django_db
def test_the_command_line_applies_retention(admin_user, capsys):
    call_command("privacy_retention", "all", "--actor", admin_user.email)
    out = capsys.readouterr().out
    assert "0 fichier(s) supprimé(s) (conservés 90 jours)." in out
    assert "0 personne(s) pseudonymisée(s) (radiées depuis plus de 10 ans)." in out
