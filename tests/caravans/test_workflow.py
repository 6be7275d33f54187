"""Campaign and stop states on the kernel's workflow engine: who may fire what (a table), what the public calendar
and its feed show, registration and sync refused with their reason, a cancelled stop's registrants told, the pages'
buttons and the API."""

import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from moukawil.caravans.models import Campaign, Registration, Stop
from moukawil.caravans.services import (
    Registrant,
    campaign_create,
    campaign_transition,
    registration_create,
    scans_sync,
    stop_transition,
)
from moukawil.caravans.workflow import CAMPAIGN_WORKFLOW, STOP_WORKFLOW
from moukawil.core import clock
from moukawil.core.enums import AuditEventType
from moukawil.core.errors import BusinessError, Conflict, localise
from moukawil.core.models import AuditEvent
from tests.factories import UserFactory

# --- Who may fire what: every (transition, state, role) ---------------------------------------------------------

ROLES = ["agency", "officer_here", "officer_elsewhere", "viewer", "entrepreneur"]
ALLOWED_ROLES = {"agency", "officer_here"}


def _actor(role, officer_fes, officer_casa, agency_officer, entrepreneur):
    return {"agency": agency_officer, "officer_here": officer_fes, "officer_elsewhere": officer_casa,
            "viewer": UserFactory(viewer=True), "entrepreneur": entrepreneur}[role]  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_the_stop_workflow_as_a_table(stop, role, officer_fes, officer_casa, agency_officer, entrepreneur):
    from moukawil.caravans.permissions import can_act_on_stop

    actor = _actor(role, officer_fes, officer_casa, agency_officer, entrepreneur)
    for state in STOP_WORKFLOW.states.values:
        stop.state = state
        for move in STOP_WORKFLOW.transitions.values():
            decision = can_act_on_stop(actor, stop, move)
            expected = state in move.sources and role in ALLOWED_ROLES
            assert bool(decision) == expected, (move.name, state, role, decision.reason)
            if not expected:
                assert decision.reason  # always a reason, in French
    viewer_reason = can_act_on_stop(UserFactory(viewer=True), Stop(state="scheduled", region_id=stop.region_id),
                                    STOP_WORKFLOW["cancel"]).reason  # fmt: skip
    assert "lecture seule" in viewer_reason


@pytest.mark.parametrize("role", ROLES)
def test_the_campaign_workflow_as_a_table(stop, role, officer_fes, officer_casa, agency_officer, entrepreneur):
    from moukawil.caravans.permissions import can_act_on_campaign

    actor = _actor(role, officer_fes, officer_casa, agency_officer, entrepreneur)
    campaign = stop.campaign  # its only stop is in Fès: the Fès chamber's officers may act on it
    for state in CAMPAIGN_WORKFLOW.states.values:
        campaign.state = state
        for move in CAMPAIGN_WORKFLOW.transitions.values():
            expected = state in move.sources and role in ALLOWED_ROLES
            assert bool(can_act_on_campaign(actor, campaign, move)) == expected, (move.name, state, role)


def test_a_campaign_in_several_regions_is_the_agencys(make_stop, officer_fes, agency_officer):
    from moukawil.caravans.permissions import can_act_on_campaign

    make_stop()
    campaign = make_stop(city="Safi", province="MA-SAF").campaign
    decision = can_act_on_campaign(officer_fes, campaign, CAMPAIGN_WORKFLOW["close"])
    assert not decision and "plusieurs régions" in decision.reason
    assert can_act_on_campaign(agency_officer, campaign, CAMPAIGN_WORKFLOW["close"])


# --- The public calendar and its feed ------------------------------------------------------------------------------


def test_a_draft_campaign_is_not_public_and_takes_no_registration(client, agency_officer, officer_fes):
    from datetime import time

    from moukawil.caravans.services import stop_create
    from moukawil.territory.models import Province

    today = clock.today()
    draft = campaign_create(actor=agency_officer, code="brouillon", title_fr="Forums en préparation",
                            starts_on=today, ends_on=today + timedelta(days=20))  # fmt: skip
    with pytest.raises(BusinessError, match="au moins une escale") as refused:
        campaign_transition(actor=agency_officer, campaign=draft, name="publish")
    assert refused.value.field == "name"
    stop = stop_create(
        actor=agency_officer, campaign=draft, city="Meknès", province=Province.objects.get(code="MA-MEK"),
        venue="CCIS", day=today + timedelta(days=5), opens_at=time(9), closes_at=time(12), capacity=9,
    )  # fmt: skip
    assert "Forums en préparation" not in client.get(reverse("www:caravans")).content.decode()
    assert client.get(reverse("www:caravan_campaign", args=["brouillon"])).status_code == 404
    assert client.get(reverse("www:caravan_campaign_ics", args=["brouillon"])).status_code == 404
    assert client.get(reverse("www:caravan_stop", args=[stop.pk])).status_code == 404
    assert "brouillon" not in str(client.get("/api/v1/caravans/campaigns").json())
    with pytest.raises(Conflict, match="pas encore publiée") as refused:
        registration_create(actor=officer_fes, stop=stop, channel="counter",
                            registrant=Registrant(name="Amina", gender="F"))  # fmt: skip
    assert refused.value.field == "stop"
    campaign_transition(actor=agency_officer, campaign=draft, name="publish")
    assert "Forums en préparation" in client.get(reverse("www:caravans")).content.decode()
    assert AuditEvent.objects.filter(event_type=AuditEventType.CARAVAN_CAMPAIGN_TRANSITION).count() == 1


def test_a_cancelled_stop_shows_as_cancelled_in_the_calendar_and_the_feed(client, stop, make_stop, officer_fes):
    make_stop(city="Meknès", province="MA-MEK", days=9)
    stop_transition(actor=officer_fes, stop=stop, name="cancel", reason="Salle inondée")
    page = client.get(reverse("www:caravan_campaign", args=["infitah-test"])).content.decode()
    row = page.split(f'href="/caravanes/escales/{stop.pk}/"')[1].split("</tr>")[0]
    assert "Annulée" in row and "Salle inondée" in row
    feed = client.get(reverse("www:caravan_campaign_ics", args=["infitah-test"])).content.decode()
    events = feed.split("BEGIN:VEVENT")[1:]
    fes = next(e for e in events if "Fès" in e)
    meknes = next(e for e in events if "Meknès" in e)
    assert "STATUS:CANCELLED" in fes and "Salle inondée" in fes.replace("\r\n ", "")
    assert "STATUS:CONFIRMED" in meknes
    arabic = client.get(reverse("www:caravan_campaign_ics", args=["infitah-test"]) + "?langue=ar").content.decode()
    assert "محطة ملغاة" in arabic.replace("\r\n ", "")
    public = client.get(reverse("www:caravan_stop", args=[stop.pk])).content.decode()
    assert "Escale annulée : Salle inondée" in public and "Les inscriptions à cette escale sont closes." in public


# --- Cancelling a stop ------------------------------------------------------------------------------------------


def test_cancelling_a_stop_cancels_its_registrations_tells_each_registrant_and_refuses_the_sync(
    client, stop, register, officer_fes, django_capture_on_commit_callbacks
):
    people = [register(stop, i) for i in range(3)] + [register(stop, 9)]
    Registration.objects.filter(pk=people[2].pk).update(email="")  # one registrant without an e-mail
    with pytest.raises(BusinessError) as refused:
        stop_transition(actor=officer_fes, stop=stop, name="cancel")
    assert refused.value.field == "reason"  # a reason is required
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        stop_transition(actor=officer_fes, stop=stop, name="cancel", reason="Salle indisponible ce jour-là")
    states = set(Registration.objects.filter(stop=stop).values_list("state", flat=True))
    assert states == {"cancelled"}
    assert sorted(m.to[0] for m in mail.outbox) == ["p0@exemple.ma", "p1@exemple.ma", "p9@exemple.ma"]
    message = mail.outbox[0]
    assert "Escale annulée" in message.subject and "Salle indisponible ce jour-là" in message.body
    assert "إلغاء" in message.body
    event = AuditEvent.objects.filter(event_type=AuditEventType.CARAVAN_STOP_TRANSITION).get()
    assert event.after["state"] == "cancelled" and event.after["registrants_told"] == 3
    log = Registration.objects.get(pk=people[0].pk).transitions.last()
    assert log.name == "cancel" and "Salle indisponible" in log.reason

    # Registration and sync are refused with the reason; the device keeps its queue (409).
    with pytest.raises(Conflict, match="Salle indisponible") as refused:
        registration_create(actor=officer_fes, stop=stop, registrant=Registrant(name="Tard", gender="M"))
    assert refused.value.field == "stop"
    with pytest.raises(Conflict, match="Escale annulée : Salle indisponible"):
        scan = {"uuid": str(uuid.uuid4()), "code": people[0].code, "scanned_at": clock.now().isoformat()}
        scans_sync(actor=officer_fes, stop=stop, device="tel", walk_ins=[], scans=[scan])
    client.force_login(officer_fes)
    response = client.post(f"/api/v1/caravans/stops/{stop.pk}/sync", {"device": "tel", "scans": []},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 409 and "Salle indisponible" in response.json()["message"]
    # Only a scheduled stop is cancelled.
    with pytest.raises(PermissionDenied, match="Annuler l'escale"):
        stop_transition(actor=officer_fes, stop=stop, name="cancel", reason="encore")


def test_a_stop_is_held_on_its_day_closed_then_and_the_campaign_closed_after_its_stops(
    make_stop, officer_fes, agency_officer
):
    later = make_stop(days=3)
    today = make_stop(city="Meknès", province="MA-MEK", days=0)
    with pytest.raises(Conflict, match="l'accueil s'ouvre ce jour-là") as refused:
        stop_transition(actor=officer_fes, stop=later, name="hold")
    assert refused.value.field == "name"
    held = stop_transition(actor=officer_fes, stop=today, name="hold")
    assert held.state == "held"
    # Registration stays open on the day (at the counter); check-in syncs.
    registration_create(actor=officer_fes, stop=today, channel="counter",
                        registrant=Registrant(name="Sur place", gender="F"))  # fmt: skip
    with pytest.raises(PermissionDenied, match="Annuler l'escale"):  # a held stop is not cancelled
        stop_transition(actor=officer_fes, stop=today, name="cancel", reason="Non")
    campaign = today.campaign
    with pytest.raises(Conflict, match="Escales pas encore clôturées : Meknès, Fès"):
        campaign_transition(actor=agency_officer, campaign=campaign, name="close")
    with pytest.raises(Conflict, match="déjà tenues : Meknès"):
        campaign_transition(actor=agency_officer, campaign=campaign, name="cancel", reason="Non")
    stop_transition(actor=officer_fes, stop=today, name="close")
    with pytest.raises(Conflict, match="close"):
        registration_create(actor=officer_fes, stop=today, registrant=Registrant(name="Trop tard", gender="M"))
    stop_transition(actor=officer_fes, stop=later, name="cancel", reason="Reportée")
    closed = campaign_transition(actor=agency_officer, campaign=campaign, name="close")
    assert closed.state == "closed"
    assert list(closed.transitions.values_list("name", flat=True)) == ["publish", "close"]
    Stop.objects.filter(pk=later.pk).update(state="scheduled", cancel_reason="")  # as if it had been forgotten
    with pytest.raises(Conflict, match="campagne est close"):
        registration_create(actor=officer_fes, stop=later, registrant=Registrant(name="Y", gender="F"))
    # A closed campaign takes no new stop: the page no longer offers it, the service refuses it (in Arabic too).
    with pytest.raises(Conflict, match="on n'y ajoute plus d'escale") as refused:
        make_stop(city="Taza", province="MA-TAZ", days=5)
    with translation.override("ar"):
        assert "لا تضاف إليها محطة" in localise(*refused.value.localised)


def test_cancelling_a_campaign_cancels_its_scheduled_stops(make_stop, register, agency_officer, officer_fes,
                                                           django_capture_on_commit_callbacks):  # fmt: skip
    fes = make_stop()
    meknes = make_stop(city="Meknès", province="MA-MEK")
    register(fes, 1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        campaign_transition(actor=agency_officer, campaign=fes.campaign, name="cancel", reason="Budget retiré")
    assert set(Stop.objects.filter(pk__in=[fes.pk, meknes.pk]).values_list("state", "cancel_reason")) == {
        ("cancelled", "Budget retiré")
    }
    assert Registration.objects.get(stop=fes).state == "cancelled" and len(mail.outbox) == 1
    assert Campaign.objects.get(pk=fes.campaign_id).state == "cancelled"


# --- Pages and API ----------------------------------------------------------------------------------------------


def test_officers_see_the_buttons_in_french_and_arabic_and_fire_them(client, stop, make_stop, officer_fes,
                                                                     officer_casa):  # fmt: skip
    client.force_login(officer_fes)
    page = client.get(reverse("www:caravan_stop", args=[stop.pk])).content.decode()
    assert "Annuler l&#x27;escale" in page and "Motif (envoyé aux inscrits)" in page
    # A week early the check-in cannot open: no button that would only be refused, the day it opens instead.
    assert "Ouvrir l&#x27;accueil (jour de l&#x27;escale)" not in page and "Clôturer l&#x27;escale" not in page
    assert 'data-testid="opens-on"' in page
    today = make_stop(city="Meknès", province="MA-MEK", days=0)
    assert "Ouvrir l&#x27;accueil (jour de l&#x27;escale)" in client.get(
        reverse("www:caravan_stop", args=[today.pk])).content.decode()  # fmt: skip
    client.cookies["moukawil_language"] = "ar"
    arabic = client.get(reverse("www:caravan_stop", args=[stop.pk])).content.decode()
    assert "إلغاء المحطة" in arabic and "محطة مبرمجة" in arabic and "يفتح الاستقبال يوم المحطة" in arabic
    assert "فتح الاستقبال (يوم المحطة)" in client.get(reverse("www:caravan_stop", args=[today.pk])).content.decode()
    campaign_page = client.get(reverse("www:caravan_campaign", args=["infitah-test"])).content.decode()
    assert "اختتام الحملة" in campaign_page and "إلغاء الحملة" in campaign_page
    client.cookies["moukawil_language"] = "fr"
    response = client.post(reverse("www:caravan_stop_transition", args=[stop.pk, "hold"]), follow=True)
    assert "l&#x27;accueil s&#x27;ouvre ce jour-là" in response.content.decode()  # refused: a week early
    response = client.post(reverse("www:caravan_stop_transition", args=[stop.pk, "cancel"]),
                           {"reason": "Grève des transports"}, follow=True)  # fmt: skip
    assert "Escale : Annulée." in response.content.decode()
    client.force_login(officer_casa)  # another region's officer: no buttons, and refused if he posts
    page = client.get(reverse("www:caravan_stop", args=[stop.pk])).content.decode()
    assert 'data-testid="stop-actions"' not in page


def test_the_api_fires_transitions_and_refuses_the_viewer_with_a_reason(client, stop, officer_fes, agency_officer):
    client.force_login(UserFactory(viewer=True))
    refused = client.post(f"/api/v1/caravans/stops/{stop.pk}/transitions", {"name": "cancel", "reason": "x"},
                          content_type="application/json")  # fmt: skip
    assert refused.status_code == 403 and "lecture seule" in refused.json()["message"]
    client.force_login(officer_fes)
    missing = client.post(f"/api/v1/caravans/stops/{stop.pk}/transitions", {"name": "cancel"},
                          content_type="application/json")  # fmt: skip
    assert missing.status_code == 400 and missing.json()["field"] == "reason"
    unknown = client.post(f"/api/v1/caravans/stops/{stop.pk}/transitions", {"name": "explode"},
                          content_type="application/json")  # fmt: skip
    assert unknown.status_code == 400 and unknown.json()["field"] == "name"
    done = client.post(f"/api/v1/caravans/stops/{stop.pk}/transitions", {"name": "cancel", "reason": "Météo"},
                       content_type="application/json")  # fmt: skip
    assert done.status_code == 200 and done.json()["state"] == "cancelled" and done.json()["cancel_reason"] == "Météo"
    client.force_login(agency_officer)
    closed = client.post("/api/v1/caravans/campaigns/infitah-test/transitions", {"name": "close"},
                         content_type="application/json")  # fmt: skip
    assert closed.status_code == 200 and closed.json()["state"] == "closed"
    assert closed.json()["stops"][0]["state_label"] == "Escale annulée"
    listed = client.get("/api/v1/caravans/campaigns").json()
    assert listed[0]["state"] == "closed" and listed[0]["stops"][0]["state"] == "cancelled"
