from moukawil.core.management.base import MoukawilCommand
from moukawil.core.policy import table_markdown


class Command(MoukawilCommand):
    help = "Affiche le tableau rôles × actions de la politique d'accès (docs/policy.md)."

    def handle(self, *args, **options):
        self.stdout.write(table_markdown(), ending="")
