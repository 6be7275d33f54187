"""Writes on the register. Every channel (online, counter, import, API) goes through these functions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_noop

from moukawil.accounts.enums import Role
from moukawil.core import clock
from moukawil.core.audit import audit_log, snapshot, stored_actor
from moukawil.core.countries import COUNTRY_CODES
from moukawil.core.enums import AuditEventType
from moukawil.core.errors import BusinessError, Conflict
from moukawil.core.numbering import number_allocate, number_format
from moukawil.core.permissions import require

from . import admission, checks
from .duplicates import SUSPECTS_PER_APPLICATION, flag_duplicates, people_sharing_names
from .enums import Channel, DuplicateStatus, Gender, IdentityKind, RegistrationStatus, RejectionReason, StrikeOffReason
from .identity import name_key, normalise_identity, normalise_phone
from .models import Activity, Application, ApplicationTransition, DuplicateSuspicion, Person, Registration
from .numbers import APPLICATION_SERIES, REGISTRATION_SERIES, registration_number
from .permissions import can_act_on_application, can_create_application, can_decide_applications, can_strike_off
from .workflow import TRANSITIONS, WORKFLOW, State

# Delays chosen by the project (no published rule); candidates for dated parameters.
REVIEW_DELAY_DAYS = 15  # a chamber answers a submitted file within 15 days
CONTEST_DELAY_DAYS = 30  # a refused applicant may contest within 30 days

PERSON_FIELDS = ["identity_kind", "cin", "first_name", "last_name", "first_name_ar", "last_name_ar", "gender",
                 "birth_date", "nationality", "phone", "email", "address", "province"]  # fmt: skip
CONTACT_FIELDS = ["phone", "email", "address", "province", "first_name_ar", "last_name_ar"]


def today() -> date:
    return clock.today()


@dataclass
class ApplicantData:
    """What an applicant gives, from any channel, before validation."""

    cin: str
    first_name: str
    last_name: str
    gender: str
    birth_date: date
    province: Any  # territory.Province
    identity_kind: str = IdentityKind.CIN
    first_name_ar: str = ""
    last_name_ar: str = ""
    nationality: str = "MA"
    phone: str = ""
    email: str = ""
    address: str = ""

    FIELDS = ("cin", "identity_kind", "first_name", "last_name", "first_name_ar", "last_name_ar", "gender",
              "birth_date", "nationality", "phone", "email", "address")  # fmt: skip

    @classmethod
    def from_mapping(cls, data, *, province) -> ApplicantData:
        """From a form's cleaned data or an API payload (same field names) and the resolved province."""
        return cls(**{name: data[name] for name in cls.FIELDS}, province=province)


IDENTITY_KINDS, GENDERS = frozenset(IdentityKind.values), frozenset(Gender.values)
BAD_BIRTH_DATE = gettext_noop("Date de naissance invalide.")


# The most characters each text of an applicant may have (the register's columns; e-mail: RFC 5321).
TEXT_LENGTHS = {"cin": 20, "first_name": 100, "last_name": 100, "first_name_ar": 100, "last_name_ar": 100,
                "phone": 30, "email": 254, "address": 255}  # fmt: skip


def clean_applicant(data: ApplicantData, *, on: date | None = None) -> dict:
    """Validated, normalised person fields; raises BusinessError naming the first bad field (French message)."""
    on = on or today()
    if data.identity_kind not in IDENTITY_KINDS:
        raise BusinessError.of(
            "person.identity_kind", gettext_noop("Type de pièce d'identité inconnu."), field="identity_kind"
        )
    nationality = (data.nationality or "MA").strip().upper()
    if nationality not in COUNTRY_CODES:
        raise BusinessError.of(
            "person.nationality",
            gettext_noop("Nationalité inconnue « %(value)s » : code ISO du pays à deux lettres (ex. MA)."),
            field="nationality",
            value=data.nationality,
        )
    if nationality != "MA" and data.identity_kind != IdentityKind.RESIDENCE_CARD:
        raise BusinessError.of(
            "person.residence_card_required",
            gettext_noop("Un demandeur étranger s'identifie par sa carte de séjour."),
            field="identity_kind",
        )
    for name, most in TEXT_LENGTHS.items():
        value = getattr(data, name) or ""
        if "\x00" in value:  # PostgreSQL refuses it in text: refused here, on both databases, for every channel
            raise BusinessError.of("input.nul", gettext_noop("Caractère nul (U+0000) refusé."), field=name)
        if len(value.strip()) > most:
            raise BusinessError.of(
                "input.too_long", gettext_noop("Valeur trop longue : %(maximum)s caractères au plus."),
                field=name, maximum=most,
            )  # fmt: skip
    cin = normalise_identity(data.cin, data.identity_kind)
    for name in ("first_name", "last_name"):
        value = (getattr(data, name) or "").strip()
        if not value:
            missing = (
                gettext_noop("Le prénom est obligatoire.")
                if name == "first_name"
                else gettext_noop("Le nom est obligatoire.")
            )
            raise BusinessError.of("person.name_missing", missing, field=name)
        if len(value) > 100:
            raise BusinessError.of(
                "person.name_too_long", gettext_noop("Nom trop long (100 caractères au plus)."), field=name
            )
    if data.gender not in GENDERS:
        raise BusinessError.of("person.gender", gettext_noop("Sexe : F ou M."), field="gender")
    if not isinstance(data.birth_date, date):
        raise BusinessError.of("person.birth_date", BAD_BIRTH_DATE, field="birth_date")
    if data.birth_date > on or data.birth_date.year < 1900:
        raise BusinessError.of("person.birth_date", BAD_BIRTH_DATE, field="birth_date")
    if data.province is None:
        raise BusinessError.of(
            "person.province", gettext_noop("La préfecture ou province est obligatoire."), field="province"
        )
    email = (data.email or "").strip().lower()
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise BusinessError.of("person.email", gettext_noop("Adresse e-mail invalide."), field="email") from exc
    return {
        "identity_kind": data.identity_kind, "cin": cin, "first_name": data.first_name.strip(),
        "last_name": data.last_name.strip(), "first_name_ar": (data.first_name_ar or "").strip(),
        "last_name_ar": (data.last_name_ar or "").strip(), "gender": data.gender, "birth_date": data.birth_date,
        "nationality": nationality, "phone": normalise_phone(data.phone), "email": email,
        "address": (data.address or "").strip(), "province": data.province,
    }  # fmt: skip


def _run_checks(*, person: Person, application: Application, on: date) -> list[checks.CheckResult]:
    """Every check of an application, as kept with it: what the applicant declares, the register's state under his
    identity (admission.py, as for an import), likely duplicates (a warning)."""
    state = admission.person_state(person.identity_kind, person.cin)
    suspects = _duplicate_suspects(person)
    return [
        *checks.eligibility_checks(
            birth_date=person.birth_date, activity=application.activity, is_salaried=application.is_salaried,
            pays_taxe_professionnelle=application.pays_taxe_professionnelle, on=on,
        ),
        *admission.register_checks(state, on=on),
        checks.check_duplicates(suspects=[f"{p.cin} ({p.full_name})" for p in suspects]),
    ]  # fmt: skip


def _refuse_on_blocking(results: list[checks.CheckResult]) -> None:
    error = admission.refusal(results)
    if error:
        raise error


def _duplicate_suspects(person: Person) -> list[Person]:
    probes = [(str(person.birth_date), k, person.pk or 0) for k in {person.name_key, person.name_key_ar} - {""}]
    ids = sorted({other for _probe, other in people_sharing_names(probes)})[:SUSPECTS_PER_APPLICATION]
    return list(Person.objects.filter(pk__in=ids).order_by("pk"))


def _log_transition(application: Application, *, name: str, from_state: str, actor, reason: str = "") -> None:
    ApplicationTransition.objects.create(
        application=application,
        name=name,
        from_state=from_state,
        to_state=application.state,
        actor=stored_actor(actor),
        reason=reason,
    )
    audit_log(
        actor=actor,
        event_type=AuditEventType.APPLICATION_TRANSITION,
        target=application,
        region=application.region,
        before={"state": from_state},
        after={"state": application.state},
        extra={"transition": name, "reason": reason},
    )


def _person_upsert(*, actor, fields: dict, user=None) -> Person:
    """The person known under the identity (locked), its contact details updated, or a new one. Refused when the
    register refuses the identity (admission.identity_refusal: another birth date or sex, a file still open)."""
    person = Person.objects.select_for_update().filter(identity_kind=fields["identity_kind"], cin=fields["cin"]).first()
    keys = {
        "name_key": name_key(fields["first_name"], fields["last_name"]),
        "name_key_ar": name_key(fields["first_name_ar"], fields["last_name_ar"]),
    }
    if person is None:
        person = Person(**fields, **keys, user=user)
        person.save()
        audit_log(
            actor=actor,
            event_type=AuditEventType.PERSON_CREATED,
            target=person,
            region=person.province.region,
            after=snapshot(person, PERSON_FIELDS),
        )
        return person
    if person.user_id and user is not None and person.user_id != user.pk:
        raise Conflict(
            "person.other_account",
            "Cette pièce d'identité est liée à un autre compte. Contactez votre chambre.",
            field="cin",
        )
    # Identity (names, birth date, sex) stays as registered; contact details follow the latest application.
    state = admission.person_state(person.identity_kind, person.cin)
    refused = admission.identity_refusal(
        state, cin=person.cin, birth_date=fields["birth_date"], gender=fields["gender"]
    )
    if refused:
        raise refused
    before = snapshot(person, CONTACT_FIELDS)
    for name in CONTACT_FIELDS:
        if fields[name] or name == "province":
            setattr(person, name, fields[name])
    if user is not None and person.user_id is None:
        person.user = user
    if snapshot(person, CONTACT_FIELDS) != before or user is not None:
        person.save()
        audit_log(
            actor=actor,
            event_type=AuditEventType.PERSON_UPDATED,
            target=person,
            region=person.province.region,
            before=before,
            after=snapshot(person, CONTACT_FIELDS),
        )
    return person


def application_create(
    *,
    actor,
    applicant: ApplicantData,
    activity: Activity,
    channel: str,
    province=None,
    is_salaried: bool = False,
    pays_taxe_professionnelle: bool = False,
    works_from_home: bool = False,
    submit: bool = True,
    import_key: str = "",
    stop=None,
) -> Application:
    """Create (and by default submit) an application. ``province`` is where the activity is run (defaults to the
    applicant's); its region decides the instructing chamber. Refused at once, writing nothing, when a blocking
    check fails or the person already has an open file."""
    if channel not in Channel.values:
        raise BusinessError("application.channel", "Canal inconnu.", field="channel")
    province = province or applicant.province
    require(can_create_application(actor, channel=channel, region=province.region if province else None))
    if activity is None or not activity.is_active:
        raise BusinessError("application.activity", "Choisissez une activité de la liste.", field="activity")
    if stop is not None:  # filed at a caravan stop: one of the officer's region, scheduled or held
        from moukawil.caravans.services import stop_check_for_filing

        stop_check_for_filing(stop, actor)
    on = today()
    fields = clean_applicant(applicant, on=on)
    if submit:
        # What the applicant declares is judged before the register, as in a bulk import (admission.py).
        _refuse_on_blocking(
            checks.eligibility_checks(
                birth_date=fields["birth_date"], activity=activity, is_salaried=is_salaried,
                pays_taxe_professionnelle=pays_taxe_professionnelle, on=on,
            )
        )  # fmt: skip
    owner = actor if actor is not None and actor.role == Role.ENTREPRENEUR else None
    entered_by = stored_actor(actor)
    try:
        with transaction.atomic():
            person = _person_upsert(actor=actor, fields=fields, user=owner)
            year = on.year
            application = Application(
                reference=number_format(
                    series=APPLICATION_SERIES, year=year, value=number_allocate(series=APPLICATION_SERIES, year=year)
                ),
                person=person, activity=activity, province=province, region=province.region, channel=channel,
                is_salaried=is_salaried, pays_taxe_professionnelle=pays_taxe_professionnelle,
                works_from_home=works_from_home, import_key=import_key, created_by=entered_by, stop=stop,
            )  # fmt: skip
            results = _run_checks(person=person, application=application, on=on)
            application.checks = [r.as_dict() for r in results]
            if submit:
                _refuse_on_blocking(results)
                application.state = State.SUBMITTED
                application.submitted_at = clock.now()
                application.due_at = application.submitted_at + timedelta(days=REVIEW_DELAY_DAYS)
            application.save()
            audit_log(
                actor=actor, event_type=AuditEventType.APPLICATION_CREATED, target=application,
                region=application.region,
                after={"reference": application.reference, "channel": channel, "state": application.state,
                       "activity": activity.code, "person": person.pk},
            )  # fmt: skip
            if submit:
                _log_transition(application, name="submit", from_state=State.DRAFT, actor=actor)
            _flag_duplicates(actor=actor, application=application)
    except IntegrityError as exc:
        # Two concurrent applications for the same identity: the database's unique constraints decide.
        raise Conflict(
            "application.already_open",
            f"Une demande est déjà en cours pour la pièce {fields['cin']}.",
            field="cin",
        ) from exc
    return application


def _flag_duplicates(*, actor, application: Application) -> None:
    person = application.person
    flag_duplicates(
        [(application.pk, person.pk, application.region_id, person.birth_date, person.name_key, person.name_key_ar)],
        actor=actor,
        now=clock.now(),
    )


def application_transition(
    *, actor, application: Application, name: str, reason: str = "", rejection_reason: str = ""
) -> Application:
    """Fire one workflow transition on ``application`` (see workflow.TRANSITIONS). Atomic, audited, logged."""
    transition = WORKFLOW.get(name)
    reason = (reason or "").strip()
    with transaction.atomic():
        # Lock the file: two officers deciding at once are serialised, the second sees the first's decision.
        application = (
            Application.objects.select_for_update()
            .select_related("person", "activity", "region")
            .get(pk=application.pk)
        )
        require(can_act_on_application(actor, application, transition))
        if transition.needs_reason and not reason:
            raise BusinessError(
                "application.reason_required",
                "Indiquez un motif ou un message (il sera communiqué au demandeur).",
                field="reason",
            )
        on = today()
        from_state = application.state
        if name in ("submit", "resubmit"):
            results = _run_checks(person=application.person, application=application, on=on)
            application.checks = [r.as_dict() for r in results]
            _refuse_on_blocking(results)
            application.submitted_at = clock.now()
            application.due_at = application.submitted_at + timedelta(days=REVIEW_DELAY_DAYS)
        elif name in ("approve", "uphold_contest"):
            results = _run_checks(person=application.person, application=application, on=on)
            application.checks = [r.as_dict() for r in results]
            _refuse_on_blocking(results)
            _register(actor=actor, application=application, on=on)
            application.decided_at, application.decided_by = clock.now(), actor
            application.rejection_reason = ""
        elif name == "reject":
            if rejection_reason not in RejectionReason.values:
                raise BusinessError(
                    "application.rejection_reason",
                    "Choisissez le motif du refus dans la liste.",
                    field="rejection_reason",
                )
            application.rejection_reason = rejection_reason
            application.decided_at, application.decided_by = clock.now(), actor
            application.contest_deadline = on + timedelta(days=CONTEST_DELAY_DAYS)
        elif name == "contest":
            if application.contest_deadline and on > application.contest_deadline:
                raise BusinessError(
                    "application.contest_late",
                    f"Le délai de recours a expiré le {application.contest_deadline:%d/%m/%Y}.",
                )
        elif name == "dismiss_contest":
            application.decided_at, application.decided_by = clock.now(), actor
            application.contest_deadline = None  # a recourse answered is final here
        if reason:
            application.message = reason
        application.state = transition.target
        application.save()
        _log_transition(application, name=name, from_state=from_state, actor=actor, reason=reason)
    return application


APPLICATION_FIELDS = ["activity", "province", "region", "is_salaried", "pays_taxe_professionnelle", "works_from_home"]


def application_complete(
    *,
    actor,
    application: Application,
    applicant: ApplicantData,
    activity: Activity,
    province=None,
    is_salaried: bool = False,
    pays_taxe_professionnelle: bool = False,
    works_from_home: bool = False,
    message: str = "",
) -> Application:
    """The applicant corrects his file after a request for information, and resubmits it — in one transaction:
    when a check fails or the data is refused, nothing of the correction is kept. The identity document stays the
    file's own (a different CIN is a different person: a new application). Audited before/after."""
    resubmit = TRANSITIONS["resubmit"]
    with transaction.atomic():
        application = Application.objects.select_for_update().select_related("person", "region").get(pk=application.pk)
        require(can_act_on_application(actor, application, resubmit))
        person = application.person
        if activity is None or not activity.is_active:
            raise BusinessError("application.activity", "Choisissez une activité de la liste.", field="activity")
        fields = clean_applicant(applicant, on=today())
        if (fields["identity_kind"], fields["cin"]) != (person.identity_kind, person.cin):
            raise BusinessError(
                "application.identity_fixed",
                "La pièce d'identité d'une demande ne se modifie pas : déposez une nouvelle demande.",
                field="cin",
            )
        before = snapshot(person, PERSON_FIELDS)
        for name in PERSON_FIELDS:
            setattr(person, name, fields[name])
        person.name_key = name_key(fields["first_name"], fields["last_name"])
        person.name_key_ar = name_key(fields["first_name_ar"], fields["last_name_ar"])
        person.save()
        audit_log(
            actor=actor, event_type=AuditEventType.PERSON_UPDATED, target=person, region=application.region,
            before=before, after=snapshot(person, PERSON_FIELDS), extra={"application": application.reference},
        )  # fmt: skip
        before = snapshot(application, APPLICATION_FIELDS)
        application.activity = activity
        application.province = province or fields["province"]  # where the activity is run (as at creation)
        application.region = application.province.region
        application.is_salaried, application.pays_taxe_professionnelle = is_salaried, pays_taxe_professionnelle
        application.works_from_home = works_from_home
        application.save()
        audit_log(
            actor=actor, event_type=AuditEventType.APPLICATION_UPDATED, target=application, region=application.region,
            before=before, after=snapshot(application, APPLICATION_FIELDS),
        )  # fmt: skip
        application = application_transition(actor=actor, application=application, name="resubmit", reason=message)
        _flag_duplicates(actor=actor, application=application)
    return application


def _register(*, actor, application: Application, on: date) -> Registration:
    sequence = number_allocate(series=REGISTRATION_SERIES, year=on.year)
    registration = Registration.objects.create(
        number=registration_number(on.year, sequence),
        year=on.year,
        sequence=sequence,
        person=application.person,
        application=application,
        activity=application.activity,
        region=application.region,
        registered_on=on,
    )
    audit_log(
        actor=actor,
        event_type=AuditEventType.REGISTRATION_CREATED,
        target=registration,
        region=registration.region,
        after={"number": registration.number, "person": application.person_id, "registered_on": on},
    )
    return registration


@dataclass
class BulkResult:
    done: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (reference, reason)


def applications_bulk_transition(
    *, actor, applications, name: str, reason: str = "", rejection_reason: str = ""
) -> BulkResult:
    """Fire the same transition on several files; each file succeeds or fails on its own, with its reason. A user
    who may not decide any file (a viewer, an entrepreneur) is refused as a whole, before any file is read."""
    require(can_decide_applications(actor))
    result = BulkResult()
    for application in applications:
        try:
            application_transition(
                actor=actor, application=application, name=name, reason=reason, rejection_reason=rejection_reason
            )
        except (BusinessError, PermissionDenied) as exc:
            result.refused.append((application.reference, getattr(exc, "message", None) or str(exc)))
        else:
            result.done.append(application.reference)
    return result


def registration_strike_off(
    *, actor, registration: Registration, reason: str, effective_date: date, note: str = ""
) -> Registration:
    if reason not in StrikeOffReason.values:
        raise BusinessError("registration.strike_off_reason", "Choisissez le motif de radiation.", field="reason")
    with transaction.atomic():
        registration = Registration.objects.select_for_update().select_related("person").get(pk=registration.pk)
        require(can_strike_off(actor, registration, reason=reason))
        if registration.status != RegistrationStatus.ACTIVE:
            raise Conflict("registration.already_struck_off", f"L'inscription {registration.number} est déjà radiée.")
        if effective_date < registration.registered_on:
            raise BusinessError(
                "registration.strike_off_date",
                "La radiation ne peut pas précéder l'inscription.",
                field="effective_date",
            )
        if effective_date > today() + timedelta(days=366):
            raise BusinessError(
                "registration.strike_off_date",
                "Date de radiation trop lointaine (un an au plus).",
                field="effective_date",
            )
        if reason == StrikeOffReason.OTHER and not note.strip():
            raise BusinessError("registration.strike_off_note", "Précisez le motif de la radiation.", field="note")
        registration.status = RegistrationStatus.STRUCK_OFF
        registration.struck_off_on = effective_date
        registration.strike_off_reason = reason
        registration.strike_off_note = note.strip()
        registration.save()
        audit_log(
            actor=actor,
            event_type=AuditEventType.REGISTRATION_STRUCK_OFF,
            target=registration,
            region=registration.region,
            before={"status": RegistrationStatus.ACTIVE},
            after={"status": registration.status, "struck_off_on": effective_date, "reason": reason},
        )
    return registration


def duplicate_decide(*, actor, suspicion: DuplicateSuspicion, merge: bool, note: str = "") -> DuplicateSuspicion:
    """Merge (the new file's person is the known one: the open file is refused as a duplicate) or dismiss."""
    from .permissions import can_review_duplicates

    with transaction.atomic():
        suspicion = (
            DuplicateSuspicion.objects.select_for_update().select_related("application", "person").get(pk=suspicion.pk)
        )
        require(can_review_duplicates(actor, suspicion))
        if suspicion.status != DuplicateStatus.OPEN:
            raise Conflict("duplicate.decided", "Ce doublon présumé a déjà été examiné.")
        suspicion.status = DuplicateStatus.MERGED if merge else DuplicateStatus.DISMISSED
        suspicion.note, suspicion.decided_by, suspicion.decided_at = note.strip(), actor, clock.now()
        suspicion.save()
        if merge:
            Person.objects.filter(pk=suspicion.person_id).update(merged_into=suspicion.other_id)
        audit_log(
            actor=actor,
            event_type=AuditEventType.DUPLICATE_DECIDED,
            target=suspicion,
            region=suspicion.region,
            after={"status": suspicion.status, "note": suspicion.note},
        )
    if merge and suspicion.application.state in (State.SUBMITTED, State.UNDER_REVIEW):
        application_transition(
            actor=actor,
            application=suspicion.application,
            name="reject",
            rejection_reason=RejectionReason.DUPLICATE,
            reason=note or "Même personne qu'un dossier existant sous une autre pièce d'identité.",
        )
    return suspicion


# --- Rectification of a person's data (loi 09-08: the holder's right; privacy.services decides the request) ---------

# The fields a holder may ask to correct; the CIN is not among them (a new piece of identity is a new file at the
# chamber, with the piece itself).
RECTIFIABLE_FIELDS = ["first_name", "last_name", "first_name_ar", "last_name_ar", "birth_date", "gender", "phone",
                      "email", "address"]  # fmt: skip


def person_rectify(*, actor, person: Person, field: str, value: str, reason: str = "") -> Person:
    """Apply an accepted rectification: ``field`` of ``person`` set to ``value`` (text, as typed), validated exactly as
    at the counter (``clean_applicant``), name keys computed again, audited with before and after. Only an officer
    of the person's region (or national) may."""
    from moukawil.core import policy
    from moukawil.core.tabular import parse_date

    require(policy.decide(actor, policy.RECTIFICATION_DECIDE, policy.Subject(region_id=person.province.region_id)))
    if field not in RECTIFIABLE_FIELDS:
        raise BusinessError.of(
            "person.field_not_rectifiable", gettext_noop("Ce champ ne peut pas être rectifié : « %(value)s »."),
            field="field", value=field,
        )  # fmt: skip
    data = {name: getattr(person, name) for name in ApplicantData.FIELDS}
    text = (value or "").strip()
    if field == "birth_date":
        data[field] = parse_date(text) or text  # not a date: clean_applicant refuses it naming the field
    elif field == "gender":
        data[field] = text.upper()[:1]
    else:
        data[field] = text
    with transaction.atomic():
        person = Person.objects.select_for_update().select_related("province__region").get(pk=person.pk)
        fields = clean_applicant(ApplicantData(**data, province=person.province), on=today())
        before = snapshot(person, [field])
        setattr(person, field, fields[field])
        person.name_key = name_key(person.first_name, person.last_name)
        person.name_key_ar = name_key(person.first_name_ar, person.last_name_ar)
        person.save()
        audit_log(
            actor=actor, event_type=AuditEventType.PERSON_RECTIFIED, target=person,
            region=person.province.region, before=before, after=snapshot(person, [field]), extra={"reason": reason},
        )  # fmt: skip
    return person
