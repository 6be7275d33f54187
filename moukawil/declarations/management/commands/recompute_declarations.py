from django.core.management.base import CommandError

from moukawil.core.management.base import MoukawilCommand
from moukawil.declarations.periods import Period
from moukawil.declarations.recompute import declarations_recompute


class Command(MoukawilCommand):
    help = "Recalcule l'impôt et la cotisation des déclarations d'une année à partir des règles datées."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("year", type=int, help="Année des déclarations à recalculer (ex. 2025).")
        parser.add_argument("--period", type=int, help="Une seule période : 1 à 4 (trimestre) ou 1 à 12 (mois).")
        parser.add_argument("--periodicity", choices=["monthly", "quarterly"], default="quarterly")
        parser.add_argument("--background", action="store_true", help="Confier le recalcul au worker.")
        parser.add_argument("--wait", action="store_true", help="Avec --background : attendre la fin et l'afficher.")

    def handle(self, *args, **options):
        if options["background"]:
            params = {"year": options["year"], "periodicity": options["periodicity"], "period": options["period"]}
            self.queue_job("declarations.recompute", options, params, wait=options["wait"])
            return
        if options["period"] is not None:
            try:
                period = Period(options["year"], options["periodicity"], options["period"])
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            count = declarations_recompute(
                actor=self.get_actor(options), year=period.year, periodicity=period.periodicity, period=period.number
            )
            self.stdout.write(self.style.SUCCESS(f"{count} déclaration(s) de {period.label} recalculée(s)."))
            return
        count = declarations_recompute(actor=self.get_actor(options), year=options["year"])
        self.stdout.write(self.style.SUCCESS(f"{count} déclaration(s) de {options['year']} recalculée(s)."))
