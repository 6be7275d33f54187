from pathlib import Path

from django.core.management.base import CommandError

from moukawil.caravans.models import Stop
from moukawil.caravans.services import registrations_import
from moukawil.caravans.tasks import COLUMNS
from moukawil.core.management.base import MoukawilCommand
from moukawil.core.tabular import read_rows


class Command(MoukawilCommand):
    help = "Inscrit à une escale la liste d'un fichier CSV ou XLSX (colonnes nom, sexe, e-mail, téléphone, entreprise)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("stop", type=int, help="Numéro de l'escale")
        parser.add_argument("file", type=Path)

    def handle(self, *args, **options):
        stop = Stop.objects.filter(pk=options["stop"]).first()
        if stop is None:
            raise CommandError(f"Escale inconnue : {options['stop']}.")
        if not options["file"].is_file():
            raise CommandError(f"Fichier introuvable : {options['file']}.")
        rows = [cells for _line, cells in read_rows(options["file"], COLUMNS)]

        def progress(_phase, done, total):
            self.progress(done, total, "Inscriptions")

        report = registrations_import(actor=self.get_actor(options), stop=stop, rows=rows, progress=progress)
        self.stdout.write(f"{report['created']} inscrit(s), {report['skipped']} déjà inscrit(s), "
                          f"{len(report['errors'])} refusé(s).")  # fmt: skip
        for error in report["errors"]:
            self.stdout.write(f"  ligne {error['line']} ({error['field']}) : {error['message']}")
