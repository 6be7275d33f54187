"""Caravans and forums: a campaign (a programme's tour of the regions) has stops; people register for a stop
(capacity and an ordered waiting list), are checked in at the door (scans merged idempotently from offline devices)
and the stop counts its outcomes (caravans.outcomes)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from moukawil.core.models import TransitionLog

from .workflow import ACTIVE, PUBLIC_CAMPAIGN_STATES, CampaignState, State, StopState


class Service(models.TextChoices):
    TRAINING = "training", _("Formation")
    PERMIT = "permit", _("Délivrance du permis numérique")
    REGISTER = "register", _("Inscription au registre de l'auto-entrepreneur")
    ADVICE = "advice", _("Conseil et orientation")


class Channel(models.TextChoices):
    ONLINE = "online", _("En ligne")
    COUNTER = "counter", _("Au guichet")
    BULK = "bulk", _("Par liste")
    WALK_IN = "walk_in", _("Sur place")


class Gender(models.TextChoices):
    FEMALE = "F", _("Femme")
    MALE = "M", _("Homme")


class CampaignQuerySet(models.QuerySet):
    def published(self) -> CampaignQuerySet:
        """What the public sees: published campaigns and those that took place (closed)."""
        return self.filter(state__in=PUBLIC_CAMPAIGN_STATES)


class Campaign(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    title_fr = models.CharField(_("intitulé"), max_length=150)
    title_ar = models.CharField(_("intitulé en arabe"), max_length=150, blank=True)
    programme = models.ForeignKey(
        "programmes.Programme", verbose_name=_("programme"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    organiser = models.ForeignKey(
        "territory.Organisation", verbose_name=_("organisateur"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"))
    summary_fr = models.TextField(_("présentation"), blank=True)
    summary_ar = models.TextField(_("présentation en arabe"), blank=True)
    state = models.CharField(_("état"), max_length=12, choices=CampaignState.choices, default=CampaignState.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campagne")
        ordering = ["-starts_on", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_dates_ordered",
                violation_error_message=_("La fin de la campagne précède son début."),
            )
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.title_fr

    @property
    def title(self) -> str:
        return self.title_ar if get_language() == "ar" and self.title_ar else self.title_fr

    @property
    def summary(self) -> str:
        return self.summary_ar if get_language() == "ar" and self.summary_ar else self.summary_fr

    @property
    def is_public(self) -> bool:
        return self.state in PUBLIC_CAMPAIGN_STATES


class StopQuerySet(models.QuerySet):
    def visible_to(self, user) -> StopQuerySet:
        from moukawil.accounts.scoping import scope_queryset

        return scope_queryset(self, user, region="region")


class Stop(models.Model):
    """One stop of a campaign: a forum or an information day in a city, at a chamber, on a day."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="stops")
    city = models.CharField(_("ville"), max_length=80)
    city_ar = models.CharField(_("ville en arabe"), max_length=80, blank=True)
    province = models.ForeignKey("territory.Province", verbose_name=_("province"), on_delete=models.PROTECT,
                                 related_name="+")  # fmt: skip
    # The province's region, copied for scoping and the results by region (written from the province only).
    region = models.ForeignKey("territory.Region", verbose_name=_("région"), on_delete=models.PROTECT,
                               related_name="+")  # fmt: skip
    host = models.ForeignKey(
        "territory.Organisation", verbose_name=_("chambre d'accueil"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    venue = models.CharField(_("lieu"), max_length=200)
    venue_ar = models.CharField(_("lieu en arabe"), max_length=200, blank=True)
    day = models.DateField(_("date"))
    opens_at = models.TimeField(_("ouverture"))
    closes_at = models.TimeField(_("fermeture"))
    capacity = models.PositiveIntegerField(_("places"))
    services = models.JSONField(_("services sur place"), default=list, blank=True)
    state = models.CharField(_("état"), max_length=12, choices=StopState.choices, default=StopState.SCHEDULED)
    # Why the stop was cancelled: the calendar, the registrants' e-mail and the refused sync all say it.
    cancel_reason = models.CharField(_("motif d'annulation"), max_length=300, blank=True)
    # The last order number given to a registration of this stop: taken under the stop's lock, it orders the
    # waiting list whatever the clocks of concurrent requests say.
    last_seq = models.PositiveIntegerField(default=0)

    objects = StopQuerySet.as_manager()

    class Meta:
        verbose_name = _("escale")
        ordering = ["day", "opens_at", "city"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="stop_hours_ordered",
                violation_error_message=_("La fermeture précède l'ouverture."),
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="stop_has_places",
                                   violation_error_message=_("Une escale a au moins une place.")),
            models.CheckConstraint(
                condition=Q(state=StopState.CANCELLED) | Q(cancel_reason=""), name="stop_reason_iff_cancelled",
                violation_error_message=_("Seule une escale annulée porte un motif d'annulation."),
            ),
        ]  # fmt: skip
        indexes = [models.Index(fields=["region", "day"], name="stop_region_day_idx")]

    def __str__(self) -> str:
        return f"{self.city} ({self.day:%d/%m/%Y})"

    @property
    def city_name(self) -> str:
        return self.city_ar if get_language() == "ar" and self.city_ar else self.city

    @property
    def venue_name(self) -> str:
        """The venue in the page's language (the French one when no Arabic was given)."""
        return self.venue_ar if get_language() == "ar" and self.venue_ar else self.venue

    @property
    def service_labels(self) -> list[str]:
        return [str(Service(s).label) for s in self.services if s in Service.values]

    @property
    def is_cancelled(self) -> bool:
        return self.state == StopState.CANCELLED


class CampaignTransition(TransitionLog):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="transitions")
    states = CampaignState

    class Meta(TransitionLog.Meta):
        verbose_name = _("étape de la campagne")
        verbose_name_plural = _("historique de la campagne")

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.from_state}→{self.to_state}"


class StopTransition(TransitionLog):
    stop = models.ForeignKey(Stop, on_delete=models.CASCADE, related_name="transitions")
    states = StopState

    class Meta(TransitionLog.Meta):
        verbose_name = _("étape de l'escale")
        verbose_name_plural = _("historique de l'escale")

    def __str__(self) -> str:
        return f"{self.stop_id} {self.from_state}→{self.to_state}"


class CaravanRegistrationQuerySet(models.QuerySet):
    def visible_to(self, user) -> CaravanRegistrationQuerySet:
        from moukawil.accounts.scoping import scope_queryset

        return scope_queryset(self, user, region="stop__region", owner="user")

    def active(self) -> CaravanRegistrationQuerySet:
        return self.filter(state__in=ACTIVE)


class Registration(models.Model):
    """One person (for an enterprise, or an auto-entrepreneur) registered for a stop, or walked in."""

    stop = models.ForeignKey(Stop, verbose_name=_("escale"), on_delete=models.PROTECT, related_name="registrations")
    seq = models.PositiveIntegerField(_("ordre d'inscription"))
    code = models.CharField(_("code d'accueil"), max_length=12, unique=True)
    state = models.CharField(_("état"), max_length=12, choices=State.choices)
    channel = models.CharField(_("canal"), max_length=8, choices=Channel.choices)
    name = models.CharField(_("nom"), max_length=150)
    gender = models.CharField(_("sexe"), max_length=1, choices=Gender.choices)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=16, blank=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("entreprise"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    enterprise_name = models.CharField(_("entreprise ou activité"), max_length=200, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="caravan_registrations")  # fmt: skip
    # A walk-in registered on an officer's device offline carries the device's own identifier: synced twice, once.
    client_uuid = models.UUIDField(null=True, blank=True, unique=True)
    checked_in_at = models.DateTimeField(_("présent depuis"), null=True, blank=True)
    checked_in_device = models.CharField(_("appareil"), max_length=64, blank=True)
    certificate_number = models.CharField(_("numéro d'attestation"), max_length=20, null=True, blank=True,
                                          unique=True)  # fmt: skip
    created_at = models.DateTimeField(_("inscrit le"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")  # fmt: skip

    objects = CaravanRegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("inscription à une escale")
        verbose_name_plural = _("inscriptions aux escales")
        ordering = ["stop", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["stop", "seq"], name="caravan_registration_seq"),
            models.UniqueConstraint(
                fields=["stop", "user"], condition=Q(user__isnull=False, state__in=list(ACTIVE)),
                name="caravan_one_active_per_user",
                violation_error_message=_("Vous êtes déjà inscrit à cette escale."),
            ),
            models.UniqueConstraint(
                fields=["stop", "email"], condition=~Q(email="") & Q(state__in=list(ACTIVE)),
                name="caravan_one_active_per_email",
                violation_error_message=_("Cette adresse e-mail est déjà inscrite à cette escale."),
            ),
            models.CheckConstraint(
                condition=Q(state=State.PRESENT, checked_in_at__isnull=False)
                | (~Q(state=State.PRESENT) & Q(checked_in_at__isnull=True)),
                name="caravan_present_iff_checked_in",
                violation_error_message=_("L'heure d'arrivée est renseignée si et seulement si la personne est "
                                          "présente."),
            ),
        ]  # fmt: skip
        indexes = [models.Index(fields=["stop", "state", "seq"], name="caravan_registration_queue")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def public_state_label(self) -> str:
        from .workflow import PUBLIC_LABELS

        return str(PUBLIC_LABELS[State(self.state)])


class RegistrationTransition(TransitionLog):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="transitions")
    states = State

    class Meta(TransitionLog.Meta):
        verbose_name = _("étape de l'inscription")
        verbose_name_plural = _("historique de l'inscription")

    def __str__(self) -> str:
        return f"{self.registration_id} {self.from_state}→{self.to_state}"


class Scan(models.Model):
    """One scan made by a check-in device, kept whatever its outcome: the device's own identifier makes a batch
    sent twice a no-op, and a scan the server could not accept is kept with its reason (reported, not lost)."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("Présence enregistrée")
        DUPLICATE = "duplicate", _("Déjà pointé")
        CONFLICT = "conflict", _("En conflit")
        REFUSED = "refused", _("Refusé")

    uuid = models.UUIDField(unique=True)
    stop = models.ForeignKey(Stop, on_delete=models.PROTECT, related_name="scans")
    registration = models.ForeignKey(Registration, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="scans")  # fmt: skip
    code = models.CharField(_("code lu"), max_length=64, blank=True)
    device = models.CharField(_("appareil"), max_length=64)
    scanned_at = models.DateTimeField(_("lu le"))
    received_at = models.DateTimeField(_("reçu le"), auto_now_add=True)
    outcome = models.CharField(_("résultat"), max_length=10, choices=Outcome.choices)
    reason = models.CharField(_("motif"), max_length=300, blank=True)
    # The reason again as ``[msgid, params]``: a page shows it in the reader's language (the API keeps ``reason``).
    reason_localised = models.JSONField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")  # fmt: skip

    class Meta:
        verbose_name = _("pointage")
        ordering = ["scanned_at", "id"]

    def __str__(self) -> str:
        return f"{self.uuid} {self.outcome}"

    @property
    def reason_text(self) -> str:
        """The reason in the page's language (scans stored before their reasons were translatable: French)."""
        from moukawil.core.errors import localise

        return localise(*self.reason_localised) if self.reason_localised else self.reason


Registration.region = property(lambda self: self.stop.region)  # type: ignore[attr-defined]  # audit of documents
