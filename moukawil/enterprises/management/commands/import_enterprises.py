from pathlib import Path

from django.core.management.base import CommandError

from moukawil.core.management.base import MoukawilCommand
from moukawil.enterprises.imports import import_enterprises


class Command(MoukawilCommand):
    help = "Importe des entreprises (CSV , ou ; en UTF-8, ou XLSX) après vérification de toutes les lignes."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("file", type=Path)
        parser.add_argument("--mode", choices=["validate", "all_or_nothing", "valid_only"], default="validate")

    def handle(self, *args, **options):
        if not options["file"].exists():
            raise CommandError(f"Fichier introuvable : {options['file']}")
        actor = self.get_actor(options)
        region = actor.scope_region if actor is not None else None
        report = import_enterprises(options["file"], actor=actor, mode=options["mode"], region=region)
        for error in report.errors[:50]:
            self.stdout.write(f"ligne {error.row:>7}  {error.column:<22} {error.message}")
        self.stdout.write(
            f"{report.total} ligne(s) lue(s), {report.valid} valide(s), {report.error_count} refusée(s), "
            f"{report.skipped} déjà importée(s), {report.created} entreprise(s) créée(s)."
        )
