"""The one policy: who may do what, and in which scope.

Every action of the platform is a row of :data:`ACTIONS`: a stable code, a label, and for each role the *reach* it
is granted — its own files (``OWN``), its region's (``REGION``), its partner organisation's (``ORGANISATION``) or the
whole country's (``NATIONAL``). A role missing from an action's grants is refused with the action's reason; a
read-only role (the ministry viewer) is refused every writing action with a reason of its own.

:func:`decide` answers one question — may ``user`` do ``action`` on a subject of this region, owner and
organisation? — with a :class:`~moukawil.core.permissions.Decision` whose reason is in the user's language. The
apps' ``permissions.py`` add what is particular to their files (a state, a channel) on top of it; services call
their check first, so a page, the API, the CLI and a task cannot forget it; pages ask the same question to show only
the actions the reader may use. ``moukawil policy-table`` prints the roles × actions table of ``docs/policy.md``.

The kernel imports no domain app: actions are data (codes and labels), the subjects are given as ids.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from moukawil.accounts.enums import Role

from .permissions import Decision, allow, deny

StrOrPromise = str | Promise


class Reach(StrEnum):
    OWN = "own"
    REGION = "region"
    ORGANISATION = "organisation"
    NATIONAL = "national"


# The label of each reach in the generated table.
REACH_LABELS = {
    Reach.OWN: _("les siens"),
    Reach.REGION: _("sa région"),
    Reach.ORGANISATION: _("son organisation"),
    Reach.NATIONAL: _("tout le pays"),
}

# Reasons shared by many checks.
NOT_LOGGED_IN = _("Connectez-vous pour accéder à cette page.")
READ_ONLY = _("Votre compte est en lecture seule : vous consultez sans modifier.")
OUT_OF_REGION = _("Ce dossier relève d'une autre région : vous agissez sur les dossiers de votre région.")
OTHER_ORGANISATION = _("Ce dossier concerne une autre organisation que la vôtre.")
NOT_YOURS = _("Seul le titulaire du dossier peut faire cette action.")

# The grants that recur: officers act in their region (chamber) or nationally (agency, administrator).
OFFICERS: dict[str, Reach] = {
    Role.CCIS_OFFICER: Reach.REGION,
    Role.AGENCY_OFFICER: Reach.NATIONAL,
    Role.ADMIN: Reach.NATIONAL,
}
AGENCY: dict[str, Reach] = {Role.AGENCY_OFFICER: Reach.NATIONAL, Role.ADMIN: Reach.NATIONAL}
ADMIN_ONLY: dict[str, Reach] = {Role.ADMIN: Reach.NATIONAL}
STAFF_READ: dict[str, Reach] = {**OFFICERS, Role.VIEWER: Reach.NATIONAL}
OWNER: dict[str, Reach] = {Role.ENTREPRENEUR: Reach.OWN}


@dataclass(frozen=True)
class Subject:
    """What an action is about, by ids: the region it belongs to, its owner (a user) and partner organisation."""

    region_id: int | None = None
    owner_id: int | None = None
    organisation_id: int | None = None


@dataclass(frozen=True)
class Action:
    code: str
    label: StrOrPromise
    grants: Mapping[str, Reach]
    refusal: StrOrPromise
    writes: bool = True
    # Every role may do it on what is its own (its account, its tokens), whatever its grants.
    self_service: bool = False
    notes: StrOrPromise = ""


ACTIONS: dict[str, Action] = {}


def action(code: str, label: StrOrPromise, grants: Mapping[str, Reach], refusal: StrOrPromise, **kw) -> Action:
    if code in ACTIONS:
        raise ValueError(f"action {code} declared twice")
    ACTIONS[code] = declared = Action(code, label, dict(grants), refusal, **kw)
    return declared


# --- The actions, by capability ---------------------------------------------------------------------------------
# Reading pages
STAFF_PAGES = action(
    "staff.view", _("Consulter les pages des agents"), STAFF_READ,
    _("Cette page est réservée aux agents des chambres, de l'agence et du ministère."), writes=False,
)  # fmt: skip
AUDIT_VIEW = action(
    "audit.view", _("Consulter le journal d'audit"), STAFF_READ,
    _("Cette page est réservée aux agents des chambres, de l'agence et du ministère."), writes=False,
)  # fmt: skip
# Accounts and organisations
USERS_MANAGE = action(
    "accounts.manage", _("Créer des comptes, attribuer rôles et régions, désactiver"), ADMIN_ONLY,
    _("Seuls les administrateurs gèrent les comptes et les rôles."),
)  # fmt: skip
TOKENS_MANAGE = action(
    "accounts.tokens", _("Créer et révoquer ses jetons d'API"), {}, _("Connectez-vous pour gérer vos jetons."),
    self_service=True,
)  # fmt: skip
ORGANISATIONS_MANAGE = action(
    "organisations.manage", _("Enregistrer et modifier les organisations"), AGENCY,
    _("Seuls l'agence nationale et les administrateurs gèrent les organisations."),
)  # fmt: skip
TERRITORY_LOAD = action(
    "territory.load", _("Charger le référentiel territorial"), ADMIN_ONLY,
    _("Seuls les administrateurs chargent le référentiel territorial."),
)  # fmt: skip
# Register of auto-entrepreneurs
REGISTER_VIEW = action(
    "register.view", _("Consulter le registre et ses chiffres"), STAFF_READ,
    _("Le registre est consulté par les agents des chambres, de l'agence et du ministère."), writes=False,
)  # fmt: skip
APPLICATION_FILE = action(
    "register.application.file", _("Déposer une demande d'inscription"), {**OFFICERS, **OWNER},
    _("Votre rôle ne permet pas de déposer une demande d'inscription."),
    notes=_("L'entrepreneur en ligne ; l'agent au guichet, par import ou par l'API."),
)  # fmt: skip
APPLICATION_DECIDE = action(
    "register.application.decide", _("Instruire et décider une demande d'inscription"), OFFICERS,
    _("Les demandes sont instruites par les agents des chambres et de l'agence."),
)  # fmt: skip
APPLICATION_OWN = action(
    "register.application.own", _("Compléter, retirer ou contester sa demande"), OWNER, NOT_YOURS,
)  # fmt: skip
REGISTER_IMPORT = action(
    "register.import", _("Importer des demandes en masse"), OFFICERS,
    _("Les imports de demandes sont faits par les agents des chambres et de l'agence."),
)  # fmt: skip
REGISTER_EXPORT = action(
    "register.export", _("Exporter le registre (CSV, XLSX)"), STAFF_READ,
    _("Les exports sont réservés aux agents des chambres, de l'agence et du ministère."), writes=False,
)  # fmt: skip
STRIKE_OFF = action(
    "register.strike_off", _("Radier une inscription"), {**OFFICERS, **OWNER},
    _("Votre rôle ne permet pas de radier une inscription."),
    notes=_("L'auto-entrepreneur demande sa radiation volontaire uniquement."),
)  # fmt: skip
DUPLICATES_REVIEW = action(
    "register.duplicates", _("Examiner les doublons présumés (fusionner, écarter)"), OFFICERS,
    _("Les doublons sont examinés par les agents."),
)  # fmt: skip
CERTIFICATE_ISSUE = action(
    "register.certificate", _("Délivrer l'attestation d'inscription"), {**OFFICERS, **OWNER},
    _("Seuls l'auto-entrepreneur et les agents de sa région délivrent cette attestation."),
)  # fmt: skip
# Declarations
DECLARE = action(
    "declarations.declare", _("Déclarer, rectifier, choisir sa périodicité"), {**OFFICERS, **OWNER},
    _("Seul l'auto-entrepreneur (ou un agent de sa région, au guichet) déclare son chiffre d'affaires."),
)  # fmt: skip
RECEIPT_ISSUE = action(
    "declarations.receipt", _("Délivrer l'accusé de réception d'une déclaration"), {**OFFICERS, **OWNER},
    _("Seuls l'auto-entrepreneur et les agents de sa région délivrent cet accusé de réception."),
)  # fmt: skip
PAYMENT_RECORD = action(
    "declarations.payment", _("Enregistrer un paiement"), AGENCY,
    _("Les paiements sont enregistrés par l'agence (ou reçus du prestataire de paiement)."),
)  # fmt: skip
DECLARATIONS_FOLLOW_UP = action(
    "declarations.follow_up", _("Relancer les déclarations manquantes"), OFFICERS,
    _("Les relances sont envoyées par les agents des chambres et de l'agence."),
)  # fmt: skip
CEILINGS_DETECT = action(
    "declarations.ceilings.detect", _("Détecter les dépassements de plafond (propositions de radiation)"), OFFICERS,
    _("Les propositions de radiation sont établies par les agents des chambres et de l'agence."),
)  # fmt: skip
CEILINGS_DECIDE = action(
    "declarations.ceilings.decide", _("Confirmer ou écarter une proposition de radiation"), OFFICERS,
    _("Les propositions de radiation sont examinées par les agents des chambres et de l'agence."),
)  # fmt: skip
DECLARATIONS_RECOMPUTE = action(
    "declarations.recompute", _("Recalculer les déclarations d'une période"), AGENCY,
    _("Seuls l'agence nationale et les administrateurs recalculent les déclarations."),
)  # fmt: skip
# Enterprises
ENTERPRISES_VIEW = action(
    "enterprises.view", _("Consulter le registre des entreprises"), {**STAFF_READ, **OWNER},
    _("Le registre des entreprises est consulté par les agents et par chaque dirigeant pour la sienne."),
    writes=False,
)  # fmt: skip
ENTERPRISE_REGISTER = action(
    "enterprises.register", _("Enregistrer ou modifier une entreprise"), {**OFFICERS, **OWNER},
    _("Seuls le dirigeant et les agents de sa région enregistrent ou modifient cette fiche."),
)  # fmt: skip
ENTERPRISE_IMPORT = action(
    "enterprises.import", _("Importer des entreprises en masse"), OFFICERS,
    _("Les imports d'entreprises sont faits par les agents des chambres et de l'agence."),
)  # fmt: skip
# Programmes
CALLS_MANAGE = action(
    "programmes.calls", _("Gérer les programmes, leurs critères et leurs appels"), AGENCY,
    _("Les programmes et leurs appels sont gérés par l'agence nationale."),
)  # fmt: skip
PROGRAMME_FILES_VIEW = action(
    "programmes.files.view", _("Suivre les candidatures aux programmes"), STAFF_READ,
    _("Les candidatures sont suivies par les agents des chambres et de l'agence."), writes=False,
)  # fmt: skip
PROGRAMME_APPLY = action(
    "programmes.apply", _("Déposer une candidature à un programme"), {**OFFICERS, **OWNER},
    _("Votre rôle ne permet pas de déposer une candidature."),
)  # fmt: skip
PROGRAMME_REVIEW = action(
    "programmes.review", _("Évaluer, décider, enregistrer prestations et subventions"), OFFICERS,
    _("Les évaluations sont faites par les agents des chambres et de l'agence."),
)  # fmt: skip
PROGRAMME_WITHDRAW = action(
    "programmes.withdraw", _("Retirer sa candidature"), OWNER, _("Seul le candidat peut faire cette action."),
)  # fmt: skip
# Personal data (loi 09-08): who sees identities in clear, the holder's rights, retention
IDENTITY_VIEW = action(
    "privacy.identity", _("Voir en clair la CIN, la date de naissance et le téléphone"), {**OFFICERS, **OWNER},
    _("Votre rôle voit ces données masquées (CIN, date de naissance, téléphone)."), writes=False,
    notes=_("Les autres rôles voient la CIN et le téléphone masqués et l'année de naissance seule."),
)  # fmt: skip
MY_DATA = action(
    "privacy.my_data", _("Télécharger ses données personnelles"), OWNER,
    _("Seul l'entrepreneur télécharge ses propres données."), writes=False,
)  # fmt: skip
RECTIFICATION_REQUEST = action(
    "privacy.rectification.request", _("Demander la rectification de ses données"), OWNER,
    _("Seul le titulaire des données demande leur rectification."),
)  # fmt: skip
RECTIFICATION_DECIDE = action(
    "privacy.rectification.decide", _("Accepter ou refuser une demande de rectification"), OFFICERS,
    _("Les demandes de rectification sont traitées par les agents des chambres et de l'agence."),
)  # fmt: skip
RETENTION_RUN = action(
    "privacy.retention", _("Appliquer les durées de conservation (fichiers, pseudonymisation)"), ADMIN_ONLY,
    _("Seuls les administrateurs appliquent les durées de conservation."),
)  # fmt: skip


# Infitah (training, permis numérique, subsidised IT pack, vendors, partner bank)
INFITAH_PARTNERS_BANK: dict[str, Reach] = {Role.BANK_OFFICER: Reach.ORGANISATION}
INFITAH_PARTNERS_VENDOR: dict[str, Reach] = {Role.VENDOR: Reach.ORGANISATION}
INFITAH_FOLLOW = action(
    "infitah.follow", _("Suivre Infitah (sessions, permis, packs, budget)"), STAFF_READ,
    _("Le suivi d'Infitah est réservé aux agents des chambres, de l'agence et du ministère."), writes=False,
)  # fmt: skip
INFITAH_TRAINING = action(
    "infitah.training", _("Programmer les formations, noter présence et réussite"), OFFICERS,
    _("Les formations Infitah sont gérées par les agents des chambres et de l'agence."),
)  # fmt: skip
INFITAH_ENROL = action(
    "infitah.enrol", _("Inscrire une entreprise à une formation Infitah"), {**OFFICERS, **OWNER},
    _("Seuls le dirigeant et les agents de sa région inscrivent une entreprise."),
    notes=_("En ligne, au guichet ou en masse depuis une liste."),
)  # fmt: skip
INFITAH_PERMIT = action(
    "infitah.permit", _("Délivrer le permis numérique (et ses copies)"), {**OFFICERS, **OWNER},
    _("Seuls le titulaire et les agents de sa région délivrent ce permis."),
)  # fmt: skip
INFITAH_AGENCY = action(
    "infitah.agency", _("Agréer fournisseurs et offres, révoquer un permis, faire échoir les commandes"), AGENCY,
    _("Ces décisions d'Infitah sont prises par l'agence nationale."),
)  # fmt: skip
INFITAH_VENDOR = action(
    "infitah.vendor", _("Demander l'agrément, publier ses offres, livrer ses commandes"), INFITAH_PARTNERS_VENDOR,
    _("Seul un fournisseur informatique agit sur ses offres et ses commandes."),
)  # fmt: skip
INFITAH_ORDER = action(
    "infitah.order", _("Commander un pack TI subventionné, confirmer sa réception"), OWNER,
    _("Seul le titulaire du permis numérique commande son pack."),
)  # fmt: skip
INFITAH_FINANCE = action(
    "infitah.finance", _("Accorder ou refuser le financement d'un pack"), INFITAH_PARTNERS_BANK,
    _("Seul le chargé de financement de la banque partenaire décide du financement."),
)  # fmt: skip

# Caravans and forums
CARAVANS_MANAGE = action(
    "caravans.manage", _("Organiser les campagnes et leurs escales"), OFFICERS,
    _("Les campagnes et les escales sont organisées par les agents des chambres et de l'agence."),
)  # fmt: skip
CARAVAN_REGISTER = action(
    "caravans.register", _("Inscrire à une escale (en ligne, au guichet, par liste)"), {**OFFICERS, **OWNER},
    _("Votre rôle ne permet pas d'inscrire à une escale."),
    notes=_("L'entrepreneur s'inscrit lui-même ; l'agent au guichet ou par liste."),
)  # fmt: skip
CARAVAN_CHECK_IN = action(
    "caravans.check_in", _("Pointer les présences à une escale, inscrire sur place"), OFFICERS,
    _("Le pointage est fait par les agents des chambres et de l'agence."),
)  # fmt: skip
CARAVAN_RESULTS = action(
    "caravans.results", _("Consulter les inscrits et les bilans des caravanes"), STAFF_READ,
    _("Les bilans sont consultés par les agents des chambres, de l'agence et du ministère."), writes=False,
)  # fmt: skip
CARAVAN_CERTIFICATE = action(
    "caravans.certificate", _("Délivrer l'attestation de présence"), {**OFFICERS, **OWNER},
    _("Seuls le participant et les agents de la région délivrent cette attestation."),
)  # fmt: skip

# Conventions, targets and indicators
INDICATORS_VIEW = action(
    "indicators.view", _("Consulter les tableaux de bord et les indicateurs"), STAFF_READ,
    _("Les tableaux de bord sont consultés par les agents des chambres, de l'agence et du ministère."), writes=False,
)  # fmt: skip
INDICATORS_REFRESH = action(
    "indicators.refresh", _("Recalculer les chiffres agrégés des tableaux de bord"), AGENCY,
    _("Seuls l'agence nationale et les administrateurs recalculent les chiffres agrégés."),
)  # fmt: skip
CONVENTIONS_VIEW = action(
    "conventions.view", _("Consulter les conventions et leur avancement"), STAFF_READ,
    _("Les conventions sont consultées par les agents des chambres, de l'agence et du ministère."), writes=False,
)  # fmt: skip
CONVENTIONS_MANAGE = action(
    "conventions.manage", _("Enregistrer les conventions, leurs engagements, documents et étapes"), OFFICERS,
    _("Les conventions sont enregistrées par les agents des chambres (leur région) et de l'agence."),
)  # fmt: skip


# --- Predicates -------------------------------------------------------------------------------------------------


def is_active(user) -> bool:
    """A logged-in, active account (the system acting without an account is handled by :func:`decide`)."""
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def role_of(user) -> str:
    return Role.ADMIN.value if user.is_superuser else user.role


def reason(text: StrOrPromise) -> str:
    """A reason in the user's language (the active one: the page's, or French for the API and the CLI)."""
    return gettext(str(text)) if not isinstance(text, Promise) else str(text)


def is_system(user) -> bool:
    """The platform itself: a command run on the server without ``--actor`` (``None``) or a scheduled job
    (``SYSTEM``). A request always has a user (anonymous or not), so a page or the API never acts as the system."""
    from moukawil.accounts.scoping import SYSTEM

    return user is None or user is SYSTEM


def decide(user, act: Action | str, subject: Subject | None = None) -> Decision:
    """May ``user`` do ``act`` on ``subject``? ``subject`` None asks about the role only (may he ever do it?)."""
    act = ACTIONS[act] if isinstance(act, str) else act
    if is_system(user):
        return allow()
    if not is_active(user):
        return deny(reason(NOT_LOGGED_IN))
    if act.self_service:
        return allow() if subject is None or subject.owner_id in (None, user.pk) else deny(reason(NOT_YOURS))
    reach = act.grants.get(role_of(user))
    if reach is None:
        return deny(reason(READ_ONLY if act.writes and user.role == Role.VIEWER else act.refusal))
    if subject is None or reach is Reach.NATIONAL:
        return allow()
    if reach is Reach.REGION:
        ok = subject.region_id is None or subject.region_id == user.region_id
        return allow() if ok else deny(reason(OUT_OF_REGION))
    if reach is Reach.ORGANISATION:
        ok = subject.organisation_id is not None and subject.organisation_id == user.organisation_id
        return allow() if ok else deny(reason(OTHER_ORGANISATION))
    return allow() if subject.owner_id is not None and subject.owner_id == user.pk else deny(reason(act.refusal))


def table() -> list[tuple[Action, dict[str, str]]]:
    """The roles × actions table (each cell: the reach, or empty), in declaration order."""
    rows = []
    for act in ACTIONS.values():
        cells = {}
        for role in Role:
            if act.self_service:
                cells[role.value] = str(REACH_LABELS[Reach.OWN])
            elif role.value in act.grants:
                cells[role.value] = str(REACH_LABELS[act.grants[role.value]])
            else:
                cells[role.value] = ""
        rows.append((act, cells))
    return rows


def table_markdown() -> str:
    """``docs/policy.md``: generated from :data:`ACTIONS` by ``moukawil policy-table`` (a test keeps it current)."""
    roles = list(Role)
    lines = [
        "# Who may do what",
        "",
        "Generated from `moukawil/core/policy.py` by `moukawil policy-table > docs/policy.md`; do not edit by hand.",
        "A cell gives the reach of the role: *les siens* (its own files), *sa région*, *son organisation*, *tout le",
        "pays*; an empty cell is a refusal with the reason shown. The ministry viewer is refused every writing",
        "action (« lecture seule »). Services check these rules themselves, whatever calls them.",
        "",
        "| action | code | " + " | ".join(str(r.label) for r in roles) + " |",
        "|---|---|" + "---|" * len(roles),
    ]
    for act, cells in table():
        label = str(act.label) + (f" ({act.notes})" if act.notes else "")
        lines.append(f"| {label} | `{act.code}` | " + " | ".join(cells[r.value] for r in roles) + " |")
    return "\n".join(lines) + "\n"
