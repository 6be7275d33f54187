from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError

from moukawil.caravans.models import Campaign, Stop
from moukawil.caravans.services import campaign_transition, stop_transition
from moukawil.core.errors import BusinessError
from moukawil.core.management.base import MoukawilCommand


class Command(MoukawilCommand):
    help = (
        "Fait avancer une campagne (publish, close, cancel) ou une escale (hold, close, cancel) : "
        "caravan_transition campagne <code> publish --actor … ; caravan_transition escale <numéro> cancel "
        "--reason « … » --actor … (les inscrits d'une escale annulée sont prévenus par e-mail)."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("what", choices=["campagne", "escale"])
        parser.add_argument("target", help="Code de la campagne ou numéro de l'escale")
        parser.add_argument("name", help="publish, hold, close ou cancel")
        parser.add_argument("--reason", default="", help="Motif (obligatoire pour cancel)")

    def handle(self, *args, **options):
        actor = self.get_actor(options)
        if actor is None:
            raise CommandError("Indiquez le compte qui agit : --actor adresse@e-mail.")
        try:
            if options["what"] == "campagne":
                campaign = Campaign.objects.filter(code=options["target"]).first()
                if campaign is None:
                    raise CommandError(f"Campagne inconnue : {options['target']}.")
                done = campaign_transition(actor=actor, campaign=campaign, name=options["name"],
                                           reason=options["reason"])  # fmt: skip
                self.stdout.write(f"Campagne {done.code} : {done.get_state_display()}.")
            else:
                stop = Stop.objects.filter(pk=int(options["target"]) if options["target"].isdigit() else 0).first()
                if stop is None:
                    raise CommandError(f"Escale inconnue : {options['target']}.")
                done = stop_transition(actor=actor, stop=stop, name=options["name"], reason=options["reason"])
                self.stdout.write(f"Escale {done.pk} ({done.city}) : {done.get_state_display()}.")
        except BusinessError as refusal:
            raise CommandError(f"{refusal.field or ''} : {refusal.message}".lstrip(" :")) from refusal
        except PermissionDenied as refusal:
            raise CommandError(str(refusal)) from refusal
