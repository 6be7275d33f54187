from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """Activity categories of loi 114-13: they decide the turnover ceiling and the tax rate."""

    COMMERCIAL = "commercial", _("Commerciale")
    INDUSTRIAL = "industrial", _("Industrielle")
    ARTISANAL = "artisanal", _("Artisanale")
    SERVICES = "services", _("Prestation de services")


class Gender(models.TextChoices):
    FEMALE = "F", _("Femme")
    MALE = "M", _("Homme")


class IdentityKind(models.TextChoices):
    CIN = "cin", _("Carte nationale d'identité (CIN)")
    RESIDENCE_CARD = "residence_card", _("Carte de séjour")


class Channel(models.TextChoices):
    ONLINE = "online", _("En ligne")
    COUNTER = "counter", _("Guichet")
    IMPORT = "import", _("Import en masse")
    API = "api", _("API")


class RejectionReason(models.TextChoices):
    MINOR = "minor", _("Le demandeur n'est pas majeur")
    ACTIVITY_EXCLUDED = "activity_excluded", _("Activité exclue du statut")
    SALARIED = "salaried", _("L'activité n'est pas l'activité principale (salarié)")
    TAXE_PROFESSIONNELLE = "taxe_professionnelle", _("Activité déjà soumise à la taxe professionnelle")
    ALREADY_REGISTERED = "already_registered", _("Déjà inscrit au registre")
    DUPLICATE = "duplicate", _("Doublon d'un autre dossier")
    DOCUMENTS = "documents", _("Pièces manquantes ou illisibles")
    IDENTITY = "identity", _("Identité non vérifiée")
    OTHER = "other", _("Autre motif (précisé)")


class StrikeOffReason(models.TextChoices):
    VOLUNTARY = "voluntary", _("Radiation volontaire")
    CEILING = "ceiling", _("Plafond de chiffre d'affaires dépassé deux années consécutives")
    DEATH = "death", _("Décès")
    FRAUD = "fraud", _("Fraude ou fausse déclaration")
    NO_ACTIVITY = "no_activity", _("Absence d'activité")
    OTHER = "other", _("Autre motif (précisé)")


class RegistrationStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    STRUCK_OFF = "struck_off", _("Radiée")


class DuplicateStatus(models.TextChoices):
    OPEN = "open", _("À examiner")
    MERGED = "merged", _("Fusionné")
    DISMISSED = "dismissed", _("Écarté")
