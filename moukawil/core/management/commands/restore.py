from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from moukawil.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde de `moukawil backup` : remplace la base de données entière, les fichiers déposés "
        "et la clé de signature, puis vérifie le nombre de lignes et l'empreinte de chaque table."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="Fichier .tar écrit par `moukawil backup`.")
        parser.add_argument("--yes", action="store_true", help="Ne pas demander de confirmation.")
        parser.add_argument(
            "--replace-key", action="store_true", help="Remplacer une autre clé de signature déjà présente."
        )

    def handle(self, *args, source: str, yes: bool, replace_key: bool, **options):
        if not yes and input("La base de données actuelle sera remplacée. Continuer ? [oui/non] ").strip() != "oui":
            raise CommandError("Restauration annulée.")
        try:
            report = backup_restore(Path(source), replace_key=replace_key)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restauré en {report.seconds:.1f} s (base : {report.database_seconds:.1f} s) : {report.tables} tables, "
            f"{report.rows} lignes, {report.media_files} fichiers ; {report.key}."
        )
        if report.differences:
            for line in report.differences:
                self.stderr.write(line)
            raise CommandError("La base restaurée diffère de la sauvegarde.")
        self.stdout.write("Nombres de lignes et empreintes identiques à la sauvegarde.")
