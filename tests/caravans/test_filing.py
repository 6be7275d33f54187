"""A register application filed at a caravan stop: the officer's counter form offers the stops held or scheduled in
his region; the form and the API's ``stop`` refuse another region's stop, a cancelled or closed one, with the same
French message naming the field."""

import re

import pytest

from moukawil.caravans.services import stop_transition
from moukawil.registry.models import Application
from tests.api.test_registry_api import PAYLOAD
from tests.www.test_registry_pages import form_data

COUNTER = "/registre/guichet/"


def _choices(page: str) -> str:
    return re.search(r'<select[^>]*name="stop".*?</select>', page, re.S).group(0)


@pytest.fixture
def stops(make_stop, officer_fes):
    fes = make_stop()
    meknes = make_stop(city="Meknès", province="MA-MEK", days=3)
    cancelled = make_stop(city="Taza", province="MA-TAZ", days=4)
    stop_transition(actor=officer_fes, stop=cancelled, name="cancel", reason="Salle indisponible")
    safi = make_stop(city="Safi", province="MA-SAF", days=5)  # Marrakech-Safi: another region
    return {"fes": fes, "meknes": meknes, "cancelled": cancelled, "safi": safi}


def test_the_counter_form_offers_the_stops_held_or_scheduled_in_the_officers_region(client, officer_fes, stops,
                                                                                    activities):  # fmt: skip
    client.force_login(officer_fes)
    select = _choices(client.get(COUNTER).content.decode())
    assert "Fès" in select and "Meknès" in select and "Caravane Infitah (test)" in select
    assert "Taza" not in select and "Safi" not in select  # cancelled; another region
    assert "Aucune (demande au guichet)" in select  # optional
    client.cookies["moukawil_language"] = "ar"
    page = client.get(COUNTER).content.decode()
    assert "مودع في محطة (قافلة، منتدى)" in page


def test_the_counter_form_files_at_a_stop_and_refuses_another_regions_or_a_cancelled_one(
    client, officer_fes, stops, activities
):
    client.force_login(officer_fes)
    other = client.post(COUNTER, form_data(activities, stop=stops["safi"].pk)).content.decode()
    error = re.search(r'<div[^>]*id="id_stop_error"[^>]*>(.*?)</div>', other).group(1)  # next to its field
    assert error.startswith("L&#x27;escale de Safi relève d&#x27;une autre région")
    cancelled = client.post(COUNTER, form_data(activities, stop=stops["cancelled"].pk)).content.decode()
    assert "L&#x27;escale de Taza est annulée : Salle indisponible" in cancelled
    unknown = client.post(COUNTER, form_data(activities, stop="999999")).content.decode()
    assert "Escale inconnue : 999999." in unknown
    assert not Application.objects.exists()
    response = client.post(COUNTER, form_data(activities, stop=stops["meknes"].pk))
    assert response.status_code == 302
    assert Application.objects.get().stop == stops["meknes"]
    without = client.post(COUNTER, form_data(activities, cin="BK565656"))  # the stop is optional
    assert without.status_code == 302 and Application.objects.get(person__cin="BK565656").stop is None


def test_the_api_takes_the_stop_and_refuses_the_same_ones_with_the_same_message(client, officer_fes, stops,
                                                                                activities):  # fmt: skip
    client.force_login(officer_fes)

    def post(**extra):
        return client.post("/api/v1/applications", {**PAYLOAD, **extra}, content_type="application/json")

    other = post(stop=stops["safi"].pk)
    assert other.status_code == 400 and other.json()["field"] == "stop"
    assert other.json()["message"] == (
        "L'escale de Safi relève d'une autre région : choisissez une escale de votre région."
    )
    cancelled = post(stop=stops["cancelled"].pk)
    assert cancelled.status_code == 400 and cancelled.json()["field"] == "stop"
    assert cancelled.json()["message"] == "L'escale de Taza est annulée : Salle indisponible"
    unknown = post(stop=999999)
    assert unknown.status_code == 400 and unknown.json()["message"] == "Escale inconnue : 999999."
    assert not Application.objects.exists()
    made = post(stop=stops["fes"].pk)
    assert made.status_code == 201, made.json()
    assert Application.objects.get(reference=made.json()["reference"]).stop == stops["fes"]


def test_a_closed_stop_and_an_entrepreneur_are_refused(client, officer_fes, entrepreneur, stops, activities):
    from moukawil.caravans.models import Stop

    Stop.objects.filter(pk=stops["fes"].pk).update(state="closed")
    client.force_login(officer_fes)
    closed = client.post("/api/v1/applications", {**PAYLOAD, "stop": stops["fes"].pk}, content_type="application/json")
    assert closed.status_code == 400 and closed.json()["message"] == "L'escale de Fès est close."
    client.force_login(entrepreneur)
    own = client.post("/api/v1/applications", {**PAYLOAD, "stop": stops["meknes"].pk}, content_type="application/json")
    assert own.status_code == 400 and own.json()["field"] == "stop" and "par un agent" in own.json()["message"]
