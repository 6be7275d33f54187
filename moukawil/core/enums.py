"""Audit event types, numbered by domain (Zulip's RealmAuditLog habit).

0xx accounts and access · 05x territory and organisations · 1xx register · 2xx programmes · 3xx declarations ·
4xx certificates · 5xx events and caravans · 6xx conventions and targets · 9xx system.
Numbers are stored; never renumber an existing member, only append.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEventType(models.IntegerChoices):
    USER_CREATED = 1, _("Compte créé")
    USER_ROLE_CHANGED = 2, _("Rôle ou région modifié")
    USER_DEACTIVATED = 3, _("Compte désactivé")
    USER_REACTIVATED = 4, _("Compte réactivé")
    USERS_BULK_CREATED = 5, _("Comptes créés en masse")
    API_TOKEN_CREATED = 10, _("Jeton d'API créé")
    API_TOKEN_REVOKED = 11, _("Jeton d'API révoqué")
    ORGANISATION_CREATED = 50, _("Organisation créée")
    ORGANISATION_UPDATED = 51, _("Organisation modifiée")
    TERRITORY_LOADED = 55, _("Référentiel territorial chargé")
    PERSON_CREATED = 100, _("Personne enregistrée")
    PERSON_UPDATED = 101, _("Coordonnées de la personne modifiées")
    APPLICATION_CREATED = 110, _("Demande d'inscription créée")
    APPLICATION_UPDATED = 114, _("Demande d'inscription complétée par le demandeur")
    APPLICATION_TRANSITION = 111, _("Demande d'inscription : changement d'état")
    REGISTRATION_CREATED = 120, _("Inscription au registre")
    REGISTRATION_STRUCK_OFF = 121, _("Radiation du registre")
    APPLICATIONS_IMPORTED = 112, _("Import de demandes d'inscription")
    APPLICATIONS_BATCH_CREATED = 113, _("Lot de demandes importées")
    DUPLICATE_FLAGGED = 130, _("Doublon présumé signalé")
    DUPLICATE_DECIDED = 131, _("Doublon présumé examiné")
    REGISTER_EXPORTED = 140, _("Export de données du registre")
    PERIODICITY_CHOSEN = 200, _("Périodicité de déclaration choisie")
    DECLARATION_SUBMITTED = 201, _("Déclaration de chiffre d'affaires déposée")
    DECLARATION_AMENDED = 202, _("Déclaration de chiffre d'affaires rectifiée")
    PAYMENT_RECORDED = 210, _("Paiement enregistré")
    DECLARATIONS_RECOMPUTED = 203, _("Déclarations recalculées")
    DECLARATION_REMINDER_SENT = 204, _("Relances de déclaration envoyées")
    STRIKE_OFF_PROPOSED = 220, _("Radiation proposée (plafond dépassé)")
    STRIKE_OFF_PROPOSAL_DECIDED = 221, _("Proposition de radiation examinée")
    ENTERPRISE_CREATED = 300, _("Entreprise enregistrée")
    ENTERPRISE_UPDATED = 301, _("Fiche entreprise modifiée")
    ENTERPRISES_IMPORTED = 302, _("Import d'entreprises")
    PROGRAMME_SAVED = 310, _("Programme enregistré")
    CALL_SAVED = 311, _("Appel (édition) enregistré")
    PROGRAMME_APPLICATION_CREATED = 320, _("Candidature à un programme déposée")
    PROGRAMME_APPLICATION_TRANSITION = 321, _("Candidature : changement d'état")
    ASSESSMENT_SAVED = 322, _("Évaluation d'une candidature")
    BENEFIT_RECORDED = 330, _("Prestation ou subvention enregistrée")
    SUBSIDY_COMMITTED = 331, _("Subvention engagée sur le budget de l'appel")
    CERTIFICATE_ISSUED = 400, _("Attestation d'inscription délivrée")
    RECEIPT_ISSUED = 401, _("Accusé de réception de déclaration délivré")
    CONVENTION_SAVED = 600, _("Convention enregistrée")
    CONVENTION_TRANSITION = 601, _("Convention : changement d'état")
    CONVENTION_DOCUMENT_ADDED = 602, _("Document joint à une convention")
    COMMITMENT_SAVED = 603, _("Engagement chiffré enregistré")
    COMMITMENT_DELETED = 604, _("Engagement chiffré supprimé")
    INDICATORS_REFRESHED = 610, _("Chiffres agrégés recalculés")
