from moukawil.core.management.base import MoukawilCommand
from moukawil.declarations.services import strike_off_proposals_create


class Command(MoukawilCommand):
    help = (
        "Propose la radiation (au 1er janvier suivant) des auto-entrepreneurs au-delà du plafond deux années "
        "consécutives se terminant par YEAR ; un agent confirme ou écarte chaque proposition."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("year", type=int, help="Seconde année de dépassement (ex. 2025).")

    def handle(self, *args, **options):
        count = strike_off_proposals_create(actor=self.get_actor(options), year=options["year"])
        self.stdout.write(self.style.SUCCESS(f"{count} proposition(s) de radiation créée(s)."))
