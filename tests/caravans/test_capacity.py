"""Capacity and the waiting list, including under concurrency (each registration on its own connection)."""

import pytest
from django.core import mail

from moukawil.caravans.models import Registration
from moukawil.caravans.services import Registrant, registration_cancel, registration_create, stop_capacity_change
from moukawil.caravans.workflow import State
from tests.registry.test_concurrency import in_parallel


@pytest.mark.django_db(transaction=True)
def test_thirty_concurrent_registrations_for_twenty_places_confirm_twenty_and_queue_ten_in_order(
    make_stop, officer_fes
):
    stop = make_stop(capacity=20)
    outcomes = in_parallel(
        30,
        lambda i: registration_create(
            actor=officer_fes, stop=stop, channel="counter", notify=False,
            registrant=Registrant(name=f"Participant {i}", gender="F", email=f"p{i}@exemple.ma"),
        ),
    )  # fmt: skip
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    rows = list(Registration.objects.filter(stop=stop).order_by("seq"))
    assert [r.seq for r in rows] == list(range(1, 31))
    # In order: the first twenty to take the stop's lock hold the places, the next ten wait behind them.
    assert [r.state for r in rows] == [State.CONFIRMED] * 20 + [State.WAITING] * 10
    first_waiting = rows[20]

    registration_cancel(actor=officer_fes, registration=rows[3], reason="empêché")
    first_waiting.refresh_from_db()
    assert first_waiting.state == State.CONFIRMED
    assert Registration.objects.filter(stop=stop, state=State.CONFIRMED).count() == 20
    waiting = list(
        Registration.objects.filter(stop=stop, state=State.WAITING).order_by("seq").values_list("seq", flat=True)
    )
    assert waiting == list(range(22, 31))


def test_cancelling_a_waiting_registration_promotes_nobody_and_more_places_promote_in_order(
    make_stop, register, officer_fes
):
    stop = make_stop(capacity=2)
    people = [register(stop, i) for i in range(5)]
    assert [p.state for p in people] == ["confirmed", "confirmed", "waiting", "waiting", "waiting"]
    registration_cancel(actor=officer_fes, registration=people[3])
    people[2].refresh_from_db()
    assert people[2].state == State.WAITING
    stop_capacity_change(actor=officer_fes, stop=stop, capacity=4)
    states = dict(Registration.objects.filter(stop=stop).values_list("seq", "state"))
    assert states == {1: "confirmed", 2: "confirmed", 3: "confirmed", 4: "cancelled", 5: "confirmed"}


def test_an_entrepreneur_registers_himself_gets_an_email_with_a_qr_code_and_cancels(
    stop, entrepreneur, officer_casa, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = registration_create(
            actor=entrepreneur,
            stop=stop,
            registrant=Registrant(name="Salma Idrissi", gender="F", email="salma@exemple.ma"),
        )
    assert registration.user == entrepreneur and registration.state == State.CONFIRMED
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert "confirmée" in sent.subject and registration.code in sent.body
    assert sent.attachments[0][0] == f"{registration.code}.png" and sent.attachments[0][1][:4] == b"\x89PNG"
    # Another region's officer may not cancel it; the registrant may.
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied, match="autre région"):
        registration_cancel(actor=officer_casa, registration=registration)
    registration_cancel(actor=entrepreneur, registration=registration)
    registration.refresh_from_db()
    assert registration.state == State.CANCELLED


def test_registering_twice_with_the_same_email_is_refused(stop, register):
    from moukawil.core.errors import Conflict

    register(stop, 1)
    with pytest.raises(Conflict, match="déjà inscrite"):
        register(stop, 1)


@pytest.mark.parametrize(
    ("name", "gender", "email", "field", "message"),
    [
        ("Sa\x00lma", "F", "", "name", "caractère interdit"),
        ("x" * 151, "F", "", "name", "dépasse 150"),
        ("", "F", "", "name", "obligatoire"),
        ("Salma", "X", "", "gender", "sexe"),
        ("Salma", "F", "pas-une-adresse", "email", "e-mail"),
    ],
)
def test_bad_inputs_are_refused_in_french_naming_the_field(stop, officer_fes, name, gender, email, field, message):
    from moukawil.core.errors import BusinessError

    with pytest.raises(BusinessError) as refused:
        registration_create(actor=officer_fes, stop=stop, registrant=Registrant(name=name, gender=gender, email=email))
    assert refused.value.field == field and message in refused.value.message


def test_the_viewer_and_a_vendor_are_refused_registration_with_a_reason(stop, territory):
    from django.core.exceptions import PermissionDenied

    from tests.factories import UserFactory

    viewer = UserFactory(viewer=True)
    with pytest.raises(PermissionDenied, match="lecture seule"):
        registration_create(actor=viewer, stop=stop, registrant=Registrant(name="A", gender="F"))
