from django.conf import settings

from moukawil.core.management.base import MoukawilCommand
from moukawil.demo.generator import DEMO_PASSWORD, SCALES, demo_data_build


class Command(MoukawilCommand):
    help = "Construit le jeu de démonstration, déterministe (small pour la démo, national pour les mesures)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=2019)

    def handle(self, *args, **options):
        report = demo_data_build(scale=options["scale"], seed=options["seed"])
        for name, value in report.counts.items():
            self.stdout.write(f"  {name}: {value}")
        self.stdout.write(self.style.SUCCESS(f"\nComptes de démonstration (mot de passe : {DEMO_PASSWORD})"))
        for email, role, scope in report.logins:
            self.stdout.write(f"  {email:<40} {role:<35} {scope}")
        if settings.MOUKAWIL_REQUIRE_2FA:
            self.stdout.write(
                "Double authentification active : les agents et les administrateurs enrôlent une application "
                "d'authentification (code QR) à leur première connexion, puis donnent son code après le mot de passe."
            )
        else:
            self.stdout.write(
                "Double authentification désactivée ici (MOUKAWIL_REQUIRE_2FA=1 pour l'essayer ; active en production)."
            )
