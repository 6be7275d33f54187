"""Infitah: training sessions and registrations, the permis numérique, IT vendors and their offers, pack orders
with the state's subsidy committed on the call's budget, and the partner bank's financing requests."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from moukawil.core.models import TransitionLog

from .workflow import WORKFLOWS, FinancingState, OfferState, OrderState, TrainingState, VendorState


class Channel(models.TextChoices):
    ONLINE = "online", _("En ligne")
    COUNTER = "counter", _("Au guichet")
    BULK = "bulk", _("Depuis une liste")


class SessionQuerySet(models.QuerySet):
    def visible_to(self, user) -> SessionQuerySet:
        from moukawil.accounts.enums import Role
        from moukawil.accounts.scoping import scope_queryset

        # Sessions are public to entrepreneurs (they choose one); officers see their region's.
        if getattr(user, "is_authenticated", False) and user.is_active and user.role == Role.ENTREPRENEUR:
            return self
        return scope_queryset(self, user, region="region")

    def upcoming(self, today) -> SessionQuerySet:
        return self.filter(starts_on__gte=today)


class TrainingSession(models.Model):
    place = models.CharField(_("lieu"), max_length=200)
    region = models.ForeignKey("territory.Region", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("région"))  # fmt: skip
    starts_on = models.DateField(_("date"))
    capacity = models.PositiveIntegerField(_("capacité"))
    trainer = models.ForeignKey(
        "territory.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("organisme formateur"),
    )  # fmt: skip
    # A session held at a caravan stop (issue 14).
    stop = models.ForeignKey("caravans.Stop", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("escale"))  # fmt: skip
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session de formation Infitah")
        ordering = ["starts_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(capacity__gte=1), name="infitah_session_capacity")]

    def __str__(self) -> str:
        return f"{self.place} — {self.starts_on:%d/%m/%Y}"


class InfitahRegistrationQuerySet(models.QuerySet):
    def visible_to(self, user) -> InfitahRegistrationQuerySet:
        from moukawil.accounts.scoping import scope_queryset

        return scope_queryset(self, user, region="region", owner="enterprise__owner")


class TrainingRegistration(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.PROTECT, related_name="registrations")
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("territory.Region", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("canal"), max_length=10, choices=Channel.choices)
    state = models.CharField(_("état"), max_length=12, choices=TrainingState.choices,
                             default=TrainingState.REGISTERED)  # fmt: skip
    # A registration taken at a caravan stop (issue 14).
    stop = models.ForeignKey("caravans.Stop", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("escale"))  # fmt: skip
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InfitahRegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("inscription à une formation Infitah")
        ordering = ["session", "enterprise__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "enterprise"], name="infitah_one_registration_per_session"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} — {self.session}"


class PermitQuerySet(models.QuerySet):
    def visible_to(self, user) -> PermitQuerySet:
        from moukawil.accounts.scoping import scope_queryset

        return scope_queryset(self, user, region="region", owner="enterprise__owner")

    def valid(self) -> PermitQuerySet:
        return self.filter(revoked_on__isnull=True)


class Permit(models.Model):
    """The permis numérique: one per enterprise, numbered PN-YYYY-NNNNNN (gapless per year), a document kind."""

    number = models.CharField(_("numéro"), max_length=20, unique=True)
    enterprise = models.OneToOneField("enterprises.Enterprise", on_delete=models.PROTECT, related_name="permit")
    registration = models.OneToOneField(TrainingRegistration, null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="permit")  # fmt: skip
    region = models.ForeignKey("territory.Region", on_delete=models.PROTECT, related_name="+")
    # The caravan stop where the permit was issued (issue 14; counted by the caravans' report and dashboards).
    stop = models.ForeignKey("caravans.Stop", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("escale"))  # fmt: skip
    issued_on = models.DateField(_("délivré le"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    revoked_on = models.DateField(_("révoqué le"), null=True, blank=True)
    revoked_reason = models.TextField(_("motif de révocation"), blank=True)

    objects = PermitQuerySet.as_manager()

    class Meta:
        verbose_name = _("permis numérique")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_on__isnull=True, revoked_reason="") | Q(revoked_on__isnull=False),
                name="infitah_permit_revocation_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_valid(self) -> bool:
        return self.revoked_on is None


class VendorQuerySet(models.QuerySet):
    def visible_to(self, user) -> VendorQuerySet:
        from moukawil.accounts.scoping import scope_queryset

        return scope_queryset(self, user, organisation="organisation")


class Vendor(models.Model):
    """An IT vendor organisation's membership of Infitah: member of the IT association (APEBI), ICE checked."""

    organisation = models.OneToOneField("territory.Organisation", on_delete=models.PROTECT, related_name="infitah")
    ice = models.CharField(_("ICE"), max_length=15)
    association_number = models.CharField(_("numéro d'adhérent à l'association des professionnels TI"), max_length=30)
    state = models.CharField(_("état"), max_length=10, choices=VendorState.choices, default=VendorState.APPLIED)
    decision_reason = models.TextField(_("motif"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VendorQuerySet.as_manager()

    class Meta:
        verbose_name = _("fournisseur Infitah")
        ordering = ["organisation__name_fr"]
        constraints = [models.UniqueConstraint(fields=["ice"], name="infitah_vendor_unique_ice")]

    def __str__(self) -> str:
        return str(self.organisation)


class OfferQuerySet(models.QuerySet):
    def visible_to(self, user) -> OfferQuerySet:
        """Approved offers are the public catalogue; a vendor also sees its own drafts; staff see every offer."""
        from moukawil.accounts.enums import Role
        from moukawil.accounts.scoping import scope_queryset

        if getattr(user, "is_authenticated", False) and user.is_active and user.role == Role.VENDOR:
            return self.filter(vendor__organisation_id=user.organisation_id)
        if getattr(user, "is_authenticated", False) and user.is_active and user.role in (Role.ENTREPRENEUR,):
            return self.filter(state=OfferState.APPROVED)
        return scope_queryset(self, user, organisation="vendor__organisation", national_rows=False)

    def in_catalogue(self, today) -> OfferQuerySet:
        return self.filter(
            state=OfferState.APPROVED, valid_from__lte=today, valid_until__gte=today,
            vendor__state=VendorState.APPROVED,
        )  # fmt: skip


class Offer(models.Model):
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="offers")
    description = models.CharField(_("ordinateur portable (description)"), max_length=300)
    price = models.DecimalField(_("prix TTC (DH)"), max_digits=10, decimal_places=2)
    months_3g = models.PositiveSmallIntegerField(_("mois d'internet 3G"), default=12)
    valid_from = models.DateField(_("valable du"))
    valid_until = models.DateField(_("valable jusqu'au"))
    state = models.CharField(_("état"), max_length=10, choices=OfferState.choices, default=OfferState.DRAFT)
    decision_reason = models.TextField(_("motif"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("offre de pack TI")
        ordering = ["price", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gt=0), name="infitah_offer_price_positive"),
            models.CheckConstraint(condition=Q(valid_until__gte=models.F("valid_from")), name="infitah_offer_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.description} — {self.price} DH"


class OrderQuerySet(models.QuerySet):
    def visible_to(self, user) -> OrderQuerySet:
        """Staff in their scope, the permit holder his own, the vendor its orders. The bank reads its financing
        requests (FinancingRequest), not the orders."""
        from moukawil.accounts.enums import Role
        from moukawil.accounts.scoping import scope_queryset

        if getattr(user, "is_authenticated", False) and user.is_active and user.role == Role.BANK_OFFICER:
            return self.none()
        return scope_queryset(self, user, region="region", owner="enterprise__owner",
                              organisation="offer__vendor__organisation")  # fmt: skip

    def holding(self) -> OrderQuerySet:
        from .workflow import HOLDING

        return self.filter(state__in=HOLDING)


class PackOrder(models.Model):
    permit = models.ForeignKey(Permit, on_delete=models.PROTECT, related_name="orders")
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("territory.Region", on_delete=models.PROTECT, related_name="+")
    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="orders")
    call = models.ForeignKey("programmes.Call", on_delete=models.PROTECT, related_name="+")
    bank = models.ForeignKey("territory.Organisation", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("banque partenaire"))  # fmt: skip
    price = models.DecimalField(_("prix TTC (DH)"), max_digits=10, decimal_places=2)
    subsidy = models.DecimalField(_("subvention de l'État (DH)"), max_digits=10, decimal_places=2)
    bank_share = models.DecimalField(_("part financée par la banque (DH)"), max_digits=10, decimal_places=2)
    rules = models.JSONField(_("règles appliquées"), default=list)
    state = models.CharField(_("état"), max_length=12, choices=OrderState.choices, default=OrderState.ORDERED)
    serial_number = models.CharField(_("numéro de série"), max_length=60, blank=True)
    ordered_on = models.DateField(_("commandé le"))
    delivered_on = models.DateField(_("livré le"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("commande de pack TI")
        ordering = ["-ordered_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gt=0), name="infitah_order_price_positive"),
            models.CheckConstraint(
                condition=Q(subsidy__gte=0) & Q(price=models.F("subsidy") + models.F("bank_share")),
                name="infitah_order_split_adds_up",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["delivered", "received"]) | ~Q(serial_number=""),
                name="infitah_order_delivered_has_serial",
            ),
            # One live order per permit: a second is refused while the first holds its subsidy.
            models.UniqueConstraint(
                fields=["permit"], condition=Q(state__in=["ordered", "financed", "delivered", "received"]),
                name="infitah_one_live_order_per_permit",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"Pack {self.offer.description} — {self.enterprise}"


class FinancingQuerySet(models.QuerySet):
    def visible_to(self, user) -> FinancingQuerySet:
        """Only the bank's own requests for its officers; staff in their scope; the holder his own."""
        from moukawil.accounts.scoping import scope_queryset

        return scope_queryset(self, user, region="order__region", owner="order__enterprise__owner",
                              organisation="bank")  # fmt: skip


class FinancingRequest(models.Model):
    order = models.OneToOneField(PackOrder, on_delete=models.PROTECT, related_name="financing")
    bank = models.ForeignKey("territory.Organisation", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("montant à financer (DH)"), max_digits=10, decimal_places=2)
    state = models.CharField(_("état"), max_length=10, choices=FinancingState.choices,
                             default=FinancingState.PENDING)  # fmt: skip
    duration_months = models.PositiveSmallIntegerField(_("durée (mois)"), null=True, blank=True)
    monthly_payment = models.DecimalField(_("mensualité (DH)"), max_digits=10, decimal_places=2, null=True,
                                          blank=True)  # fmt: skip
    decision_reason = models.TextField(_("motif"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FinancingQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande de financement")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="approved") | Q(duration_months__gte=1, monthly_payment__gt=0),
                name="infitah_financing_approved_has_terms",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["pending", "closed"]) | Q(decided_at__isnull=False),
                name="infitah_financing_decided_at",
            ),
        ]

    def __str__(self) -> str:
        return f"Financement {self.amount} DH — {self.order.enterprise}"


class InfitahTransition(TransitionLog):
    """The log of Infitah's workflows: one table, the workflow's code and the file's id (five small workflows)."""

    workflow = models.CharField(max_length=20)
    file_id = models.PositiveBigIntegerField()

    class Meta(TransitionLog.Meta):
        verbose_name = _("Infitah : changement d'état")
        indexes = [models.Index(fields=["workflow", "file_id"], name="infitah_log_file_idx")]

    def __str__(self) -> str:
        return f"{self.workflow} {self.file_id}: {self.from_state} → {self.to_state}"

    def _label(self, state: str) -> str:
        states = WORKFLOWS[self.workflow].states
        return str(states(state).label) if state in states.values else state


ZERO = Decimal(0)
