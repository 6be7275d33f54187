from django.core.management.base import CommandError

from moukawil.accounts.models import User
from moukawil.accounts.services import api_token_create
from moukawil.core.management.base import MoukawilCommand


class Command(MoukawilCommand):
    help = "Crée un jeton d'API pour un compte et l'affiche une seule fois."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("email")
        parser.add_argument("--name", required=True, help="Nom du jeton (le système qui l'utilise).")
        parser.add_argument("--days", type=int, default=365, help="Validité en jours (1 à 730).")

    def handle(self, *args, **options):
        user = User.objects.filter(email=options["email"].strip().lower()).first()
        if user is None:
            raise CommandError(f"Aucun compte pour l'adresse {options['email']}.")
        _token, raw = api_token_create(
            actor=self.get_actor(options) or user, user=user, name=options["name"], valid_days=options["days"]
        )
        self.stdout.write(raw)
