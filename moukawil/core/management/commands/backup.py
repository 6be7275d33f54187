from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from moukawil.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Sauvegarde la base de données (SQLite ou PostgreSQL), les fichiers déposés (MEDIA_ROOT) et la clé de "
        "signature des attestations dans un fichier tar (mode 0600), avec le nombre de lignes et une empreinte de "
        "chaque table pour vérifier la restauration."
    )

    def add_arguments(self, parser):
        parser.add_argument("destination", nargs="?", default="var/backups", help="Fichier .tar ou répertoire.")

    def handle(self, *args, destination: str, **options):
        try:
            report = backup_create(Path(destination))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Sauvegarde écrite : {report.path} ({report.tables} tables, {report.rows} lignes, "
            f"{report.media_files} fichiers, clé : {report.key_source}) en {report.seconds:.1f} s"
        )
