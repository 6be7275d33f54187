"""The register of very small enterprises (TPE) and the reference data it needs (courts, sectors)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Court(models.Model):
    """A court keeping a commercial register: an RC number means something only with its court."""

    class Kind(models.TextChoices):
        COMMERCIAL = "commercial", _("Tribunal de commerce")
        FIRST_INSTANCE = "first_instance", _("Tribunal de première instance")

    name_fr = models.CharField(_("nom"), max_length=120, unique=True)
    city = models.CharField(_("ville"), max_length=80)
    region = models.ForeignKey("territory.Region", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)

    class Meta:
        verbose_name = _("tribunal")
        ordering = ["city", "name_fr"]

    def __str__(self) -> str:
        return self.name_fr


class Sector(models.Model):
    code = models.CharField(_("code"), max_length=2, unique=True)
    name_fr = models.CharField(_("libellé"), max_length=150)
    name_ar = models.CharField(_("libellé arabe"), max_length=150)

    class Meta:
        verbose_name = _("secteur")
        ordering = ["code"]

    def __str__(self) -> str:
        # In the reader's language: the sector lists of the pages show it.
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return self.name_ar if get_language() == "ar" and self.name_ar else self.name_fr


class LegalKind(models.TextChoices):
    NATURAL = "natural", _("Personne physique")
    LEGAL = "legal", _("Personne morale (société)")


class SizeClass(models.TextChoices):
    TPE = "tpe", _("Très petite entreprise")
    SMALL = "small", _("Petite entreprise")
    MEDIUM = "medium", _("Moyenne entreprise")
    LARGE = "large", _("Grande entreprise")


class EnterpriseQuerySet(models.QuerySet):
    def visible_to(self, user) -> EnterpriseQuerySet:
        from moukawil.accounts.scoping import scope_queryset

        return scope_queryset(self, user, region="region", owner="owner")


class Enterprise(models.Model):
    legal_kind = models.CharField(_("forme"), max_length=8, choices=LegalKind.choices)
    name = models.CharField(_("raison sociale ou nom"), max_length=200)
    name_ar = models.CharField(_("nom en arabe"), max_length=200, blank=True)
    registration = models.OneToOneField(
        "registry.Registration", null=True, blank=True, on_delete=models.SET_NULL, related_name="enterprise",
        verbose_name=_("inscription auto-entrepreneur"),
    )  # fmt: skip
    ice = models.CharField(_("ICE"), max_length=15, blank=True)
    rc_court = models.ForeignKey(
        Court, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("tribunal du RC")
    )
    rc_number = models.CharField(_("numéro RC"), max_length=20, blank=True)
    tax_id = models.CharField(_("identifiant fiscal (IF)"), max_length=12, blank=True)
    tp_number = models.CharField(_("numéro de taxe professionnelle"), max_length=15, blank=True)
    cnss_number = models.CharField(_("numéro CNSS"), max_length=12, blank=True)
    created_on = models.DateField(_("date de création"))
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="+", verbose_name=_("secteur"))
    employees = models.PositiveIntegerField(_("effectif"), default=0)
    last_turnover = models.DecimalField(_("dernier chiffre d'affaires annuel (DH)"), max_digits=14, decimal_places=2)
    turnover_year = models.PositiveSmallIntegerField(_("année du chiffre d'affaires"))
    size_class = models.CharField(_("taille"), max_length=8, choices=SizeClass.choices)
    province = models.ForeignKey("territory.Province", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("territory.Region", on_delete=models.PROTECT, related_name="+")
    is_rural = models.BooleanField(_("en milieu rural"), default=False)
    is_innovative = models.BooleanField(_("label « entreprise innovante »"), default=False)
    owner_gender = models.CharField(
        _("sexe du dirigeant"), max_length=1, choices=[("F", _("Femme")), ("M", _("Homme"))]
    )
    contact_name = models.CharField(_("contact"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=16, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="enterprises",
        verbose_name=_("compte du dirigeant"),
    )  # fmt: skip
    import_key = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = _("entreprise")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ice"], condition=~Q(ice=""), name="enterprise_unique_ice",
                violation_error_message=_("Une entreprise est déjà enregistrée avec cet ICE."),
            ),
            models.UniqueConstraint(
                fields=["rc_court", "rc_number"], condition=~Q(rc_number=""), name="enterprise_unique_rc",
                violation_error_message=_("Une entreprise est déjà enregistrée avec ce RC auprès de ce tribunal."),
            ),
            models.CheckConstraint(
                condition=Q(rc_number="") | Q(rc_court__isnull=False), name="enterprise_rc_has_court",
                violation_error_message=_("Un numéro RC va avec son tribunal."),
            ),
        ]  # fmt: skip
        indexes = [
            models.Index(fields=["region", "size_class"], name="enterprise_region_idx"),
            models.Index(fields=["last_turnover"], name="enterprise_turnover_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def rc(self) -> str:
        return f"RC {self.rc_court.city} {self.rc_number}" if self.rc_number and self.rc_court else ""
