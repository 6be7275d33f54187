from moukawil.core.management.base import MoukawilCommand
from moukawil.declarations.recompute import declarations_recompute


class Command(MoukawilCommand):
    help = "Recalcule l'impôt et la cotisation des déclarations d'une année à partir des règles datées."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("year", type=int, help="Année des déclarations à recalculer (ex. 2025).")

    def handle(self, *args, **options):
        count = declarations_recompute(actor=self.get_actor(options), year=options["year"])
        self.stdout.write(self.style.SUCCESS(f"{count} déclaration(s) de {options['year']} recalculée(s)."))
