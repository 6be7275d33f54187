from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ENTREPRENEUR = "entrepreneur", _("Entrepreneur")
    CCIS_OFFICER = "ccis_officer", _("Agent de chambre (CCIS)")
    AGENCY_OFFICER = "agency_officer", _("Agent de l'agence nationale")
    BANK_OFFICER = "bank_officer", _("Chargé de financement (banque)")
    VENDOR = "vendor", _("Fournisseur informatique")
    VIEWER = "viewer", _("Lecteur (ministère)")
    ADMIN = "admin", _("Administrateur")


# Roles that see every region. The viewer reads only; the agency officer and the administrator act.
NATIONAL_ROLES = frozenset({Role.AGENCY_OFFICER, Role.VIEWER, Role.ADMIN})
STAFF_ROLES = frozenset({Role.CCIS_OFFICER, Role.AGENCY_OFFICER, Role.VIEWER, Role.ADMIN})
# Roles that only exist inside a partner organisation and see what concerns it.
ORGANISATION_ROLES = frozenset({Role.BANK_OFFICER, Role.VENDOR})
