"""Turnover declarations, their client breakdown, payments and periodicity choices."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .periods import Period, Periodicity


class ClientKind(models.TextChoices):
    ICE = "ice", _("ICE (entreprise)")
    CIN = "cin", _("CIN (particulier)")


class PaymentChannel(models.TextChoices):
    ONLINE = "online", _("Paiement en ligne")
    BANK = "bank", _("Virement ou guichet bancaire")
    POST = "post", _("Guichet Barid Al-Maghrib")
    COUNTER = "counter", _("Guichet de la DGI")


def _money(verbose: str) -> models.DecimalField:
    return models.DecimalField(verbose, max_digits=14, decimal_places=2, default=Decimal("0"))


class DeclarationQuerySet(models.QuerySet):
    def visible_to(self, user) -> DeclarationQuerySet:
        from moukawil.accounts.scoping import scope_queryset

        return scope_queryset(self, user, region="region", owner="registration__person__user")

    def current(self) -> DeclarationQuerySet:
        return self.filter(is_current=True)


class PeriodicityChoice(models.Model):
    """Monthly or quarterly, chosen by the auto-entrepreneur; a change applies from 1 January of the next year."""

    registration = models.ForeignKey("registry.Registration", on_delete=models.CASCADE, related_name="+")
    periodicity = models.CharField(_("périodicité"), max_length=10, choices=Periodicity.choices)
    effective_year = models.PositiveSmallIntegerField(_("à partir de l'année"))
    chosen_at = models.DateTimeField(auto_now_add=True)
    chosen_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("choix de périodicité")
        constraints = [
            models.UniqueConstraint(fields=["registration", "effective_year"], name="periodicity_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.get_periodicity_display()} ({self.effective_year})"


class Declaration(models.Model):
    """One version of the declaration of one period. A correction is a new version (``amends`` the previous,
    which stays, no longer current): the history is kept."""

    registration = models.ForeignKey(
        "registry.Registration", verbose_name=_("inscription"), on_delete=models.PROTECT, related_name="declarations"
    )
    region = models.ForeignKey("territory.Region", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("année"))
    periodicity = models.CharField(_("périodicité"), max_length=10, choices=Periodicity.choices)
    period = models.PositiveSmallIntegerField(_("période"))
    period_end = models.DateField(_("fin de la période"))  # the rules in force on this day apply
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    # Gapless per year of filing (series "REC", declarations/documents.py), printed on the receipt and verified
    # publicly at /verifier/recu/<number>/. Empty only for rows written in bulk outside the services (tests).
    receipt_number = models.CharField(
        _("numéro de l'accusé de réception"), max_length=20, unique=True, null=True, blank=True
    )
    is_current = models.BooleanField(default=True)
    amends = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="amended_by", verbose_name=_("rectifie")
    )
    turnover_goods = _money(_("chiffre d'affaires — commerce, industrie, artisanat"))
    turnover_services = _money(_("chiffre d'affaires — services"))
    tax_goods = _money(_("impôt — commerce, industrie, artisanat"))
    tax_services = _money(_("impôt — services"))
    withholding_base = _money(_("part au-delà du seuil par client"))
    withholding = _money(_("retenue à la source par les clients"))
    contribution = _money(_("cotisation AMO"))
    total_due = _money(_("total dû"))
    rules = models.JSONField(_("règles appliquées"), default=list)
    due_date = models.DateField(_("date limite"))
    submitted_at = models.DateTimeField(_("déposée le"))
    is_late = models.BooleanField(_("en retard"), default=False)
    reason = models.TextField(_("motif de la rectification"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )

    objects = DeclarationQuerySet.as_manager()

    class Meta:
        verbose_name = _("déclaration de chiffre d'affaires")
        verbose_name_plural = _("déclarations de chiffre d'affaires")
        ordering = ["-year", "-period", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "year", "periodicity", "period", "version"], name="declaration_unique_version"
            ),
            # One current declaration per period: 50 simultaneous submissions make one declaration.
            models.UniqueConstraint(
                fields=["registration", "year", "periodicity", "period"],
                condition=Q(is_current=True),
                name="declaration_one_current",
            ),
            models.CheckConstraint(
                condition=Q(turnover_goods__gte=0, turnover_services__gte=0), name="declaration_turnover_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["region", "year", "period"], name="declaration_region_idx"),
            models.Index(fields=["year", "is_current"], name="declaration_year_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} {self.period_obj.label} v{self.version}"

    @property
    def period_obj(self) -> Period:
        return Period(self.year, self.periodicity, self.period)

    @property
    def turnover(self) -> Decimal:
        return self.turnover_goods + self.turnover_services

    @property
    def tax(self) -> Decimal:
        return self.tax_goods + self.tax_services

    @property
    def is_zero(self) -> bool:
        return not self.turnover


class ClientTurnover(models.Model):
    """Services turnover of a declaration with one client, for the same-client rule."""

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="clients")
    client_kind = models.CharField(_("type de client"), max_length=3, choices=ClientKind.choices)
    client_id = models.CharField(_("identifiant du client"), max_length=20)
    amount = models.DecimalField(_("montant"), max_digits=14, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["declaration", "client_kind", "client_id"], name="client_once_per_decl")
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.amount}"

    @property
    def key(self) -> str:
        return f"{self.client_kind}:{self.client_id}"


class RegionScopedQuerySet(models.QuerySet):
    def visible_to(self, user) -> RegionScopedQuerySet:
        """Rows with a ``region`` and a ``registration``: the region's officers, the nation's, the owner."""
        from moukawil.accounts.scoping import scope_queryset

        return scope_queryset(self, user, region="region", owner="registration__person__user")


class Payment(models.Model):
    registration = models.ForeignKey("registry.Registration", on_delete=models.PROTECT, related_name="payments")
    region = models.ForeignKey("territory.Region", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("montant"), max_digits=14, decimal_places=2)
    channel = models.CharField(_("canal"), max_length=10, choices=PaymentChannel.choices)
    reference = models.CharField(_("référence du paiement"), max_length=40)
    paid_on = models.DateField(_("payé le"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("paiement")
        ordering = ["-paid_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "reference"], name="payment_unique_reference"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.reference} ({self.amount} DH)"


class StrikeOffProposal(models.Model):
    """Ceiling exceeded two consecutive years: striking off from 1 January of the next year, proposed by the
    system, confirmed (or dismissed with a reason) by an officer of the region."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposée")
        CONFIRMED = "confirmed", _("Confirmée")
        DISMISSED = "dismissed", _("Écartée")

    registration = models.ForeignKey("registry.Registration", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("territory.Region", on_delete=models.PROTECT, related_name="+")
    first_year = models.PositiveSmallIntegerField(_("première année de dépassement"))
    totals = models.JSONField(_("chiffres d'affaires des deux années"), default=dict)
    effective_date = models.DateField(_("radiation au"))
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    note = models.TextField(_("observation"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    objects = RegionScopedQuerySet.as_manager()  # same scoping: region, owner

    class Meta:
        verbose_name = _("proposition de radiation (plafond)")
        ordering = ["status", "-first_year", "id"]
        constraints = [models.UniqueConstraint(fields=["registration", "first_year"], name="strike_off_proposal_once")]

    def __str__(self) -> str:
        return f"{self.registration_id} {self.first_year}-{self.first_year + 1}"

    @property
    def second_year(self) -> int:
        return self.first_year + 1


class Reminder(models.Model):
    """A reminder sent for a period not declared after its due date (one per period)."""

    registration = models.ForeignKey("registry.Registration", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    periodicity = models.CharField(max_length=10, choices=Periodicity.choices)
    period = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)
    sent_to = models.CharField(max_length=254, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "year", "periodicity", "period"], name="reminder_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} {self.year}/{self.period}"
