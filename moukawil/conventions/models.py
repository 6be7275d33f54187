"""Conventions signed by the chambers with the agency, municipal councils and others, their documents and their
figured commitments (indicator × scope × period × target). Progress is computed from the live rows of the
indicators catalogue (``selectors.convention_progress``), never stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from moukawil.core.models import TransitionLog

from .workflow import State


class Kind(models.TextChoices):
    FRAMEWORK = "framework", _("Accord-cadre")
    PARTNERSHIP = "partnership", _("Convention de partenariat")
    PROGRAMME = "programme", _("Convention-programme")


class Scope(models.TextChoices):
    NATIONAL = "national", _("National")
    REGION = "region", _("Région")
    PROVINCE = "province", _("Province ou préfecture")
    COMMUNE = "commune", _("Commune")


class DocumentKind(models.TextChoices):
    TEXT = "text", _("Texte signé de la convention")
    MINUTES = "minutes", _("Procès-verbal de l'assemblée générale")
    AMENDMENT = "amendment", _("Avenant")
    REPORT = "report", _("Rapport d'exécution")


class ConventionQuerySet(models.QuerySet):
    def visible_to(self, user) -> ConventionQuerySet:
        from moukawil.accounts.scoping import scope_queryset

        # National conventions (no region) are read by every staff member; a chamber's by its region and the nation.
        return scope_queryset(self, user, region="region", national_rows=True)


class Convention(models.Model):
    title = models.CharField(_("intitulé"), max_length=200)
    object = models.TextField(_("objet"), blank=True)
    kind = models.CharField(_("nature"), max_length=12, choices=Kind.choices)
    region = models.ForeignKey(
        "territory.Region", verbose_name=_("région"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text=_("La région de la chambre signataire ; vide pour une convention nationale."),
    )  # fmt: skip
    parties = models.ManyToManyField("territory.Organisation", verbose_name=_("parties"), related_name="conventions")
    state = models.CharField(_("état"), max_length=14, choices=State.choices, default=State.DRAFT)
    adopted_on = models.DateField(_("adoptée en assemblée générale le"), null=True, blank=True)
    signed_on = models.DateField(_("signée le"), null=True, blank=True)
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    objects = ConventionQuerySet.as_manager()

    class Meta:
        verbose_name = _("convention")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="convention_period_ordered",
                violation_error_message=_("La fin de la convention précède son début."),
            ),
            models.CheckConstraint(
                condition=Q(state=State.DRAFT) | Q(adopted_on__isnull=False),
                name="convention_adopted_has_date",
                violation_error_message=_("Une convention adoptée a une date d'adoption."),
            ),
            models.CheckConstraint(
                condition=Q(state__in=[State.DRAFT, State.ADOPTED]) | Q(signed_on__isnull=False),
                name="convention_signed_has_date",
                violation_error_message=_("Une convention signée a une date de signature."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ConventionTransition(TransitionLog):
    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="transitions")
    states = State

    class Meta(TransitionLog.Meta):
        verbose_name = _("étape de la convention")

    def __str__(self) -> str:
        return f"{self.convention_id} {self.from_state}→{self.to_state}"


class ConventionDocument(models.Model):
    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("type de document"), max_length=10, choices=DocumentKind.choices)
    file = models.FileField(_("fichier (PDF)"), upload_to="conventions/%Y/")
    name = models.CharField(_("nom du fichier"), max_length=150)
    size = models.PositiveIntegerField(_("taille (octets)"))
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("document de la convention")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class Commitment(models.Model):
    """« 500 inscriptions au registre en région Fès-Meknès d'ici au 31 décembre 2019 »: an indicator of the
    catalogue, a territory, a period and a target. Cumulative: counted from the start of the convention; per
    period: counted within the commitment's own period."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="commitments")
    label = models.CharField(_("libellé"), max_length=200, blank=True)
    indicator = models.CharField(_("indicateur"), max_length=40)
    programme = models.CharField(
        _("programme"), max_length=40, blank=True, help_text=_("Code d'un programme d'appui, pour ses bénéficiaires.")
    )
    scope = models.CharField(_("échelle"), max_length=10, choices=Scope.choices)
    region = models.ForeignKey("territory.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey(
        "territory.Province", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    commune_code = models.CharField(_("code de la commune (HCP)"), max_length=12, blank=True)
    starts_on = models.DateField(_("début de la période"))
    ends_on = models.DateField(_("fin de la période"))
    target = models.DecimalField(_("cible"), max_digits=14, decimal_places=2)
    cumulative = models.BooleanField(
        _("cumulatif"), default=True, help_text=_("Compté depuis le début de la convention (sinon sur la période).")
    )

    class Meta:
        verbose_name = _("engagement chiffré")
        verbose_name_plural = _("engagements chiffrés")
        ordering = ["indicator", "programme", "ends_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target__gt=0),
                name="commitment_target_positive",
                violation_error_message=_("La cible doit être positive."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="commitment_period_ordered",
                violation_error_message=_("La fin de la période précède son début."),
            ),
            models.CheckConstraint(
                condition=(Q(scope=Scope.NATIONAL) & Q(region__isnull=True, province__isnull=True))
                | (Q(scope=Scope.REGION) & Q(region__isnull=False, province__isnull=True))
                | (Q(scope=Scope.PROVINCE) & Q(province__isnull=False))
                | (Q(scope=Scope.COMMUNE) & ~Q(commune_code="")),
                name="commitment_scope_fields",
                violation_error_message=_("Le territoire ne correspond pas à l'échelle choisie."),
            ),
        ]

    def __str__(self) -> str:
        return self.label or f"{self.indicator} {self.ends_on}"
