from django.core.management.base import BaseCommand, CommandError

from moukawil.core.chain import seal_pending, verify


class Command(BaseCommand):
    help = (
        "Journal d'audit. « verify » scelle les événements validés pas encore scellés puis parcourt la chaîne des "
        "hachages : il signale le premier maillon rompu (événement modifié, supprimé ou inséré à la main) par son "
        "identifiant et sort en erreur. « seal » scelle seulement."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "seal"])

    def handle(self, *args, action: str, **options):
        sealed = seal_pending()
        if sealed:
            self.stdout.write(f"{sealed} événement(s) scellé(s).")
        if action == "seal":
            return
        verdict = verify()
        if not verdict.intact:
            raise CommandError(
                f"Chaîne d'audit rompue à l'événement id={verdict.broken_id} (rang {verdict.broken_seq}) : "
                f"{verdict.reason}. {verdict.checked} maillon(s) intact(s) avant lui."
            )
        self.stdout.write(
            f"Chaîne d'audit intacte : {verdict.checked} événement(s), dernier hachage {verdict.last_hash}."
        )
