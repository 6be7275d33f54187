from django.core.management.base import CommandError

from moukawil.accounts.enums import Role
from moukawil.accounts.models import User
from moukawil.accounts.services import user_set_role
from moukawil.core.management.base import MoukawilCommand
from moukawil.territory.models import Organisation, Region


class Command(MoukawilCommand):
    help = "Change le rôle d'un compte (et sa région ou son organisation). Nécessite --actor (administrateur)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("email")
        parser.add_argument("--role", choices=Role.values, required=True)
        parser.add_argument("--region")
        parser.add_argument("--organisation", type=int)

    def handle(self, *args, **options):
        actor = self.get_actor(options)
        if actor is None:
            raise CommandError("Indiquez l'administrateur qui fait le changement : --actor EMAIL.")
        user = User.objects.filter(email=options["email"].strip().lower()).first()
        if user is None:
            raise CommandError(f"Aucun compte pour l'adresse {options['email']}.")
        region = Region.objects.filter(code=options["region"]).first() if options["region"] else None
        organisation = (
            Organisation.objects.filter(pk=options["organisation"]).first() if options["organisation"] else None
        )
        user_set_role(actor=actor, user=user, role=options["role"], region=region, organisation=organisation)
        self.stdout.write(self.style.SUCCESS(f"{user.email} : {user.get_role_display()}."))
