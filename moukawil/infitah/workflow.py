"""Infitah's five workflows, declared as data on the kernel's engine (core.workflow), tested as tables.

Training registration: registered ──attend──▶ attended ──complete──▶ completed (the permit is issued)
                       registered ──absent──▶ absent; registered ──cancel (owner or officer)──▶ cancelled
Vendor (an IT vendor organisation): applied ──approve / reject (agency)──▶ approved / rejected
Offer: draft ──submit (vendor)──▶ submitted ──approve / reject (agency)──▶ approved / rejected;
       draft / submitted / approved ──withdraw (vendor)──▶ withdrawn;  rejected ──revise──▶ draft
Pack order: ordered ──(bank approves)──▶ financed ──deliver (vendor)──▶ delivered ──confirm (owner)──▶ received
            ordered ──(bank refuses)──▶ not_financed; ordered ──cancel (owner)──▶ cancelled;
            ordered / financed ──lapse (agency, or the daily task)──▶ lapsed (30 days unused: commitment freed)
Financing request: pending ──approve / refuse (bank officer of its bank)──▶ approved / refused
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from moukawil.accounts.enums import Role
from moukawil.core import policy
from moukawil.core.workflow import OWNER, Workflow, transition

OFFICERS = frozenset(policy.OFFICERS)
AGENCY = frozenset(policy.AGENCY)
VENDOR = frozenset({Role.VENDOR})
BANK = frozenset({Role.BANK_OFFICER})


class TrainingState(models.TextChoices):
    REGISTERED = "registered", _("Inscrite")
    ATTENDED = "attended", _("Présente")
    COMPLETED = "completed", _("Formation réussie")
    ABSENT = "absent", _("Absente")
    CANCELLED = "cancelled", _("Annulée")


TRAINING = Workflow(
    code="infitah_training",
    states=TrainingState,
    public_labels={
        TrainingState.REGISTERED: _("Inscrite : présentez-vous à la session"),
        TrainingState.ATTENDED: _("Présence notée, réussite à confirmer"),
        TrainingState.COMPLETED: _("Formation réussie : permis numérique délivré"),
        TrainingState.ABSENT: _("Absente : inscrivez-vous à une autre session"),
        TrainingState.CANCELLED: _("Inscription annulée"),
    },
    noun=_("l'inscription"),
    action=policy.INFITAH_TRAINING,
    transitions=[
        transition("attend", _("Noter présente"), [TrainingState.REGISTERED], TrainingState.ATTENDED, OFFICERS),
        transition("complete", _("Noter la réussite (délivre le permis)"),
                   [TrainingState.REGISTERED, TrainingState.ATTENDED], TrainingState.COMPLETED, OFFICERS),
        transition("absent", _("Noter absente"), [TrainingState.REGISTERED], TrainingState.ABSENT, OFFICERS),
        transition("cancel", _("Annuler l'inscription"), [TrainingState.REGISTERED], TrainingState.CANCELLED,
                   OFFICERS | {OWNER}),
    ],
)  # fmt: skip


class VendorState(models.TextChoices):
    APPLIED = "applied", _("Demande d'agrément déposée")
    APPROVED = "approved", _("Agréé")
    REJECTED = "rejected", _("Refusé")


VENDOR_WORKFLOW = Workflow(
    code="infitah_vendor",
    states=VendorState,
    public_labels={
        VendorState.APPLIED: _("Demande reçue, en attente de l'agence"),
        VendorState.APPROVED: _("Agréé : publiez vos offres"),
        VendorState.REJECTED: _("Refusé (le motif est indiqué)"),
    },
    noun=_("l'agrément"),
    action=policy.INFITAH_AGENCY,
    transitions=[
        transition("approve", _("Agréer"), [VendorState.APPLIED, VendorState.REJECTED], VendorState.APPROVED, AGENCY),
        transition("reject", _("Refuser"), [VendorState.APPLIED], VendorState.REJECTED, AGENCY, needs_reason=True),
    ],
)  # fmt: skip


class OfferState(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Soumise à l'agence")
    APPROVED = "approved", _("Approuvée (au catalogue)")
    REJECTED = "rejected", _("Refusée")
    WITHDRAWN = "withdrawn", _("Retirée")


OFFER_WORKFLOW = Workflow(
    code="infitah_offer",
    states=OfferState,
    public_labels={},
    noun=_("l'offre"),
    action=policy.INFITAH_VENDOR,
    transitions=[
        transition("submit", _("Soumettre à l'agence"), [OfferState.DRAFT], OfferState.SUBMITTED, VENDOR),
        transition("approve", _("Approuver"), [OfferState.SUBMITTED], OfferState.APPROVED, AGENCY),
        transition("reject", _("Refuser"), [OfferState.SUBMITTED], OfferState.REJECTED, AGENCY, needs_reason=True),
        transition("revise", _("Reprendre en brouillon"), [OfferState.REJECTED], OfferState.DRAFT, VENDOR),
        transition("withdraw", _("Retirer du catalogue"),
                   [OfferState.DRAFT, OfferState.SUBMITTED, OfferState.APPROVED], OfferState.WITHDRAWN, VENDOR),
    ],
)  # fmt: skip


class OrderState(models.TextChoices):
    ORDERED = "ordered", _("Commandé, financement demandé")
    FINANCED = "financed", _("Financé par la banque")
    NOT_FINANCED = "not_financed", _("Financement refusé")
    DELIVERED = "delivered", _("Livré")
    RECEIVED = "received", _("Réception confirmée")
    CANCELLED = "cancelled", _("Annulé")
    LAPSED = "lapsed", _("Échu (30 jours sans suite)")


# The states in which the order holds its subsidy on the call's budget.
HOLDING = (OrderState.ORDERED, OrderState.FINANCED, OrderState.DELIVERED, OrderState.RECEIVED)
# The states whose subsidy is spent (the pack is in the entrepreneur's hands).
SPENT = (OrderState.DELIVERED, OrderState.RECEIVED)
LAPSING = (OrderState.ORDERED, OrderState.FINANCED)

ORDER_WORKFLOW = Workflow(
    code="infitah_order",
    states=OrderState,
    public_labels={
        OrderState.ORDERED: _("Commande reçue : la banque étudie le financement"),
        OrderState.FINANCED: _("Financement accordé : le fournisseur prépare la livraison"),
        OrderState.NOT_FINANCED: _("Financement refusé (le motif est indiqué) : la subvention est libérée"),
        OrderState.DELIVERED: _("Livré : confirmez la réception"),
        OrderState.RECEIVED: _("Réception confirmée : pack remis"),
        OrderState.CANCELLED: _("Commande annulée"),
        OrderState.LAPSED: _("Commande échue après 30 jours sans suite : la subvention est libérée"),
    },
    next_steps={
        OrderState.ORDERED: _("Attendez la décision de la banque : vous serez informé ici."),
        OrderState.FINANCED: _("Le fournisseur vous livre : vous confirmerez la réception ici."),
        OrderState.DELIVERED: _("Confirmez la réception de votre pack."),
        OrderState.NOT_FINANCED: _("Vous pouvez commander une autre offre."),
        OrderState.LAPSED: _("Vous pouvez commander à nouveau."),
        OrderState.CANCELLED: _("Vous pouvez commander à nouveau."),
    },
    noun=_("la commande"),
    action=policy.INFITAH_VENDOR,
    owner_only=_("Seul le titulaire du permis agit sur sa commande."),
    transitions=[
        # Fired by the financing decision (FINANCING below, checked there): listed for the table and the log.
        transition("finance", _("Financer"), [OrderState.ORDERED], OrderState.FINANCED, BANK),
        transition("not_finance", _("Refuser le financement"), [OrderState.ORDERED], OrderState.NOT_FINANCED, BANK),
        transition("deliver", _("Marquer livré"), [OrderState.FINANCED], OrderState.DELIVERED, VENDOR),
        transition("confirm", _("Confirmer la réception"), [OrderState.DELIVERED], OrderState.RECEIVED, {OWNER}),
        transition("cancel", _("Annuler ma commande"), [OrderState.ORDERED], OrderState.CANCELLED, {OWNER}),
        transition("lapse", _("Faire échoir (30 jours sans suite)"), LAPSING, OrderState.LAPSED, AGENCY),
    ],
)  # fmt: skip


class FinancingState(models.TextChoices):
    PENDING = "pending", _("À décider")
    APPROVED = "approved", _("Accordé")
    REFUSED = "refused", _("Refusé")
    CLOSED = "closed", _("Sans objet (commande échue ou annulée)")


FINANCING = Workflow(
    code="infitah_financing",
    states=FinancingState,
    public_labels={},
    noun=_("la demande de financement"),
    action=policy.INFITAH_FINANCE,
    transitions=[
        transition("approve", _("Accorder"), [FinancingState.PENDING], FinancingState.APPROVED, BANK),
        transition("refuse", _("Refuser"), [FinancingState.PENDING], FinancingState.REFUSED, BANK, needs_reason=True),
        transition("close", _("Clore"), [FinancingState.PENDING], FinancingState.CLOSED, AGENCY | {OWNER}),
    ],
)  # fmt: skip

WORKFLOWS = {w.code: w for w in (TRAINING, VENDOR_WORKFLOW, OFFER_WORKFLOW, ORDER_WORKFLOW, FINANCING)}
