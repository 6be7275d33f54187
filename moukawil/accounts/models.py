"""Users log in by e-mail and hold one role; chamber officers are bound to one region, partners to one organisation."""

from __future__ import annotations

import hashlib

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import NATIONAL_ROLES, ORGANISATION_ROLES, STAFF_ROLES, Role


class UserQuerySet(models.QuerySet):
    def visible_to(self, user) -> UserQuerySet:
        from .scoping import scope_queryset

        return scope_queryset(self, user, region="region", owner="pk", organisation="organisation")

    def with_role(self, role: str) -> UserQuerySet:
        return self.filter(role=role)

    def active(self) -> UserQuerySet:
        return self.filter(is_active=True)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        """Low-level creation (used by ``createsuperuser``); applications go through ``user_create``."""
        if not email:
            raise ValueError("L'adresse e-mail est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True, role=Role.ADMIN)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("adresse e-mail"), unique=True)
    first_name = models.CharField(_("prénom"), max_length=100, blank=True)
    last_name = models.CharField(_("nom"), max_length=100, blank=True)
    first_name_ar = models.CharField(_("prénom (arabe)"), max_length=100, blank=True)
    last_name_ar = models.CharField(_("nom (arabe)"), max_length=100, blank=True)
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices, default=Role.ENTREPRENEUR)
    region = models.ForeignKey(
        "territory.Region",
        verbose_name=_("région"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    organisation = models.ForeignKey(
        "territory.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    preferred_language = models.CharField(
        _("langue préférée"), max_length=2, choices=[("fr", "Français"), ("ar", "العربية")], default="fr"
    )
    is_active = models.BooleanField(_("actif"), default=True)
    is_staff = models.BooleanField(_("accès à l'administration technique"), default=False)
    date_joined = models.DateTimeField(_("inscrit le"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["last_name", "first_name", "email"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role=Role.CCIS_OFFICER) | models.Q(region__isnull=False),
                name="user_ccis_officer_has_region",
                violation_error_message=_("Un agent de chambre est rattaché à une région."),
            ),
            models.CheckConstraint(
                condition=~models.Q(role__in=[Role.BANK_OFFICER, Role.VENDOR]) | models.Q(organisation__isnull=False),
                name="user_partner_has_organisation",
                violation_error_message=_("Un partenaire (banque, fournisseur) est rattaché à son organisation."),
            ),
            models.CheckConstraint(
                condition=models.Q(email=models.functions.Lower("email")),
                name="user_email_lowercase",
                violation_error_message=_("L'adresse e-mail est enregistrée en minuscules."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email

    @property
    def display_name(self) -> str:
        from django.utils.translation import get_language

        if get_language() == "ar" and (self.first_name_ar or self.last_name_ar):
            return f"{self.first_name_ar} {self.last_name_ar}".strip()
        return str(self)

    @property
    def is_national(self) -> bool:
        return self.is_superuser or self.role in NATIONAL_ROLES

    @property
    def scope_region(self):
        """The region this account's work is bounded to (imports, reminders): none for national roles."""
        return None if self.is_national else self.region

    @property
    def is_staff_role(self) -> bool:
        return self.is_superuser or self.role in STAFF_ROLES

    @property
    def is_partner(self) -> bool:
        return self.role in ORGANISATION_ROLES

    @property
    def is_read_only(self) -> bool:
        return self.role == Role.VIEWER


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self) -> ApiTokenQuerySet:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True, user__is_active=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the raw token is shown once, at creation."""

    user = models.ForeignKey(User, verbose_name=_("utilisateur"), on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nom"), max_length=100)
    prefix = models.CharField(_("début du jeton"), max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expire le"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("jeton d'API")
        verbose_name_plural = _("jetons d'API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
