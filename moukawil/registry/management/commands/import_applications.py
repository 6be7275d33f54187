from pathlib import Path

from django.core.management.base import CommandError

from moukawil.core.management.base import MoukawilCommand
from moukawil.registry.imports import import_file


class Command(MoukawilCommand):
    help = (
        "Importe des demandes d'inscription (CSV , ou ; en UTF-8, ou XLSX). Vérifie toutes les lignes avant "
        "d'écrire quoi que ce soit ; --mode choisit entre tout ou rien et les seules lignes valides."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--mode",
            choices=["validate", "all_or_nothing", "valid_only"],
            default="validate",
            help="validate (par défaut : rien n'est écrit), all_or_nothing, valid_only",
        )
        parser.add_argument("--errors", type=int, default=50, help="Nombre de lignes refusées à afficher.")

    def handle(self, *args, **options):
        path = options["file"]
        if not path.exists():
            raise CommandError(f"Fichier introuvable : {path}")
        actor = self.get_actor(options)
        region = actor.scope_region if actor is not None else None
        report = import_file(
            path,
            actor=actor,
            mode=options["mode"],
            region=region,
            progress=lambda phase, done, total: self.progress(done, total, label=f"{phase:<10}"),
        )
        for error in report.errors[: options["errors"]]:
            self.stdout.write(f"ligne {error.row:>7}  {error.column:<22} {error.message}")
        if report.error_count > options["errors"]:
            self.stdout.write(f"… et {report.error_count - options['errors']} autre(s) ligne(s) refusée(s).")
        summary = (
            f"{report.total} ligne(s) lue(s), {report.valid} valide(s), {report.error_count} refusée(s), "
            f"{report.skipped} déjà importée(s), {report.created} demande(s) créée(s), "
            f"{report.duplicates_flagged} doublon(s) présumé(s) signalé(s)."
        )
        style = self.style.SUCCESS if report.written or not report.error_count else self.style.WARNING
        self.stdout.write(style(summary))
        if options["mode"] == "all_or_nothing" and report.error_count:
            raise CommandError("Fichier refusé : aucune ligne n'a été importée (mode tout ou rien).")
