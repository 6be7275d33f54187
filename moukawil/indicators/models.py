"""Summary tables: each indicator's figures grouped by region, province, year, month, gender, category and
programme, so that national dashboards read a few thousand rows instead of millions. They hold only counts and
sums (no person), are rebuilt year by year from the live rows by a task (``indicators.refresh``) and can be
rebuilt at any time to the same end state."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Figure(models.Model):
    indicator = models.CharField(_("indicateur"), max_length=40)
    region = models.ForeignKey("territory.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    province = models.ForeignKey(
        "territory.Province", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("année"))
    month = models.PositiveSmallIntegerField(_("mois"))
    gender = models.CharField(_("sexe"), max_length=1, blank=True)
    category = models.CharField(_("catégorie"), max_length=12, blank=True)
    programme = models.CharField(_("programme"), max_length=40, blank=True)
    value = models.DecimalField(_("valeur"), max_digits=18, decimal_places=2, default=Decimal(0))

    class Meta:
        verbose_name = _("chiffre agrégé")
        verbose_name_plural = _("chiffres agrégés")
        indexes = [models.Index(fields=["indicator", "year", "region"], name="figure_lookup_idx")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}-{self.month:02d} {self.region_id}: {self.value}"


class Refresh(models.Model):
    """When the summaries of one indicator and one year were last rebuilt (the dashboards say « chiffres au … »)."""

    indicator = models.CharField(_("indicateur"), max_length=40)
    year = models.PositiveSmallIntegerField(_("année"))
    refreshed_at = models.DateTimeField(_("recalculé le"))
    rows = models.PositiveIntegerField(_("lignes"), default=0)

    class Meta:
        verbose_name = _("recalcul des chiffres")
        constraints = [models.UniqueConstraint(fields=["indicator", "year"], name="refresh_one_per_indicator_year")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}"
