from django.db import models
from django.utils.translation import gettext_lazy as _


class ProvinceKind(models.TextChoices):
    PREFECTURE = "P", _("Préfecture")
    PROVINCE = "V", _("Province")


class OrganisationKind(models.TextChoices):
    AGENCY = "agency", _("Agence nationale")
    CCIS = "ccis", _("Chambre de commerce (CCIS)")
    FEDERATION = "federation", _("Fédération des chambres")
    ASSOCIATION = "association", _("Association professionnelle")
    BANK = "bank", _("Banque partenaire")
    VENDOR = "vendor", _("Fournisseur informatique")
    MUNICIPAL_COUNCIL = "municipal_council", _("Conseil communal")
    MINISTRY = "ministry", _("Ministère")
    OTHER = "other", _("Autre")
