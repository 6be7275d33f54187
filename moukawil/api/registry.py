"""The national register of auto-entrepreneurs: activities, applications, decisions, registrations."""

from datetime import date, datetime

from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from moukawil.accounts.enums import Role
from moukawil.caravans.services import stop_for_filing
from moukawil.certificates import signing
from moukawil.core import inputs
from moukawil.core.errors import BusinessError
from moukawil.core.permissions import require
from moukawil.core.privacy import masked
from moukawil.core.replica import reading_replica
from moukawil.core.throttling import VerificationThrottle
from moukawil.registry import selectors
from moukawil.registry.documents import public_status, revocation_list
from moukawil.registry.enums import Category, Channel, RejectionReason, StrikeOffReason
from moukawil.registry.imports import import_job_create, import_job_start
from moukawil.registry.models import Activity, Application, ImportJob, Registration
from moukawil.registry.permissions import can_list_register_files, can_review_duplicates, can_view_register
from moukawil.registry.services import (
    ApplicantData,
    application_complete,
    application_create,
    application_transition,
    applications_bulk_transition,
    duplicate_decide,
    registration_strike_off,
)
from moukawil.registry.workflow import PUBLIC_LABELS, TRANSITIONS, State
from moukawil.territory.models import Province

from .pagination import Pagination, Rows, written_as_json
from .schemas import RowSchema, YearInt

router = Router(tags=["registre des auto-entrepreneurs"])


class ActivityOut(Schema):
    code: str
    name_fr: str
    name_ar: str
    category: Category
    excluded: bool
    needs_review: bool


class PersonOut(RowSchema):
    cin: str = Field(description="En clair pour les agents et le titulaire ; masquée pour les autres rôles (BK••••56)")
    first_name: str
    last_name: str
    first_name_ar: str
    last_name_ar: str
    gender: str
    birth_date: date | None = Field(description="null quand elle est masquée pour votre rôle (voir birth_year)")
    birth_year: int

    @staticmethod
    def resolve_cin(obj, context) -> str:
        return masked(_reader(context), "cin", obj.cin, owner_id=obj.user_id)

    @staticmethod
    def resolve_birth_date(obj, context) -> date | None:
        return _shown_birth_date(_reader(context), obj.birth_date, obj.user_id)

    @staticmethod
    def resolve_birth_year(obj) -> int:
        return obj.birth_date.year


def _shown_birth_date(reader, birth_date: date, owner_id: int | None) -> date | None:
    """The birth date in clear, or None where ``reader``'s role sees it masked (``birth_year`` still gives the year)."""
    shown = masked(reader, "birth_date", birth_date, owner_id=owner_id)
    return shown if isinstance(shown, date) else None


def _reader(context):
    """The user a response is serialised for (an anonymous reader when there is no request: nothing in clear)."""
    from django.contrib.auth.models import AnonymousUser

    request = (context or {}).get("request")
    return getattr(request, "user", None) or AnonymousUser()


class CheckOut(RowSchema):
    code: str
    passed: bool
    reason: str
    blocking: bool
    warning: bool


class ApplicationOut(RowSchema):
    reference: str
    state: State
    state_label: str = Field(..., alias="get_state_display")
    public_state_label: str
    channel: Channel
    person: PersonOut
    activity_code: str = Field(..., alias="activity.code")
    region_code: str = Field(..., alias="region.code")
    checks: list[CheckOut]
    submitted_at: datetime | None
    due_at: datetime | None
    decided_at: datetime | None
    rejection_reason: str
    message: str
    contest_deadline: date | None
    registration_number: str | None = None

    @staticmethod
    def resolve_registration_number(obj):
        registration = getattr(obj, "registration", None) if obj.state == State.APPROVED else None
        return registration.number if registration else None


PERSON_FIELDS = ("cin", "first_name", "last_name", "first_name_ar", "last_name_ar", "gender", "birth_date", "user_id")
APPLICATION_FIELDS = (
    "reference", "state", "channel", "activity__code", "region__code", "checks", "submitted_at", "due_at",
    "decided_at", "rejection_reason", "message", "contest_deadline", "registration__number",
    *(f"person__{name}" for name in PERSON_FIELDS),
)  # fmt: skip
REGISTRATION_FIELDS = (
    "number", "status", "registered_on", "struck_off_on", "strike_off_reason", "activity__code", "region__code",
    *(f"person__{name}" for name in PERSON_FIELDS),
)  # fmt: skip


def _person(values: dict, reader) -> dict:
    """The person of a row as ``reader`` may see it: CIN and birth date masked for the roles that do not need them
    (core.privacy), as ``PersonOut``'s resolvers do for a model instance."""
    person = {name: values[f"person__{name}"] for name in PERSON_FIELDS}
    owner_id, birth_date = person.pop("user_id"), person["birth_date"]
    person["cin"] = masked(reader, "cin", person["cin"], owner_id=owner_id)
    person["birth_date"] = _shown_birth_date(reader, birth_date, owner_id)
    person["birth_year"] = birth_date.year
    return person


CHECK_FIELDS = ("code", "passed", "reason", "blocking", "warning")  # CheckOut's; a stored check holds more


def application_rows(page, reader) -> list[dict]:
    """A page of applications (a sliced queryset) read as values, as ``ApplicationOut`` writes them — its field
    names, in its order — for ``written_as_json``: no model instance, labels translated once per page
    (tests/api/test_list_rows.py holds them to the schema)."""
    labels = {value: str(label) for value, label in State.choices}
    public = {state: str(label) for state, label in PUBLIC_LABELS.items()}
    rows = []
    for v in page.values(*APPLICATION_FIELDS):
        state = v["state"]
        rows.append({
            "reference": v["reference"], "state": state, "state_label": labels.get(state, state),
            "public_state_label": public[State(state)], "channel": v["channel"], "person": _person(v, reader),
            "activity_code": v["activity__code"], "region_code": v["region__code"],
            "checks": [{name: check[name] for name in CHECK_FIELDS} for check in v["checks"]],
            "submitted_at": v["submitted_at"], "due_at": v["due_at"], "decided_at": v["decided_at"],
            "rejection_reason": v["rejection_reason"], "message": v["message"],
            "contest_deadline": v["contest_deadline"],
            "registration_number": v["registration__number"] if state == State.APPROVED else None,
        })  # fmt: skip
    return rows


def registration_rows(page, reader) -> list[dict]:
    """A page of registrations as ``RegistrationOut`` writes them (see ``application_rows``)."""
    return [
        {"number": v["number"], "status": v["status"], "registered_on": v["registered_on"],
         "struck_off_on": v["struck_off_on"], "strike_off_reason": v["strike_off_reason"], "person": _person(v, reader),
         "activity_code": v["activity__code"], "region_code": v["region__code"]}
        for v in page.values(*REGISTRATION_FIELDS)
    ]  # fmt: skip


class ApplicantIn(Schema):
    cin: str = Field(description="CIN (ex. BK123456) ou numéro de carte de séjour", max_length=100)
    identity_kind: str = Field("cin", max_length=100)
    first_name: str = Field(max_length=100)
    last_name: str = Field(max_length=100)
    first_name_ar: str = Field("", max_length=100)
    last_name_ar: str = Field("", max_length=100)
    gender: str = Field(description="F ou M", max_length=100)
    birth_date: date
    nationality: str = Field(
        "MA", description="Code ISO du pays (ex. MA, FR, SN) : la liste du formulaire web", max_length=100
    )
    phone: str = Field("", max_length=100)
    email: str = Field("", max_length=254)
    address: str = Field("", max_length=255)
    province_code: str = Field(description="Préfecture ou province de résidence, code ISO (ex. MA-FES)", max_length=100)
    activity_code: str = Field(description="Code de l'activité (GET /activities)", max_length=100)
    activity_province_code: str | None = Field(None, description="Lieu d'activité, si différent", max_length=100)
    works_from_home: bool = False
    is_salaried: bool = False
    pays_taxe_professionnelle: bool = False


class ApplicationIn(ApplicantIn):
    stop: int | None = Field(
        None, ge=1, le=2**31 - 1,
        description="Escale de caravane où la demande est déposée (agents ; une escale prévue ou en cours de leur "
        "région, GET /caravans/campaigns)",
    )  # fmt: skip


class CompletionIn(ApplicantIn):
    message: str = Field("", description="Réponse du demandeur à la demande de complément", max_length=2000)


class TransitionIn(Schema):
    name: str = Field(description=", ".join(TRANSITIONS), max_length=40)
    reason: str = Field("", max_length=2000)
    rejection_reason: RejectionReason | None = None


class BulkTransitionIn(TransitionIn):
    references: list[str] = Field(min_length=1, max_length=500)


class BulkRefusal(Schema):
    reference: str
    reason: str


class BulkOut(Schema):
    done: list[str]
    refused: list[BulkRefusal]


class RegistrationOut(RowSchema):
    number: str
    status: str
    registered_on: date
    struck_off_on: date | None
    strike_off_reason: str
    person: PersonOut
    activity_code: str = Field(..., alias="activity.code")
    region_code: str = Field(..., alias="region.code")


class StrikeOffIn(Schema):
    reason: StrikeOffReason
    effective_date: date
    note: str = Field("", max_length=2000)


class DuplicateOut(Schema):
    id: int
    status: str
    application_reference: str = Field(..., alias="application.reference")
    person: PersonOut
    other: PersonOut


class DuplicateDecisionIn(Schema):
    merge: bool
    note: str = Field("", max_length=2000)


class ApplicationFilters(Schema):
    state: State | None = None
    q: str | None = Field(None, description="CIN, référence, nom (toutes graphies)", max_length=100)
    region: str | None = Field(None, max_length=100)
    channel: Channel | None = None
    overdue: bool = False


def _province(code: str, field: str) -> Province:
    province = Province.objects.select_related("region").filter(code=(code or "").strip().upper()).first()
    if province is None:
        raise BusinessError("province.unknown", f"Préfecture ou province inconnue : « {code} ».", field=field)
    return province


def _application(request, reference: str) -> Application:
    return get_object_or_404(
        Application.objects.visible_to(request.user).select_related("person", "activity", "region", "registration"),
        reference=reference.upper(),
    )


@router.get("/activities", response=list[ActivityOut], auth=None, summary="Activités ouvertes au statut")
def list_activities(request, category: Category | None = None):
    activities = Activity.objects.filter(is_active=True)
    return activities.filter(category=category) if category else activities


@router.get("/applications", response=list[ApplicationOut], summary="Demandes d'inscription (votre périmètre)")
@written_as_json
@paginate(Pagination)
def list_applications(request, filters: Query[ApplicationFilters]):
    require(can_list_register_files(request.user))
    applications = selectors.application_list(
        user=request.user,
        state=filters.state,
        q=filters.q,
        region_code=filters.region,
        channel=filters.channel,
        overdue=filters.overdue,
    )
    return Rows(applications, lambda page: application_rows(page, request.user))


# Declared before /applications/{reference}: Django matches URL patterns in order.
@router.post("/applications/bulk-transitions", response=BulkOut, summary="Décisions groupées")
def bulk_transition(request, payload: BulkTransitionIn):
    require(can_view_register(request.user))
    applications = list(
        Application.objects.visible_to(request.user).filter(reference__in=[r.upper() for r in payload.references])
    )
    found = {a.reference for a in applications}
    result = applications_bulk_transition(
        actor=request.user,
        applications=applications,
        name=payload.name,
        reason=payload.reason,
        rejection_reason=payload.rejection_reason or "",
    )
    missing = [(r, "Demande introuvable dans votre périmètre.") for r in payload.references if r.upper() not in found]
    return {"done": result.done, "refused": [{"reference": r, "reason": why} for r, why in result.refused + missing]}


@router.get("/applications/{reference}", response=ApplicationOut, summary="Une demande")
def get_application(request, reference: str):
    return _application(request, reference)


@router.post("/applications", response={201: ApplicationOut}, summary="Déposer une demande d'inscription")
def create_application(request, payload: ApplicationIn):
    """An entrepreneur files his own application (channel "online"); an officer or a partner system files one
    for a person (channel "api"). Refused with the failing check's reason when the person is not eligible."""
    activity = _activity(payload.activity_code)
    province = _province(payload.province_code, "province_code")
    activity_province = (
        _province(payload.activity_province_code, "activity_province_code") if payload.activity_province_code else None
    )
    applicant = ApplicantData.from_mapping(payload.dict(), province=province)
    channel = Channel.ONLINE if request.user.role == Role.ENTREPRENEUR else Channel.API
    application = application_create(
        actor=request.user, applicant=applicant, activity=activity, channel=channel, province=activity_province,
        is_salaried=payload.is_salaried, pays_taxe_professionnelle=payload.pays_taxe_professionnelle,
        works_from_home=payload.works_from_home, stop=stop_for_filing(payload.stop, request.user),
    )  # fmt: skip
    # The file as filed, its person, activity and region already in hand: not read again (a query and its
    # compilation of every filing); tests/api/test_registry_api.py holds the answer equal to GET's.
    return Status(201, application)


def _activity(code: str) -> Activity:
    # By its code: one query. By its name (French or Arabic, folded): the whole index, built for that request only.
    activity = (
        Activity.objects.filter(is_active=True, code=(code or "").strip().upper())
        .select_related("excluded_profession")
        .first()
    ) or selectors.ActivityIndex().find(code)
    if activity is None:
        raise BusinessError("activity.unknown", f"Activité inconnue : « {code} ».", field="activity_code")
    return activity


@router.post(
    "/applications/{reference}/completion", response=ApplicationOut, summary="Compléter et renvoyer sa demande"
)
def complete_application(request, reference: str, payload: CompletionIn):
    """After a request for information, the applicant sends his corrected data (same fields as the application,
    the identity document unchanged) and his answer; the file goes back to the chamber. Nothing is kept when a
    check fails."""
    province = _province(payload.province_code, "province_code")
    activity_province = (
        _province(payload.activity_province_code, "activity_province_code") if payload.activity_province_code else None
    )
    application = application_complete(
        actor=request.user, application=_application(request, reference),
        applicant=ApplicantData.from_mapping(payload.dict(), province=province),
        activity=_activity(payload.activity_code), province=activity_province, is_salaried=payload.is_salaried,
        pays_taxe_professionnelle=payload.pays_taxe_professionnelle, works_from_home=payload.works_from_home,
        message=payload.message,
    )  # fmt: skip
    return _application(request, application.reference)


@router.post("/applications/{reference}/transitions", response=ApplicationOut, summary="Faire avancer une demande")
def transition_application(request, reference: str, payload: TransitionIn):
    application = application_transition(
        actor=request.user,
        application=_application(request, reference),
        name=payload.name,
        reason=payload.reason,
        rejection_reason=payload.rejection_reason or "",
    )
    return _application(request, application.reference)


@router.get("/registrations", response=list[RegistrationOut], summary="Inscriptions au registre (votre périmètre)")
@written_as_json
@paginate(Pagination)
def list_registrations(request, q: str | None = None, status: str | None = None, region: str | None = None):
    require(can_list_register_files(request.user))
    return Rows(
        selectors.registration_list(user=request.user, q=q, status=status, region_code=region),
        lambda page: registration_rows(page, request.user),
    )


@router.get("/registrations/{number}", response=RegistrationOut, summary="Une inscription")
def get_registration(request, number: str):
    return get_object_or_404(Registration.objects.visible_to(request.user).select_related("person"), number=number)


@router.post("/registrations/{number}/strike-off", response=RegistrationOut, summary="Radier une inscription")
def strike_off(request, number: str, payload: StrikeOffIn):
    registration = get_object_or_404(Registration.objects.visible_to(request.user), number=number)
    return registration_strike_off(
        actor=request.user,
        registration=registration,
        reason=payload.reason,
        effective_date=payload.effective_date,
        note=payload.note,
    )


@router.get("/duplicates", response=list[DuplicateOut], summary="Doublons présumés à examiner")
@paginate(Pagination)
def list_duplicates(request):
    require(can_view_register(request.user))
    return selectors.duplicate_list(user=request.user)


@router.post("/duplicates/{suspicion_id}/decision", response=DuplicateOut, summary="Fusionner ou écarter")
def decide_duplicate(request, suspicion_id: int, payload: DuplicateDecisionIn):
    suspicion = get_object_or_404(selectors.duplicate_list(user=request.user, status=None), pk=suspicion_id)
    require(can_review_duplicates(request.user, suspicion))
    return duplicate_decide(actor=request.user, suspicion=suspicion, merge=payload.merge, note=payload.note)


class PublicStatusOut(Schema):
    number: str
    status: str = Field(description="valid, struck_off, unknown ou malformed")
    name: str
    name_ar: str
    activity: str
    activity_ar: str
    registered_on: date | None
    struck_off_on: date | None


class RevokedOut(Schema):
    n: str = Field(description="Numéro radié")
    d: date = Field(description="Date d'effet de la radiation")


class RevocationListOut(Schema):
    generated_at: str
    revoked: list[RevokedOut]
    signature: str = Field(description="Ed25519 (base64url) du JSON canonique {generated_at, revoked}")


@router.get("/verification/public-key", auth=None, summary="Clé publique de signature (PEM)")
def verification_public_key(request):
    return {"algorithm": "Ed25519", "pem": signing.public_key_pem()}


@router.get("/verification/revocations", response=RevocationListOut, auth=None, summary="Numéros radiés (signé)")
def verification_revocations(request):
    return revocation_list()


@router.get(
    "/verification/{number}",
    response=PublicStatusOut,
    auth=None,
    throttle=[VerificationThrottle()],
    summary="Vérifier un numéro d'inscription",
)
def verification(request, number: str):
    """Public: valid / struck off / unknown, with the holder's name and activity only (no CIN, no contact)."""
    return public_status(number)


class ImportJobOut(Schema):
    id: int
    original_name: str
    mode: str
    status: str
    phase: str
    total: int
    processed: int
    report: dict


@router.post("/imports", response={202: ImportJobOut}, summary="Importer un fichier de demandes (CSV ou XLSX)")
def create_import(request, file: File[UploadedFile], mode: Form[str] = "validate"):
    """Every row is checked before anything is written. ``mode``: validate, all_or_nothing or valid_only.
    The import runs in the background: follow it with ``GET /imports/{id}``."""
    job = import_job_create(actor=request.user, uploaded_file=file, mode=mode)
    import_job_start(job)
    job.job.refresh_from_db()
    return Status(202, job)


@router.get("/imports/{job_id}", response=ImportJobOut, summary="Avancement et compte rendu d'un import")
def get_import(request, job_id: int):
    from moukawil.core.tasks import job_live

    imported = get_object_or_404(ImportJob.objects.visible_to(request.user).select_related("job"), pk=job_id)
    job_live(imported.job)
    return imported


class FiguresOut(Schema):
    applications: int
    registrations: int
    active: int
    struck_off: int
    by_region: dict[str, dict[str, int]]
    by_gender: dict[str, dict[str, int]]
    by_category: dict[str, dict[str, int]]
    by_month: list[dict]


@router.get("/register/figures", response=FiguresOut, summary="Chiffres du registre (votre périmètre)")
@reading_replica
def register_figures(request, year: YearInt | None = None):
    """Applications vs registrations by region, gender, category and month: the series behind the dashboards."""
    require(can_view_register(request.user))
    if year is not None:
        inputs.year(year, field="year", label="Année")
    return selectors.register_figures(user=request.user, year=year)


@router.post("/imports/{job_id}/rerun", response={202: ImportJobOut}, summary="Relancer un import qui n'a pas abouti")
def rerun_import(request, job_id: int):
    """An import whose worker died, or that failed, run again from the start (rows imported already are skipped)."""
    from moukawil.core.tasks import job_rerun

    imported = get_object_or_404(ImportJob.objects.visible_to(request.user).select_related("job"), pk=job_id)
    imported.job = job_rerun(actor=request.user, job=imported.job)
    return Status(202, imported)
