import getpass
import sys

from django.core.management.base import CommandError

from moukawil.accounts.enums import Role
from moukawil.accounts.services import user_create
from moukawil.core.management.base import MoukawilCommand
from moukawil.territory.models import Organisation, Region


class Command(MoukawilCommand):
    help = "Crée un compte avec son rôle (et sa région ou son organisation)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("email")
        parser.add_argument("--role", choices=Role.values, default=Role.ENTREPRENEUR)
        parser.add_argument("--region", help="Code de la région (01 à 12), obligatoire pour un agent de chambre.")
        parser.add_argument("--organisation", type=int, help="Identifiant de l'organisation (banque, fournisseur).")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--password-stdin", action="store_true", help="Lit le mot de passe sur l'entrée standard.")

    def handle(self, *args, **options):
        region = None
        if options["region"]:
            region = Region.objects.filter(code=options["region"]).first()
            if region is None:
                raise CommandError(f"Région inconnue : {options['region']}.")
        organisation = None
        if options["organisation"]:
            organisation = Organisation.objects.filter(pk=options["organisation"]).first()
            if organisation is None:
                raise CommandError(f"Organisation inconnue : {options['organisation']}.")
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\n")
        elif sys.stdin.isatty():
            password = getpass.getpass("Mot de passe : ")
        else:
            password = None  # the person sets it with "mot de passe oublié"
        user = user_create(
            actor=self.get_actor(options),
            email=options["email"],
            password=password,
            role=options["role"],
            region=region,
            organisation=organisation,
            first_name=options["first_name"],
            last_name=options["last_name"],
        )
        self.stdout.write(self.style.SUCCESS(f"Compte créé : {user.email} ({user.get_role_display()})."))
