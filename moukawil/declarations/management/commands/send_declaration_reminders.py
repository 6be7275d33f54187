from django.core.management.base import CommandError

from moukawil.core.management.base import MoukawilCommand
from moukawil.declarations.periods import Period, Periodicity
from moukawil.declarations.services import declaration_reminders_send


class Command(MoukawilCommand):
    help = "Relance par e-mail les auto-entrepreneurs qui n'ont pas déclaré une période échue (une fois par période)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("year", type=int)
        parser.add_argument("period", type=int, help="Numéro de la période : 1 à 4 (trimestre) ou 1 à 12 (mois).")
        parser.add_argument("--periodicity", choices=Periodicity.values, default=Periodicity.QUARTERLY)

    def handle(self, *args, **options):
        try:
            period = Period(options["year"], options["periodicity"], options["period"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        count = declaration_reminders_send(actor=self.get_actor(options), period=period)
        self.stdout.write(self.style.SUCCESS(f"{count} relance(s) envoyée(s) pour {period.label}."))
