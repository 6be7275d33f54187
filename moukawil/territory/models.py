"""The territory (12 regions, 75 prefectures and provinces) and the organisations that work on it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .enums import OrganisationKind, ProvinceKind


class BilingualNameMixin:
    name_fr: str
    name_ar: str

    @property
    def name(self) -> str:
        """The name in the active language, French when no Arabic name is recorded."""
        if get_language() == "ar" and self.name_ar:
            return self.name_ar
        return self.name_fr


class Region(BilingualNameMixin, models.Model):
    code = models.CharField(_("code"), max_length=2, unique=True, help_text=_("01 à 12 (découpage de 2015)"))
    iso_code = models.CharField(_("code ISO 3166-2"), max_length=5, unique=True)
    name_fr = models.CharField(_("nom (français)"), max_length=100)
    name_ar = models.CharField(_("nom (arabe)"), max_length=100)
    chef_lieu = models.CharField(_("chef-lieu"), max_length=100)

    class Meta:
        verbose_name = _("région")
        verbose_name_plural = _("régions")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_fr


class Province(BilingualNameMixin, models.Model):
    """A prefecture (urban) or province, the level below the region."""

    code = models.CharField(_("code ISO 3166-2"), max_length=6, unique=True)
    name_fr = models.CharField(_("nom (français)"), max_length=100)
    name_ar = models.CharField(_("nom (arabe)"), max_length=100, blank=True)
    kind = models.CharField(_("type"), max_length=1, choices=ProvinceKind.choices)
    region = models.ForeignKey(Region, verbose_name=_("région"), on_delete=models.PROTECT, related_name="provinces")

    class Meta:
        verbose_name = _("préfecture ou province")
        verbose_name_plural = _("préfectures et provinces")
        ordering = ["region__code", "name_fr"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name_fr}"


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user) -> OrganisationQuerySet:
        from moukawil.accounts.scoping import scope_queryset

        # National bodies (no region) are visible to every staff member; regional ones follow the region scope.
        return scope_queryset(self, user, region="region", organisation="pk", national_rows=True)

    def of_kind(self, kind: str) -> OrganisationQuerySet:
        return self.filter(kind=kind)

    def active(self) -> OrganisationQuerySet:
        return self.filter(is_active=True)


class Organisation(BilingualNameMixin, models.Model):
    """Any body Moukawil works with: the agency, the chambers, banks, IT vendors, municipal councils…"""

    kind = models.CharField(_("type"), max_length=20, choices=OrganisationKind.choices)
    name_fr = models.CharField(_("nom (français)"), max_length=200)
    name_ar = models.CharField(_("nom (arabe)"), max_length=200, blank=True)
    acronym = models.CharField(_("sigle"), max_length=30, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("région"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
        help_text=_("Vide pour un organisme national."),
    )
    city = models.CharField(_("ville"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    is_active = models.BooleanField(_("actif"), default=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["kind", "name_fr"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "name_fr"], name="organisation_unique_kind_name"),
            # One chamber per region (federated nationally).
            models.UniqueConstraint(
                fields=["region"],
                condition=models.Q(kind="ccis"),
                name="organisation_one_ccis_per_region",
                violation_error_message=_("Cette région a déjà sa chambre de commerce."),
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="ccis") | models.Q(region__isnull=False),
                name="organisation_ccis_has_region",
                violation_error_message=_("Une chambre de commerce est rattachée à une région."),
            ),
        ]

    def __str__(self) -> str:
        return self.acronym or self.name_fr
