"""Requests of rectification of a person's data (loi 09-08), on the kernel's workflow engine."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from moukawil.core.models import TransitionLog

from .workflow import State

FIELD_LABELS = {
    "first_name": _("Prénom"), "last_name": _("Nom"), "first_name_ar": _("Prénom en arabe"),
    "last_name_ar": _("Nom en arabe"), "birth_date": _("Date de naissance"), "gender": _("Sexe"),
    "phone": _("Téléphone"), "email": _("E-mail"), "address": _("Adresse"),
}  # fmt: skip


class RectificationQuerySet(models.QuerySet):
    def visible_to(self, user) -> RectificationQuerySet:
        from moukawil.accounts.scoping import scope_queryset

        return scope_queryset(self, user, region="region", owner="requested_by")


class RectificationRequest(models.Model):
    """A holder asks that one field of his record be corrected, with a reason and, if he has one, a piece of
    evidence; an officer of his region accepts (the change is applied by the register's service) or refuses."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("territory.Region", on_delete=models.PROTECT, related_name="+")
    field = models.CharField(_("donnée à rectifier"), max_length=20, choices=list(FIELD_LABELS.items()))
    current_value = models.CharField(_("valeur enregistrée"), max_length=255, blank=True)
    new_value = models.CharField(_("valeur correcte"), max_length=255)
    reason = models.TextField(_("motif"), max_length=2000)
    evidence = models.FileField(_("justificatif"), upload_to="rectifications/%Y/%m/", blank=True)
    state = models.CharField(_("état"), max_length=16, choices=State.choices, default=State.REQUESTED)
    decision_reason = models.TextField(_("motif de la décision"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("déposée le"), auto_now_add=True)
    decided_at = models.DateTimeField(_("traitée le"), null=True, blank=True)

    objects = RectificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande de rectification")
        verbose_name_plural = _("demandes de rectification")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state=State.REQUESTED, decided_at__isnull=True)
                | (~Q(state=State.REQUESTED) & Q(decided_at__isnull=False)),
                name="rectification_decided_iff_not_requested",
                violation_error_message=_("Une demande traitée porte sa date de décision, et elle seule."),
            ),
            models.CheckConstraint(
                condition=~Q(state=State.REFUSED) | ~Q(decision_reason=""),
                name="rectification_refusal_has_reason",
                violation_error_message=_("Un refus porte son motif."),
            ),
        ]

    def __str__(self) -> str:
        return f"RECT-{self.pk} {self.field}"

    @property
    def field_label(self) -> str:
        return str(FIELD_LABELS.get(self.field, self.field))


class RectificationTransition(TransitionLog):
    request = models.ForeignKey(RectificationRequest, on_delete=models.CASCADE, related_name="transitions")
    states = State

    class Meta(TransitionLog.Meta):
        verbose_name = _("étape de la demande de rectification")
