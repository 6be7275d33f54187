"""factory_boy factories, with one trait per role (``UserFactory(ccis_officer=True, region=...)``)."""

import factory

from moukawil.accounts.enums import Role
from moukawil.accounts.models import User
from moukawil.territory.enums import OrganisationKind
from moukawil.territory.models import Organisation, Region

PASSWORD = "Un-mot-de-passe-solide-42"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.ASSOCIATION
    name_fr = factory.Sequence(lambda n: f"Association des entrepreneurs n° {n}")
    name_ar = factory.Sequence(lambda n: f"جمعية المقاولين رقم {n}")
    region = None

    class Params:
        bank = factory.Trait(kind=OrganisationKind.BANK, name_fr=factory.Sequence(lambda n: f"Banque {n}"))
        vendor = factory.Trait(kind=OrganisationKind.VENDOR, name_fr=factory.Sequence(lambda n: f"Fournisseur {n}"))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.ma")
    first_name = "Khadija"
    last_name = "Bennani"
    role = Role.ENTREPRENEUR
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()

    class Params:
        ccis_officer = factory.Trait(
            role=Role.CCIS_OFFICER, region=factory.LazyFunction(lambda: Region.objects.get(code="03"))
        )
        agency_officer = factory.Trait(role=Role.AGENCY_OFFICER)
        viewer = factory.Trait(role=Role.VIEWER)
        admin = factory.Trait(role=Role.ADMIN, is_staff=True)
        bank_officer = factory.Trait(
            role=Role.BANK_OFFICER, organisation=factory.SubFactory(OrganisationFactory, bank=True)
        )
        vendor = factory.Trait(role=Role.VENDOR, organisation=factory.SubFactory(OrganisationFactory, vendor=True))
