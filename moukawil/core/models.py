"""Core models: the append-only audit log and the counters behind gapless official numbers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import AuditEventType


class AuditEventQuerySet(models.QuerySet):
    def visible_to(self, user) -> AuditEventQuerySet:
        from moukawil.accounts.scoping import scope_queryset

        return scope_queryset(self, user, region="region", owner="actor")

    def for_target(self, obj) -> AuditEventQuerySet:
        return self.filter(target_type=obj._meta.label_lower, target_id=str(obj.pk))

    # Append-only: the ORM refuses, before the database's triggers do (core.audit_guard).
    def update(self, **kwargs):
        raise RuntimeError("Le journal d'audit est en ajout seul : un événement ne se modifie pas.")

    def delete(self):
        raise RuntimeError("Le journal d'audit est en ajout seul : un événement ne se supprime pas.")

    delete.queryset_only = True  # type: ignore[attr-defined]


class AuditEvent(models.Model):
    """Who did what to which record, when, with the values before and after. Never updated, never deleted."""

    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Kept as text so that the log still reads after the actor's account changes.
    actor_label = models.CharField(_("auteur (libellé)"), max_length=255)
    # No `choices` on the column: adding an event type must not need a migration. See AuditEventType.
    event_type = models.PositiveSmallIntegerField(_("type d'événement"), db_index=True)
    # A generic pointer without a foreign key: the log outlives what it describes.
    target_type = models.CharField(_("type de cible"), max_length=100, blank=True)
    target_id = models.CharField(_("identifiant de la cible"), max_length=64, blank=True)
    target_label = models.CharField(_("cible"), max_length=255, blank=True)
    # The region the event belongs to, so that a chamber officer sees the events of their region only.
    region = models.ForeignKey(
        "territory.Region",
        verbose_name=_("région"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    before = models.JSONField(_("avant"), null=True, blank=True)
    after = models.JSONField(_("après"), null=True, blank=True)
    extra = models.JSONField(_("détails"), null=True, blank=True)
    # The seal (core.chain), set once right after the event's transaction commits: its rank in the chain, the hash
    # of the event before it and its own hash.
    seq = models.PositiveBigIntegerField(_("rang dans la chaîne"), null=True, blank=True, unique=True)
    prev_hash = models.CharField(_("hachage précédent"), max_length=64, blank=True, default="", db_default="")
    hash = models.CharField(_("hachage"), max_length=64, blank=True, default="", db_default="")

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("événement d'audit")
        verbose_name_plural = _("journal d'audit")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.event_label} {self.target_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Le journal d'audit est en ajout seul : un événement ne se modifie pas.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Le journal d'audit est en ajout seul : un événement ne se supprime pas.")

    @property
    def details_text(self) -> str:
        """Before, after and details as indented JSON, for the audit viewer."""
        import json

        from django.utils.translation import gettext

        labelled = ((gettext("avant"), self.before), (gettext("après"), self.after), (gettext("détails"), self.extra))
        parts = {label: value for label, value in labelled if value}
        return json.dumps(parts, ensure_ascii=False, indent=1, default=str) if parts else ""

    @property
    def event_label(self) -> str:
        try:
            return str(AuditEventType(self.event_type).label)
        except ValueError:
            return str(self.event_type)


class AuditChain(models.Model):
    """The head of the audit log's hash chain (one row): the last sealed event, its rank and hash. Locked by each
    seal, so that parallel seals make one chain; ``audit verify`` checks that the table still ends where it says."""

    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, blank=True, default="")
    last_event_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("tête de la chaîne d'audit")

    def __str__(self) -> str:
        return f"{self.last_seq} {self.last_hash}"


class TransitionLog(models.Model):
    """The one shape of a workflow's log (see ``core.workflow``): which transition, from which state to which, who
    fired it, when and why. Each workflow's log is a model built on this one with a foreign key to its file."""

    name = models.CharField(_("transition"), max_length=20)
    from_state = models.CharField(_("de"), max_length=16, blank=True)
    to_state = models.CharField(_("vers"), max_length=16)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    reason = models.TextField(_("motif"), blank=True)
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    # The workflow's states (a TextChoices), set by each concrete log, for the labels below.
    states: type[models.TextChoices]

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def _label(self, state: str) -> str:
        return str(self.states(state).label) if state in self.states.values else state

    def get_from_state_display(self) -> str:
        return self._label(self.from_state)

    def get_to_state_display(self) -> str:
        return self._label(self.to_state)


class NumberCounter(models.Model):
    """The last number given in one series for one year. Locked while a number is being allocated."""

    series = models.CharField(_("série"), max_length=32)
    year = models.PositiveSmallIntegerField(_("année"))
    last_value = models.PositiveIntegerField(_("dernier numéro"), default=0)

    class Meta:
        verbose_name = _("compteur de numérotation")
        verbose_name_plural = _("compteurs de numérotation")
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="number_counter_unique_series_year"),
        ]

    def __str__(self) -> str:
        return f"{self.series}/{self.year}: {self.last_value}"


class JobQuerySet(models.QuerySet):
    def visible_to(self, user) -> JobQuerySet:
        from moukawil.accounts.scoping import scope_queryset

        return scope_queryset(self, user, region="region", owner="created_by")


class Job(models.Model):
    """One piece of long work run by the task engine (core.tasks): what it is, how far it went, what it found.

    Pages poll it; the worker writes its progress outside the work's own transaction (where the database allows it).
    The work itself is the django-tasks task ``core.tasks.job_task``, whose result id is kept in ``task_result_id``.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        RUNNING = "running", _("En cours")
        DONE = "done", _("Terminé")
        FAILED = "failed", _("Échec")

    kind = models.CharField(_("nature"), max_length=60)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.PENDING)
    phase = models.CharField(_("étape"), max_length=40, blank=True)
    done = models.PositiveIntegerField(_("fait"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    params = models.JSONField(_("paramètres"), default=dict, blank=True)
    report = models.JSONField(_("compte rendu"), default=dict, blank=True)
    error = models.TextField(_("erreur"), blank=True)
    file = models.FileField(_("fichier"), upload_to="tasks/%Y/%m/", blank=True)
    region = models.ForeignKey(
        "territory.Region", verbose_name=_("région"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    task_result_id = models.CharField(_("tâche"), max_length=64, blank=True)
    # host:pid of the process running the current attempt: a worker killed on this host is seen at once.
    worker = models.CharField(_("processus"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("dernier signe de vie"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("tâche")
        verbose_name_plural = _("tâches")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status"], name="core_job_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["done", "failed"], finished_at__isnull=False)
                | models.Q(status__in=["pending", "running"], finished_at__isnull=True),
                name="job_finished_iff_over",
                violation_error_message=_("Une tâche a une date de fin si et seulement si elle est terminée."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def is_over(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        return min(100, int(100 * self.done / self.total)) if self.total else 0
