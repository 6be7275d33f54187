from django.core.management.base import CommandError

from moukawil.core.management.base import MoukawilCommand
from moukawil.privacy.services import my_data_export, my_data_json


class Command(MoukawilCommand):
    help = (
        "Écrit en JSON tout ce que la plateforme détient sur l'entrepreneur --actor (droit d'accès, loi 09-08) ; "
        "l'export est journalisé."
    )

    def handle(self, *args, **options):
        actor = self.get_actor(options)
        if actor is None:
            raise CommandError("Indiquez --actor EMAIL : le titulaire des données.")
        self.stdout.write(my_data_json(my_data_export(actor=actor, fmt="cli")).decode())
