from moukawil.core.management.base import MoukawilCommand
from moukawil.privacy.services import people_pseudonymise, uploads_purge


class Command(MoukawilCommand):
    help = (
        "Applique les durées de conservation (loi 09-08) : supprime les fichiers déposés dont le traitement est fini "
        "depuis plus de --days jours, pseudonymise les personnes radiées depuis plus de --years ans (par défaut : les "
        "paramètres privacy.retention.*). Chaque suppression est journalisée. --queue : en tâche de fond."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("what", choices=["uploads", "pseudonymise", "all"])
        parser.add_argument("--days", type=int, help="Conservation des fichiers (jours).")
        parser.add_argument("--years", type=int, help="Conservation de l'identité des personnes radiées (années).")
        parser.add_argument("--queue", action="store_true", help="Confier le travail aux workers (moukawil worker).")

    def handle(self, *args, **options):
        what, actor = options["what"], self.get_actor(options)
        if what in ("uploads", "all"):
            if options["queue"]:
                self.queue_job("privacy.uploads_purge", options, {"days": options["days"]}, wait=False)
            else:
                report = uploads_purge(actor=actor, days=options["days"])
                self.stdout.write(self.style.SUCCESS(
                    f"{report['deleted']} fichier(s) supprimé(s) (conservés {report['retention_days']} jours)."
                ))  # fmt: skip
        if what in ("pseudonymise", "all"):
            if options["queue"]:
                self.queue_job("privacy.pseudonymise", options, {"years": options["years"]}, wait=False)
            else:
                report = people_pseudonymise(actor=actor, years=options["years"])
                self.stdout.write(self.style.SUCCESS(
                    f"{report['pseudonymised']} personne(s) pseudonymisée(s) "
                    f"(radiées depuis plus de {report['retention_years']} ans)."
                ))  # fmt: skip
