from moukawil.core.management.base import MoukawilCommand
from moukawil.territory.services import territory_load


class Command(MoukawilCommand):
    help = "Charge (ou met à jour) les 12 régions, les 75 préfectures et provinces et les 12 CCIS."

    def handle(self, *args, **options):
        counts = territory_load(actor=self.get_actor(options))
        self.stdout.write(
            self.style.SUCCESS(
                f"{counts['regions']} régions, {counts['provinces']} préfectures et provinces, "
                f"{counts['chambers']} chambres à jour."
            )
        )
