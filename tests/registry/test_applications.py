from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from moukawil.core.enums import AuditEventType
from moukawil.core.errors import BusinessError, Conflict
from moukawil.core.models import AuditEvent
from moukawil.registry.enums import Channel, DuplicateStatus, RegistrationStatus, StrikeOffReason
from moukawil.registry.models import Application, DuplicateSuspicion, Person, Registration
from moukawil.registry.numbers import is_valid_registration_number
from moukawil.registry.services import (
    application_complete,
    application_create,
    application_transition,
    applications_bulk_transition,
    duplicate_decide,
    registration_strike_off,
)
from moukawil.registry.workflow import State


def years_ago(years, days=0):
    today = timezone.localdate()
    return today.replace(year=today.year - years) + timedelta(days=days)


@pytest.mark.django_db
def test_an_online_application_is_submitted_with_its_checks(activities, applicant, applicant_user):
    application = application_create(
        actor=applicant_user, applicant=applicant(), activity=activities["SRV-001"], channel=Channel.ONLINE
    )
    assert application.state == State.SUBMITTED
    assert application.reference.startswith(f"DEM-{timezone.localdate().year}-")
    assert application.region.code == "03"
    assert application.person.user == applicant_user
    assert application.person.phone == "+212612345678"
    assert all(check["passed"] for check in application.checks)
    assert application.due_at.date() == (application.submitted_at + timedelta(days=15)).date()
    assert application.transitions.get().to_state == State.SUBMITTED
    assert AuditEvent.objects.for_target(application).filter(event_type=AuditEventType.APPLICATION_CREATED).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"birth_date": years_ago(18, days=1)}, "birth_date", "le statut est réservé aux majeurs"),
        ({"activity": "EXCLUDED"}, "activity", "exclue du statut"),
        ({"is_salaried": True}, "is_salaried", "Un salarié ne peut pas s'inscrire"),
        ({"pays_taxe_professionnelle": True}, "pays_taxe_professionnelle", "doit d'abord être cessée"),
        ({"cin": "123"}, "cin", "CIN invalide"),
        ({"phone": "0012"}, "phone", "téléphone invalide"),
        ({"first_name": ""}, "first_name", "Le prénom est obligatoire"),
        ({"gender": "X"}, "gender", "Sexe"),
        ({"birth_date": date(2999, 1, 1)}, "birth_date", "Date de naissance invalide"),
        ({"nationality": "FR"}, "identity_kind", "carte de séjour"),
    ],
)
def test_refused_applications_say_why_and_write_nothing(activities, applicant, officer_fes, overrides, field, message):
    activity = activities["SRV-001"]
    if overrides.pop("activity", None):
        activity.excluded = True
        activity.save()
    flags = {k: overrides.pop(k) for k in ("is_salaried", "pays_taxe_professionnelle") if k in overrides}
    events = AuditEvent.objects.count()
    with pytest.raises(BusinessError) as refused:
        application_create(
            actor=officer_fes, applicant=applicant(**overrides), activity=activity, channel=Channel.COUNTER, **flags
        )
    assert refused.value.field == field
    assert message in refused.value.message
    assert not Application.objects.exists()
    assert not Person.objects.exists()
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_a_second_open_file_for_the_same_cin_is_refused(submit):
    first = submit()
    with pytest.raises(Conflict) as refused:
        submit(cin="bk-123456")
    assert refused.value.field == "cin"
    assert first.reference in refused.value.message
    assert Application.objects.count() == 1


@pytest.mark.django_db
def test_approval_registers_with_a_gapless_checked_number(submit, officer_fes):
    numbers = []
    for cin in ("BK1001", "BK1002", "BK1003"):
        application = submit(cin=cin)
        application_transition(actor=officer_fes, application=application, name="start_review")
        application = application_transition(actor=officer_fes, application=application, name="approve")
        assert application.state == State.APPROVED
        assert application.decided_by == officer_fes
        numbers.append(application.registration.number)
    year = timezone.localdate().year
    assert [n[:11] for n in numbers] == [f"{year}-000001", f"{year}-000002", f"{year}-000003"]
    assert all(is_valid_registration_number(n) for n in numbers)
    registration = Registration.objects.get(number=numbers[0])
    assert registration.status == RegistrationStatus.ACTIVE
    assert registration.registered_on == timezone.localdate()


@pytest.mark.django_db
def test_rejection_contest_and_reasoned_answer(submit, officer_fes, applicant_user):
    application = submit(actor=applicant_user, channel=Channel.ONLINE)
    with pytest.raises(BusinessError, match="motif"):
        application_transition(actor=officer_fes, application=application, name="reject", reason="Pièces illisibles")
    application = application_transition(
        actor=officer_fes,
        application=application,
        name="reject",
        rejection_reason="documents",
        reason="La copie de la CIN est illisible.",
    )
    assert application.state == State.REJECTED
    assert application.contest_deadline == timezone.localdate() + timedelta(days=30)

    with pytest.raises(PermissionDenied, match="Seul le demandeur"):
        application_transition(actor=officer_fes, application=application, name="contest", reason="…")
    application = application_transition(
        actor=applicant_user, application=application, name="contest", reason="Voici une copie lisible."
    )
    assert application.state == State.CONTESTED
    application = application_transition(
        actor=officer_fes, application=application, name="uphold_contest", reason="Copie lisible reçue."
    )
    assert application.state == State.APPROVED
    assert application.registration.status == RegistrationStatus.ACTIVE
    assert [t.name for t in application.transitions.all()] == ["submit", "reject", "contest", "uphold_contest"]


@pytest.mark.django_db
def test_a_contest_after_the_delay_is_refused(submit, officer_fes, applicant_user):
    application = submit(actor=applicant_user, channel=Channel.ONLINE)
    application = application_transition(
        actor=officer_fes, application=application, name="reject", rejection_reason="identity", reason="CIN expirée."
    )
    Application.objects.filter(pk=application.pk).update(contest_deadline=timezone.localdate() - timedelta(days=1))
    with pytest.raises(BusinessError, match="délai de recours a expiré"):
        application_transition(actor=applicant_user, application=application, name="contest", reason="Trop tard ?")


@pytest.mark.django_db
def test_information_requested_then_completed(submit, officer_fes, applicant_user):
    application = submit(actor=applicant_user, channel=Channel.ONLINE)
    application = application_transition(
        actor=officer_fes, application=application, name="request_info", reason="Précisez votre adresse."
    )
    assert application.public_state_label == "Action requise : complétez votre demande"
    application = application_transition(actor=applicant_user, application=application, name="resubmit")
    assert application.state == State.SUBMITTED


@pytest.mark.django_db
def test_an_officer_cannot_decide_files_of_another_region(submit, officer_casa):
    application = submit()
    with pytest.raises(PermissionDenied, match="autre région"):
        application_transition(actor=officer_casa, application=application, name="approve")
    assert Application.objects.get(pk=application.pk).state == State.SUBMITTED


@pytest.mark.django_db
def test_an_officer_enters_files_of_his_region_only(activities, applicant, officer_casa):
    with pytest.raises(PermissionDenied, match="de votre région"):
        application_create(
            actor=officer_casa, applicant=applicant(), activity=activities["SRV-001"], channel=Channel.COUNTER
        )


@pytest.mark.django_db
def test_registered_people_cannot_apply_again_until_struck_off(submit, officer_fes, applicant_user):
    application = application_transition(actor=officer_fes, application=submit(), name="approve")
    with pytest.raises(BusinessError) as refused:
        submit()
    assert refused.value.field == "cin"
    assert application.registration.number in refused.value.message

    registration_strike_off(
        actor=officer_fes,
        registration=application.registration,
        reason=StrikeOffReason.VOLUNTARY,
        effective_date=timezone.localdate(),
    )
    assert submit().state == State.SUBMITTED


@pytest.mark.django_db
def test_striking_off_for_fraud_bars_a_new_file_for_five_years(submit, officer_fes):
    application = application_transition(actor=officer_fes, application=submit(), name="approve")
    registration_strike_off(
        actor=officer_fes,
        registration=application.registration,
        reason=StrikeOffReason.FRAUD,
        effective_date=timezone.localdate(),
    )
    with pytest.raises(BusinessError, match="pour fraude") as refused:
        submit()
    assert (refused.value.code, refused.value.field) == ("application.check_banned", "cin")


@pytest.mark.django_db
@pytest.mark.parametrize("other", [{"birth_date": date(1990, 5, 18)}, {"gender": "F"}])
def test_an_identity_known_with_another_birth_date_or_sex_is_refused(submit, officer_fes, other):
    known = submit()
    application_transition(
        actor=officer_fes, application=known, name="reject", rejection_reason="documents", reason="Illisible."
    )
    with pytest.raises(BusinessError, match="ne correspondent pas") as refused:
        submit(**other)
    assert (refused.value.code, refused.value.field) == ("person.identity_mismatch", "birth_date")
    person = Person.objects.get()
    assert (person.birth_date, person.gender, person.applications.count()) == (date(1990, 5, 17), "M", 1)


@pytest.mark.django_db
def test_strike_off_input_is_checked(submit, officer_fes, applicant_user):
    registration = application_transition(actor=officer_fes, application=submit(), name="approve").registration
    with pytest.raises(BusinessError, match="précéder"):
        registration_strike_off(
            actor=officer_fes,
            registration=registration,
            reason="voluntary",
            effective_date=registration.registered_on - timedelta(days=1),
        )
    with pytest.raises(BusinessError, match="Précisez"):
        registration_strike_off(
            actor=officer_fes, registration=registration, reason="other", effective_date=timezone.localdate()
        )
    with pytest.raises(BusinessError, match="motif de radiation"):
        registration_strike_off(
            actor=officer_fes, registration=registration, reason="bored", effective_date=timezone.localdate()
        )
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.ACTIVE


@pytest.mark.django_db
def test_likely_duplicates_across_spellings_are_flagged_then_merged(submit, officer_fes):
    known = submit(cin="A111111", first_name="Mohammed", last_name="Amrani", first_name_ar="", last_name_ar="")
    application_transition(actor=officer_fes, application=known, name="approve")
    # Same birth date, name written in Arabic only, another CIN.
    newcomer = submit(cin="Z999999", first_name="محمد", last_name="العمراني")
    suspicion = DuplicateSuspicion.objects.get(application=newcomer)
    assert suspicion.other == known.person
    assert next(c for c in newcomer.checks if c["code"] == "duplicate")["warning"] is True

    duplicate_decide(actor=officer_fes, suspicion=suspicion, merge=True, note="Même personne, ancienne CIN.")
    newcomer.refresh_from_db()
    assert newcomer.state == State.REJECTED
    assert newcomer.rejection_reason == "duplicate"
    assert Person.objects.get(cin="Z999999").merged_into == known.person
    with pytest.raises(Conflict):
        duplicate_decide(actor=officer_fes, suspicion=suspicion, merge=False)


@pytest.mark.django_db
def test_a_dismissed_suspicion_leaves_the_file_open(submit, officer_fes):
    submit(cin="A111111")
    newcomer = submit(cin="Z999999", first_name="Mohamad")
    suspicion = DuplicateSuspicion.objects.get(application=newcomer)
    duplicate_decide(actor=officer_fes, suspicion=suspicion, merge=False, note="Homonymes, vérifié au guichet.")
    assert DuplicateSuspicion.objects.get().status == DuplicateStatus.DISMISSED
    assert Application.objects.get(pk=newcomer.pk).state == State.SUBMITTED


@pytest.mark.django_db
def test_bulk_decisions_report_each_file(submit, officer_fes):
    files = [submit(cin=f"BK20{i}") for i in range(3)]
    application_transition(actor=officer_fes, application=files[1], name="approve")
    result = applications_bulk_transition(actor=officer_fes, applications=files, name="approve")
    assert result.done == [files[0].reference, files[2].reference]
    assert result.refused == [(files[1].reference, "Action « Accepter » impossible : la demande est « Acceptée ».")]


@pytest.mark.django_db
def test_after_a_request_for_information_the_applicant_corrects_his_data_and_resubmits(
    submit, officer_fes, applicant_user, applicant, activities, casa_province
):
    application = submit(actor=applicant_user, channel=Channel.ONLINE)
    application_transition(actor=officer_fes, application=application, name="request_info", reason="Adresse ?")
    application = application_complete(
        actor=applicant_user, application=application,
        applicant=applicant(first_name="Mohammed", address="12 rue Atlas, Fès", phone="0698765432"),
        activity=activities["COM-001"], works_from_home=True, message="Adresse ajoutée.",
    )  # fmt: skip
    application.refresh_from_db()
    person = application.person
    assert application.state == State.SUBMITTED
    assert (person.first_name, person.address, person.phone) == ("Mohammed", "12 rue Atlas, Fès", "+212698765432")
    assert application.activity.code == "COM-001" and application.works_from_home
    assert application.message == "Adresse ajoutée."
    assert list(application.transitions.values_list("name", flat=True)) == ["submit", "request_info", "resubmit"]
    event = AuditEvent.objects.for_target(person).get(event_type=AuditEventType.PERSON_UPDATED)
    assert (event.before["first_name"], event.after["first_name"]) == ("Mohamed", "Mohammed")
    assert AuditEvent.objects.for_target(application).filter(event_type=AuditEventType.APPLICATION_UPDATED).exists()


@pytest.mark.django_db
def test_a_refused_completion_keeps_nothing(submit, officer_fes, applicant_user, applicant, activities):
    application = submit(actor=applicant_user, channel=Channel.ONLINE)
    application_transition(actor=officer_fes, application=application, name="request_info", reason="Adresse ?")
    with pytest.raises(BusinessError, match="salarié") as refused:
        application_complete(
            actor=applicant_user, application=application, applicant=applicant(first_name="Mohammed"),
            activity=activities["SRV-001"], is_salaried=True,
        )  # fmt: skip
    assert refused.value.field == "is_salaried"
    with pytest.raises(BusinessError, match="pièce d'identité d'une demande ne se modifie pas"):
        application_complete(
            actor=applicant_user, application=application, applicant=applicant(cin="BK999999"),
            activity=activities["SRV-001"],
        )  # fmt: skip
    application.refresh_from_db()
    assert application.state == State.INFO_REQUESTED
    assert application.person.first_name == "Mohamed"
    assert not AuditEvent.objects.filter(event_type=AuditEventType.PERSON_UPDATED).exists()


@pytest.mark.django_db
def test_completion_only_when_asked_by_the_applicant_or_his_chamber(
    submit, officer_fes, officer_casa, applicant_user, applicant, activities
):
    application = submit(actor=applicant_user, channel=Channel.ONLINE)
    with pytest.raises(PermissionDenied, match="impossible"):
        application_complete(
            actor=applicant_user, application=application, applicant=applicant(), activity=activities["SRV-001"]
        )
    application_transition(actor=officer_fes, application=application, name="request_info", reason="Adresse ?")
    with pytest.raises(PermissionDenied, match="autre région"):
        application_complete(
            actor=officer_casa, application=application, applicant=applicant(), activity=activities["SRV-001"]
        )
    # At the counter, the chamber's officer may complete the file with the applicant.
    application = application_complete(
        actor=officer_fes, application=application, applicant=applicant(address="Fès"), activity=activities["SRV-001"]
    )
    assert application.state == State.SUBMITTED
