"""Support programmes as data: catalogue, calls (editions) with budget and regional quotas, applications with
their eligibility checklist, reviewers' assessments, and benefits (services delivered, subsidies committed)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from moukawil.core.models import TransitionLog

from .workflow import State


class BenefitKind(models.TextChoices):
    SUBSIDY = "subsidy", _("Subvention")
    SUPPORT = "support", _("Accompagnement")
    CERTIFICATE = "certificate", _("Certificat ou attestation")
    FINANCING = "financing", _("Orientation vers un financement")


class Audience(models.TextChoices):
    ENTERPRISES = "enterprises", _("Entreprises")
    PROJECT_HOLDERS = "holders", _("Porteurs de projet")
    BOTH = "both", _("Entreprises et porteurs de projet")


class Programme(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_fr = models.CharField(_("nom"), max_length=150)
    name_ar = models.CharField(_("nom en arabe"), max_length=150)
    agency = models.CharField(_("organisme"), max_length=120)
    benefit_kind = models.CharField(_("nature de l'appui"), max_length=12, choices=BenefitKind.choices)
    audience = models.CharField(_("public"), max_length=12, choices=Audience.choices, default=Audience.ENTERPRISES)
    summary_fr = models.TextField(_("présentation"))
    summary_ar = models.TextField(_("présentation en arabe"), blank=True)
    published_rules = models.TextField(_("règles publiées"), blank=True)
    criteria = models.JSONField(_("critères d'éligibilité"), default=list)
    # Subsidies: amount per beneficiary = min(rate × reference price, cap), each a dated parameter (rules/).
    subsidy_rate_parameter = models.CharField(max_length=80, blank=True)
    subsidy_cap_parameter = models.CharField(max_length=80, blank=True)
    reference_price_parameter = models.CharField(max_length=80, blank=True)
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        verbose_name = _("programme")
        ordering = ["name_fr"]

    def __str__(self) -> str:
        return self.name_fr

    @property
    def name(self) -> str:
        return self.name_ar if get_language() == "ar" and self.name_ar else self.name_fr

    @property
    def summary(self) -> str:
        return self.summary_ar if get_language() == "ar" and self.summary_ar else self.summary_fr


class CallQuerySet(models.QuerySet):
    def published(self) -> CallQuerySet:
        return self.filter(status=Call.Status.PUBLISHED)


class Call(models.Model):
    """One edition of a programme: its year, budget, regional quotas, dates and (possibly adjusted) criteria."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("En préparation")
        PUBLISHED = "published", _("Ouvert")
        CLOSED = "closed", _("Clos")

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="calls")
    name = models.CharField(_("intitulé"), max_length=150)
    year = models.PositiveSmallIntegerField(_("année"))
    budget = models.DecimalField(_("budget (DH)"), max_digits=14, decimal_places=2, default=Decimal(0))
    committed = models.DecimalField(_("engagé (DH)"), max_digits=14, decimal_places=2, default=Decimal(0))
    opens_on = models.DateField(_("ouverture"))
    closes_on = models.DateField(_("clôture"))
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    criteria = models.JSONField(_("critères d'éligibilité"), default=list)
    quotas = models.JSONField(_("quotas par région"), default=dict, blank=True)  # {"03": 20}
    subsidy_rate = models.DecimalField(_("taux de subvention"), max_digits=5, decimal_places=4, null=True, blank=True)
    subsidy_cap = models.DecimalField(_("plafond par bénéficiaire"), max_digits=14, decimal_places=2, null=True,
                                      blank=True)  # fmt: skip

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("appel")
        ordering = ["-year", "programme__name_fr"]
        constraints = [
            models.CheckConstraint(condition=Q(committed__lte=models.F("budget")), name="call_within_budget"),
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="call_dates_ordered"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.committed


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user) -> ApplicationQuerySet:
        from moukawil.accounts.scoping import scope_queryset

        return scope_queryset(self, user, region="region", owner="applicant")


class ProgrammeApplication(models.Model):
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", null=True, blank=True, on_delete=models.PROTECT, related_name="applications"
    )
    holder_name = models.CharField(_("porteur de projet"), max_length=150, blank=True)
    holder_cin = models.CharField(_("CIN du porteur"), max_length=12, blank=True)
    project_summary = models.TextField(_("projet"), blank=True)
    region = models.ForeignKey("territory.Region", on_delete=models.PROTECT, related_name="+")
    is_rural = models.BooleanField(_("milieu rural"), default=False)
    sector = models.ForeignKey("enterprises.Sector", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(_("état"), max_length=16, choices=State.choices, default=State.SUBMITTED)
    eligibility = models.JSONField(_("critères"), default=list)
    eligible = models.BooleanField(_("éligible"), default=False)
    score = models.DecimalField(_("note moyenne"), max_digits=4, decimal_places=2, null=True, blank=True)
    decision_reason = models.TextField(_("motif de la décision"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("déposée le"), default=timezone.now)  # the service sets the business clock
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidature à un programme")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "enterprise"], condition=Q(enterprise__isnull=False), name="programme_one_per_firm"
            ),
            models.UniqueConstraint(
                fields=["call", "holder_cin"], condition=~Q(holder_cin=""), name="programme_one_per_holder"
            ),
            models.CheckConstraint(
                condition=Q(enterprise__isnull=False) | ~Q(holder_cin=""), name="programme_firm_or_holder"
            ),
        ]
        indexes = [models.Index(fields=["call", "region", "state"], name="programme_queue_idx")]

    def __str__(self) -> str:
        return f"{self.call} — {self.candidate_name}"

    @property
    def candidate_name(self) -> str:
        return self.enterprise.name if self.enterprise_id else self.holder_name


class ProgrammeApplicationTransition(TransitionLog):
    """The transition log of one programme application (the kernel's log shape)."""

    application = models.ForeignKey(ProgrammeApplication, on_delete=models.CASCADE, related_name="transitions")
    states = State

    class Meta(TransitionLog.Meta):
        verbose_name = _("étape de la candidature")
        verbose_name_plural = _("historique de la candidature")

    def __str__(self) -> str:
        return f"{self.application_id} {self.from_state}→{self.to_state}"


class Assessment(models.Model):
    application = models.ForeignKey(ProgrammeApplication, on_delete=models.CASCADE, related_name="assessments")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("note (sur 20)"))
    comment = models.TextField(_("appréciation"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("évaluation")
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="assessment_one_per_reviewer"),
            models.CheckConstraint(condition=Q(score__lte=20), name="assessment_score_max_20"),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer_id} → {self.score}/20"


class Benefit(models.Model):
    class Kind(models.TextChoices):
        SERVICE = "service", _("Prestation d'accompagnement")
        SUBSIDY = "subsidy", _("Subvention")

    application = models.ForeignKey(ProgrammeApplication, on_delete=models.PROTECT, related_name="benefits")
    kind = models.CharField(_("nature"), max_length=8, choices=Kind.choices)
    description = models.CharField(_("prestation"), max_length=200, blank=True)
    provider = models.CharField(_("prestataire"), max_length=150, blank=True)
    sessions = models.PositiveSmallIntegerField(_("séances"), default=0)
    hours = models.DecimalField(_("heures"), max_digits=6, decimal_places=1, default=Decimal(0))
    delivered_on = models.DateField(_("date"), null=True, blank=True)
    amount = models.DecimalField(_("montant (DH)"), max_digits=14, decimal_places=2, default=Decimal(0))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("prestation ou subvention")
        constraints = [
            models.UniqueConstraint(
                fields=["application"], condition=Q(kind="subsidy"), name="benefit_one_subsidy_per_beneficiary"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.description or self.amount}"
