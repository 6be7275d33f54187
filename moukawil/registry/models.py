"""The national register of auto-entrepreneurs: activities, people, applications, registrations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from moukawil.core.models import Job, TransitionLog
from moukawil.territory.models import BilingualNameMixin

from .enums import (
    Category,
    Channel,
    DuplicateStatus,
    Gender,
    IdentityKind,
    RegistrationStatus,
    RejectionReason,
    StrikeOffReason,
)
from .workflow import OPEN_STATES, PUBLIC_LABELS, State


class Activity(BilingualNameMixin, models.Model):
    """An activity open to the status (editable reference data, loaded from registry/data/ae_activities.csv)."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name_fr = models.CharField(_("libellé (français)"), max_length=255)
    name_ar = models.CharField(_("libellé (arabe)"), max_length=255, blank=True)
    category = models.CharField(_("catégorie"), max_length=12, choices=Category.choices)
    excluded = models.BooleanField(
        _("exclue du statut"), default=False, help_text=_("Refusée automatiquement (profession exclue).")
    )
    needs_review = models.BooleanField(
        _("à examiner"),
        default=False,
        help_text=_("Proche d'une profession exclue : un agent décide au cas par cas."),
    )
    is_active = models.BooleanField(_("proposée"), default=True)
    # An excluded profession is an activity too (code EXC-…): typed as a code or found by name, it is refused as
    # such, with its legal reference, instead of as an unknown activity.
    excluded_profession = models.OneToOneField(
        "ExcludedProfession", verbose_name=_("profession exclue"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="activity",
    )  # fmt: skip

    class Meta:
        verbose_name = _("activité")
        verbose_name_plural = _("activités")
        ordering = ["category", "name_fr"]

    def __str__(self) -> str:
        return f"{self.code} {self.name_fr}"


class ExcludedProfession(BilingualNameMixin, models.Model):
    name_fr = models.CharField(_("libellé (français)"), max_length=255, unique=True)
    name_ar = models.CharField(_("libellé (arabe)"), max_length=255, blank=True)
    legal_reference = models.CharField(_("texte"), max_length=255)

    class Meta:
        verbose_name = _("profession exclue")
        verbose_name_plural = _("professions exclues")
        ordering = ["name_fr"]

    def __str__(self) -> str:
        return self.name_fr


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user) -> PersonQuerySet:
        from moukawil.accounts.scoping import scope_queryset

        return scope_queryset(self, user, region="province__region", owner="user")


class Person(models.Model):
    """A natural person known to the register (applicant or registered auto-entrepreneur)."""

    identity_kind = models.CharField(
        _("pièce d'identité"), max_length=16, choices=IdentityKind.choices, default=IdentityKind.CIN
    )
    cin = models.CharField(_("numéro de la pièce"), max_length=20, help_text=_("Ex. BK123456"))
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    first_name_ar = models.CharField(_("prénom (arabe)"), max_length=100, blank=True)
    last_name_ar = models.CharField(_("nom (arabe)"), max_length=100, blank=True)
    gender = models.CharField(_("sexe"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("date de naissance"))
    nationality = models.CharField(_("nationalité"), max_length=2, default="MA", help_text=_("Code ISO à 2 lettres"))
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    province = models.ForeignKey(
        "territory.Province", verbose_name=_("préfecture ou province"), on_delete=models.PROTECT, related_name="+"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    # Indexed only where set (Meta.indexes): almost every person has none, and a bulk import paid for each NULL.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("doublon de"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    # Consonant skeletons of the Latin and Arabic names (identity.name_key), for duplicate detection.
    name_key = models.CharField(max_length=120, blank=True)
    name_key_ar = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    # Set when the identity was replaced after the retention period of a striking off (privacy.services).
    pseudonymised_at = models.DateTimeField(_("pseudonymisée le"), null=True, blank=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("personne")
        verbose_name_plural = _("personnes")
        constraints = [
            models.UniqueConstraint(
                fields=["identity_kind", "cin"],
                name="person_unique_identity",
                violation_error_message=_("Une personne est déjà enregistrée avec ce numéro de pièce."),
            ),
            models.CheckConstraint(
                condition=Q(cin=models.functions.Upper("cin")),
                name="person_cin_upper",
                violation_error_message=_("Le numéro de pièce est enregistré en majuscules."),
            ),
        ]
        # Indexes declared here rather than with db_index: on PostgreSQL, db_index on a CharField adds a second
        # "_like" index that no query uses and every insert pays for (docs/benchmarks.md, bulk import).
        indexes = [
            # Search by name key, and likely duplicates (same key, same birth date: duplicates.py).
            models.Index(fields=["name_key", "birth_date"], name="person_name_key_idx"),
            models.Index(fields=["name_key_ar", "birth_date"], name="person_name_key_ar_idx"),
            models.Index(fields=["merged_into"], name="person_merged_into_idx", condition=Q(merged_into__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.cin})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name_ar(self) -> str:
        return f"{self.first_name_ar} {self.last_name_ar}".strip()


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user) -> ApplicationQuerySet:
        from moukawil.accounts.scoping import scope_queryset

        return scope_queryset(self, user, region="region", owner="person__user")

    def open(self) -> ApplicationQuerySet:
        return self.filter(state__in=OPEN_STATES)

    def in_state(self, *states: str) -> ApplicationQuerySet:
        return self.filter(state__in=states)


class Application(models.Model):
    """A request to join the register, whatever the channel it came through."""

    reference = models.CharField(_("référence"), max_length=20)
    person = models.ForeignKey(
        Person, verbose_name=_("demandeur"), on_delete=models.PROTECT, related_name="applications"
    )
    # Reference-data keys without an index of their own: the region leads application_queue_idx, and nothing looks
    # applications up by activity or province alone but the rare deletion of a nomenclature row (PROTECT) —
    # three indexes every imported application paid for (docs/benchmarks.md).
    activity = models.ForeignKey(
        Activity, verbose_name=_("activité"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # Where the activity is run: its region decides which chamber instructs the file.
    province = models.ForeignKey(
        "territory.Province",
        verbose_name=_("lieu d'activité"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    # The province's region, copied for the officers' queue (it leads application_queue_idx) and written only from
    # the province (services, imports). No database check of its own: the region exists because the province's key
    # does (a province cannot be deleted while an application names it, nor a region while a province does), and a
    # check on the copy cost every imported application a foreign-key look-up (docs/benchmarks.md).
    region = models.ForeignKey(
        "territory.Region",
        verbose_name=_("région"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    channel = models.CharField(_("canal"), max_length=10, choices=Channel.choices)
    works_from_home = models.BooleanField(_("exerce à domicile"), default=False)
    is_salaried = models.BooleanField(_("salarié par ailleurs"), default=False)
    pays_taxe_professionnelle = models.BooleanField(_("déjà soumis à la taxe professionnelle"), default=False)
    state = models.CharField(_("état"), max_length=16, choices=State.choices, default=State.DRAFT)
    checks = models.JSONField(_("vérifications automatiques"), default=list, blank=True)
    submitted_at = models.DateTimeField(_("déposée le"), null=True, blank=True)
    due_at = models.DateTimeField(_("à traiter avant le"), null=True, blank=True)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("décidée par"),
        null=True,
        blank=True,
        db_index=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rejection_reason = models.CharField(_("motif du refus"), max_length=24, choices=RejectionReason.choices, blank=True)
    message = models.TextField(_("dernier message"), blank=True, help_text=_("Demande de complément, motivation…"))
    contest_deadline = models.DateField(_("recours possible jusqu'au"), null=True, blank=True)
    import_key = models.CharField(max_length=64, blank=True)
    # The caravan stop where the application was started, if any (caravans.outcomes counts them per stop).
    stop = models.ForeignKey(
        "caravans.Stop", verbose_name=_("escale"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saisie par"),
        null=True,
        blank=True,
        db_index=False,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande d'inscription")
        verbose_name_plural = _("demandes d'inscription")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["reference"], name="application_unique_reference"),
            # One open file per person: a second concurrent application is refused by the database itself.
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(state__in=sorted(OPEN_STATES)),
                name="application_one_open_per_person",
                violation_error_message=_("Une demande est déjà en cours pour cette personne."),
            ),
            models.CheckConstraint(
                condition=Q(state__in=[State.APPROVED, State.REJECTED], decided_at__isnull=False)
                | (~Q(state__in=[State.APPROVED, State.REJECTED]) & Q(decided_at__isnull=True))
                | Q(state=State.CONTESTED, decided_at__isnull=False),
                name="application_decided_at_iff_decided",
                violation_error_message=_(
                    "La date de décision est renseignée si et seulement si la demande est décidée."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(state=State.REJECTED) | ~Q(rejection_reason=""),
                name="application_rejected_has_reason",
                violation_error_message=_("Un refus porte un motif."),
            ),
        ]
        indexes = [
            models.Index(fields=["region", "state", "due_at"], name="application_queue_idx"),
            models.Index(fields=["state"], name="application_state_idx"),
            # The lists' default order (API list of 50, a national role's queue without filter): a page is read
            # from the index instead of sorting every visible application (337 ms at 17,000 on PostgreSQL).
            models.Index(fields=["-created_at", "-id"], name="application_recent_idx"),
            # The officers' queue (what is left to act on, oldest deadline first): a chamber's page and the
            # agency's are read in order from these instead of sorting every open file (19 ms for a region's
            # 83,000 on PostgreSQL). Partial: decided files, the bulk of the table, are not in them.
            models.Index(
                fields=["region", "due_at", "id"],
                name="application_todo_region_idx",
                condition=Q(state__in=[State.SUBMITTED, State.UNDER_REVIEW, State.CONTESTED]),
            ),
            models.Index(
                fields=["due_at", "id"],
                name="application_todo_idx",
                condition=Q(state__in=[State.SUBMITTED, State.UNDER_REVIEW, State.CONTESTED]),
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def public_state_label(self) -> str:
        return str(PUBLIC_LABELS[State(self.state)])

    @property
    def failed_checks(self) -> list[dict]:
        return [c for c in self.checks if not c["passed"]]

    @property
    def warnings(self) -> list[dict]:
        return [c for c in self.checks if c["passed"] and c.get("warning")]


class ApplicationTransition(TransitionLog):
    """The transition log of one application (the kernel's log shape: who, when, from, to, why)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="transitions")
    states = State

    class Meta(TransitionLog.Meta):
        verbose_name = _("étape de la demande")
        verbose_name_plural = _("historique de la demande")

    def __str__(self) -> str:
        return f"{self.application_id} {self.from_state}→{self.to_state}"


class RegistrationQuerySet(models.QuerySet):
    def visible_to(self, user) -> RegistrationQuerySet:
        from moukawil.accounts.scoping import scope_queryset

        return scope_queryset(self, user, region="region", owner="person__user")

    def active(self) -> RegistrationQuerySet:
        return self.filter(status=RegistrationStatus.ACTIVE)


class Registration(models.Model):
    """An entry of the register: the status starts on ``registered_on`` and ends with a striking off."""

    number = models.CharField(_("numéro RNAE"), max_length=20, unique=True)
    year = models.PositiveSmallIntegerField(_("année"))
    sequence = models.PositiveIntegerField(_("rang dans l'année"))
    person = models.ForeignKey(
        Person, verbose_name=_("auto-entrepreneur"), on_delete=models.PROTECT, related_name="registrations"
    )
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="registration")
    activity = models.ForeignKey(Activity, verbose_name=_("activité"), on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("territory.Region", verbose_name=_("région"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("statut"), max_length=12, choices=RegistrationStatus.choices, default=RegistrationStatus.ACTIVE, db_index=True
    )
    registered_on = models.DateField(_("inscrit le"))
    struck_off_on = models.DateField(_("radié le"), null=True, blank=True)
    strike_off_reason = models.CharField(
        _("motif de radiation"), max_length=12, choices=StrikeOffReason.choices, blank=True
    )
    strike_off_note = models.TextField(_("précisions"), blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("inscription au registre")
        verbose_name_plural = _("inscriptions au registre")
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="registration_unique_sequence"),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status=RegistrationStatus.ACTIVE),
                name="registration_one_active_per_person",
                violation_error_message=_("Cette personne est déjà inscrite au registre."),
            ),
            models.CheckConstraint(
                condition=(Q(status=RegistrationStatus.ACTIVE) & Q(struck_off_on__isnull=True, strike_off_reason=""))
                | (Q(status=RegistrationStatus.STRUCK_OFF) & Q(struck_off_on__isnull=False) & ~Q(strike_off_reason="")),
                name="registration_struck_off_fields",
                violation_error_message=_("Une radiation a une date et un motif ; une inscription active n'en a pas."),
            ),
        ]

    def __str__(self) -> str:
        return self.number


class DuplicateSuspicionQuerySet(models.QuerySet):
    def visible_to(self, user) -> DuplicateSuspicionQuerySet:
        from moukawil.accounts.scoping import scope_queryset

        return scope_queryset(self, user, region="region")


class DuplicateSuspicion(models.Model):
    """Two people who are probably one (same birth date, names alike across spellings), for an officer to review."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="duplicate_suspicions")
    region = models.ForeignKey("territory.Region", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("état"), max_length=10, choices=DuplicateStatus.choices, default=DuplicateStatus.OPEN)
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DuplicateSuspicionQuerySet.as_manager()

    class Meta:
        verbose_name = _("doublon présumé")
        verbose_name_plural = _("doublons présumés")
        constraints = [models.UniqueConstraint(fields=["application", "other"], name="duplicate_unique_pair")]

    def __str__(self) -> str:
        return f"{self.person_id} ~ {self.other_id}"


class ImportJobQuerySet(models.QuerySet):
    def visible_to(self, user) -> ImportJobQuerySet:
        from moukawil.accounts.scoping import scope_queryset

        return scope_queryset(self, user, region="region", owner="created_by")


class ImportJob(models.Model):
    """A bulk import of applications from a partner counter's file: the file and the mode; its progress and report
    are those of its job in the task engine (core.Job), which runs it in the background."""

    class Mode(models.TextChoices):
        VALIDATE = "validate", _("Vérifier seulement (rien n'est enregistré)")
        ALL_OR_NOTHING = "all_or_nothing", _("Tout ou rien : importer seulement si aucune ligne n'est refusée")
        VALID_ONLY = "valid_only", _("Importer les lignes valides, écarter les autres")

    Status = Job.Status

    job = models.OneToOneField(Job, on_delete=models.PROTECT, related_name="registry_import")
    file = models.FileField(_("fichier"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("nom du fichier"), max_length=255)
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices)
    region = models.ForeignKey(
        "territory.Region", verbose_name=_("région"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("import de demandes")
        verbose_name_plural = _("imports de demandes")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.original_name

    # The job's state, under the names the pages and the API have always read.
    status = property(lambda self: self.job.status)
    phase = property(lambda self: self.job.phase)
    total = property(lambda self: self.job.total)
    processed = property(lambda self: self.job.done)
    percent = property(lambda self: self.job.percent)
    finished_at = property(lambda self: self.job.finished_at)
    get_status_display = property(lambda self: self.job.get_status_display)

    @property
    def report(self) -> dict:
        if self.job.status == Job.Status.FAILED:
            return {"file_error": self.job.error, "errors": []}
        return self.job.report
