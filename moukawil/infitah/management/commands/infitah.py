"""``moukawil infitah …``: each step of Infitah from the command line, through the same services as the pages and
the API (``--actor EMAIL`` acts as that account and is checked like it; without it, the platform itself acts)."""

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError

from moukawil.core.management.base import MoukawilCommand
from moukawil.infitah import selectors, services
from moukawil.infitah.models import (
    FinancingRequest,
    Offer,
    PackOrder,
    Permit,
    TrainingRegistration,
    TrainingSession,
    Vendor,
)
from moukawil.territory.models import Organisation


def _get(model, pk, label):
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise CommandError(f"{label} n° {pk} introuvable.")
    return found


class Command(MoukawilCommand):
    help = "Infitah : compteurs, inscriptions (une ou une liste), réussite, commande, financement, livraison, échéance."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        sub = parser.add_subparsers(dest="step", required=True)
        sub.add_parser("counters", help="Les compteurs de l'année.")
        enrol = sub.add_parser("enrol", help="Inscrire à une session les entreprises d'une liste (ICE, RC ou TP).")
        enrol.add_argument("session", type=int)
        enrol.add_argument("file", type=Path, help="Un identifiant par ligne.")
        move = sub.add_parser("registration", help="Présence, réussite (délivre le permis), absence, annulation.")
        move.add_argument("registration", type=int)
        move.add_argument("name", choices=["attend", "complete", "absent", "cancel"])
        vendor = sub.add_parser("vendor", help="Agréer ou refuser un fournisseur.")
        vendor.add_argument("vendor", type=int)
        vendor.add_argument("name", choices=["approve", "reject"])
        vendor.add_argument("--reason", default="")
        offer = sub.add_parser("offer", help="Soumettre, approuver, refuser, retirer une offre.")
        offer.add_argument("offer", type=int)
        offer.add_argument("name", choices=["submit", "approve", "reject", "revise", "withdraw"])
        offer.add_argument("--reason", default="")
        order = sub.add_parser("order", help="Commander un pack (numéro du permis, offre, banque).")
        order.add_argument("permit")
        order.add_argument("offer", type=int)
        order.add_argument("bank", type=int)
        decide = sub.add_parser("finance", help="Accorder (--months, --monthly) ou refuser (--reason) un financement.")
        decide.add_argument("request", type=int)
        decide.add_argument("decision", choices=["approve", "refuse"])
        decide.add_argument("--months")
        decide.add_argument("--monthly")
        decide.add_argument("--reason", default="")
        step = sub.add_parser("order-step", help="Livrer (--serial), confirmer, annuler, faire échoir une commande.")
        step.add_argument("order", type=int)
        step.add_argument("name", choices=["deliver", "confirm", "cancel", "lapse"])
        step.add_argument("--serial", default="")
        sub.add_parser("lapse", help="Faire échoir les commandes sans suite depuis 30 jours (tâche quotidienne).")

    def handle(self, *args, **options):
        actor, step = self.get_actor(options), options["step"]
        try:
            self._run(actor, step, options)
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc

    def _run(self, actor, step, o):
        out = self.stdout.write
        if step == "counters":
            c = selectors.agency_counters()
            out(f"TPE éligibles : {c.eligible}\nPermis : {c.permits} / {c.target}\nPacks commandés / financés / "
                f"livrés : {c.ordered} / {c.financed} / {c.delivered}\nSubvention engagée : {c.committed} DH / "
                f"{c.budget} DH ; dépensée : {c.spent} DH")  # fmt: skip
        elif step == "enrol":
            session = _get(TrainingSession, o["session"], "Session")
            lines = o["file"].read_text(encoding="utf-8").splitlines()
            report = services.registrations_bulk(actor=actor, session=session, identifiers=lines)
            for error in report["errors"]:
                self.stderr.write(f"ligne {error['line']} ({error['value']}) : {error['message']}")
            out(self.style.SUCCESS(f"{report['registered']} inscription(s)."))
        elif step == "registration":
            registration = services.registration_transition(
                actor=actor, registration=_get(TrainingRegistration, o["registration"], "Inscription"), name=o["name"]
            )
            permit = Permit.objects.filter(registration=registration).first()
            out(
                self.style.SUCCESS(
                    f"{registration.get_state_display()}" + (f" — permis {permit.number}" if permit else "")
                )
            )
        elif step == "vendor":
            vendor = services.vendor_transition(actor=actor, vendor=_get(Vendor, o["vendor"], "Fournisseur"),
                                                name=o["name"], reason=o["reason"])  # fmt: skip
            out(self.style.SUCCESS(vendor.get_state_display()))
        elif step == "offer":
            offer = services.offer_transition(actor=actor, offer=_get(Offer, o["offer"], "Offre"), name=o["name"],
                                              reason=o["reason"])  # fmt: skip
            out(self.style.SUCCESS(offer.get_state_display()))
        elif step == "order":
            permit = Permit.objects.filter(number=o["permit"]).first()
            if permit is None:
                raise CommandError(f"Permis {o['permit']} introuvable.")
            order = services.order_create(actor=actor, permit=permit, offer=_get(Offer, o["offer"], "Offre"),
                                          bank=_get(Organisation, o["bank"], "Banque"))  # fmt: skip
            out(self.style.SUCCESS(f"Commande n° {order.pk} : État {order.subsidy} DH, banque {order.bank_share} DH."))
        elif step == "finance":
            request = services.financing_decide(
                actor=actor, request=_get(FinancingRequest, o["request"], "Demande"),
                approve=o["decision"] == "approve", duration_months=o["months"], monthly_payment=o["monthly"],
                reason=o["reason"],
            )  # fmt: skip
            out(self.style.SUCCESS(request.get_state_display()))
        elif step == "order-step":
            order = services.order_transition(actor=actor, order=_get(PackOrder, o["order"], "Commande"),
                                              name=o["name"], serial_number=o["serial"])  # fmt: skip
            out(self.style.SUCCESS(order.get_state_display()))
        elif step == "lapse":
            out(self.style.SUCCESS(f"{services.orders_lapse(actor=actor)} commande(s) échue(s)."))
