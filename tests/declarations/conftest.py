from datetime import date

import pytest

from moukawil.registry.enums import Channel
from moukawil.registry.models import Registration
from moukawil.registry.services import application_create, application_transition


@pytest.fixture
def registration(activities, applicant, applicant_user, officer_fes):
    """An auto-entrepreneur of Fès (services), registered on 10 January 2022, with his own account."""
    application = application_create(
        actor=applicant_user, applicant=applicant(), activity=activities["SRV-001"], channel=Channel.ONLINE
    )
    application_transition(actor=officer_fes, application=application, name="approve")
    Registration.objects.filter(application=application).update(registered_on=date(2022, 1, 10))
    return Registration.objects.select_related("person", "region").get(application=application)
