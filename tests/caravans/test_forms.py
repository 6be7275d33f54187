"""The officers' pages to create a campaign and its stops: the services decide (permission, checks, audit), the
pages show their refusals next to the field; the viewer gets no form and writes nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse

from moukawil.caravans.models import Campaign, Stop
from moukawil.core import clock
from moukawil.core.models import AuditEvent
from moukawil.territory.models import Province
from tests.factories import UserFactory


def _campaign_data(**overrides):
    today = clock.today()
    data = {"code": "forums-2026", "title_fr": "Forums de l'auto-entrepreneur", "title_ar": "منتديات المقاول الذاتي",
            "programme": "", "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=20)).isoformat()}  # fmt: skip
    data.update(overrides)
    return data


def _stop_data(**overrides):
    data = {"city": "Meknès", "city_ar": "مكناس", "province": Province.objects.get(code="MA-MEK").pk, "host": "",
            "venue": "Chambre de commerce de Meknès", "day": (clock.today() + timedelta(days=5)).isoformat(),
            "opens_at": "09:00", "closes_at": "16:30", "capacity": "120",
            "services": ["training", "permit"]}  # fmt: skip
    data.update(overrides)
    return data


def test_an_officer_creates_a_campaign_then_a_stop_and_the_public_sees_it(client, agency_officer):
    client.force_login(agency_officer)
    calendar = client.get(reverse("www:caravans")).content.decode()
    assert reverse("www:caravan_campaign_new") in calendar and "Nouvelle campagne" in calendar
    response = client.post(reverse("www:caravan_campaign_new"), _campaign_data())
    assert response.status_code == 302 and response["Location"] == reverse("www:caravan_stop_new", args=["forums-2026"])
    campaign = Campaign.objects.get(code="forums-2026")
    assert campaign.title_ar == "منتديات المقاول الذاتي"
    page = client.get(reverse("www:caravan_stop_new", args=["forums-2026"])).content.decode()
    assert 'name="services"' in page and 'name="province"' in page and "Chambre d&#x27;accueil" in page
    response = client.post(reverse("www:caravan_stop_new", args=["forums-2026"]), _stop_data())
    assert response.status_code == 302
    stop = Stop.objects.get(campaign=campaign)
    assert (stop.city, stop.capacity, stop.services, stop.region.code) == ("Meknès", 120, ["training", "permit"], "03")
    assert AuditEvent.objects.for_target(stop).get().actor == agency_officer  # the service audited it
    assert AuditEvent.objects.for_target(campaign).get().actor == agency_officer
    campaign_page = client.get(reverse("www:caravan_campaign", args=["forums-2026"])).content.decode()
    assert reverse("www:caravan_stop_new", args=["forums-2026"]) in campaign_page and "Brouillon" not in campaign_page
    assert "En préparation" in campaign_page and "Publier la campagne" in campaign_page
    client.logout()
    assert "Chambre de commerce de Meknès" not in client.get(reverse("www:caravans")).content.decode()  # a draft
    assert client.get(reverse("www:caravan_campaign", args=["forums-2026"])).status_code == 404
    client.force_login(agency_officer)
    published = client.post(reverse("www:caravan_campaign_transition", args=["forums-2026", "publish"]), follow=True)
    assert "Inscriptions ouvertes" in published.content.decode()
    client.logout()
    public = client.get(reverse("www:caravans")).content.decode()
    assert "Chambre de commerce de Meknès" in public and "Forums de l&#x27;auto-entrepreneur" in public
    assert "Nouvelle campagne" not in public


def test_a_chamber_officer_adds_stops_in_his_region_only(client, officer_fes, campaign):
    client.force_login(officer_fes)
    page = client.get(reverse("www:caravan_stop_new", args=[campaign.code])).content.decode()
    assert "Meknès" in page and "Casablanca" not in page  # his region's provinces only
    casa = Province.objects.get(code="MA-CAS").pk
    response = client.post(reverse("www:caravan_stop_new", args=[campaign.code]), _stop_data(province=casa))
    assert response.status_code == 200 and not Stop.objects.exists()
    response = client.post(reverse("www:caravan_stop_new", args=[campaign.code]), _stop_data())
    assert response.status_code == 302 and Stop.objects.get().region.code == "03"


def test_the_viewer_sees_no_form_and_writes_nothing(client, campaign, territory):
    viewer = UserFactory(viewer=True)
    client.force_login(viewer)
    calendar = client.get(reverse("www:caravans")).content.decode()
    assert "Nouvelle campagne" not in calendar
    assert "Nouvelle escale" not in client.get(reverse("www:caravan_campaign", args=[campaign.code])).content.decode()
    for url, data in ((reverse("www:caravan_campaign_new"), _campaign_data()),
                      (reverse("www:caravan_stop_new", args=[campaign.code]), _stop_data())):  # fmt: skip
        page = client.get(url)
        assert page.status_code == 403 and b'name="code"' not in page.content and b'name="venue"' not in page.content
        assert client.post(url, data).status_code == 403
    assert Campaign.objects.count() == 1 and not Stop.objects.exists()


def test_an_entrepreneur_and_the_anonymous_are_kept_out(client, campaign, entrepreneur):
    url = reverse("www:caravan_campaign_new")
    assert client.post(url, _campaign_data()).status_code == 302  # to the login page
    client.force_login(entrepreneur)
    assert client.post(url, _campaign_data()).status_code == 403
    assert Campaign.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"capacity": "0"}, "Places : entre 1 et 100"),
        ({"capacity": "-1"}, "Places : entre 1 et 100"),
        ({"capacity": "1e12"}, "Places : entre 1 et 100"),
        ({"capacity": "2.5"}, "Places : nombre entier attendu."),
        ({"capacity": "abc"}, "Places : nombre invalide « abc »."),
        ({"capacity": ""}, "obligatoire"),
        ({"venue": "x" * 10_000}, "Lieu dépasse 200 caractères."),
        ({"city": "y" * 10_000}, "Ville dépasse 80 caractères."),
        ({"city_ar": "م" * 10_000}, "80"),
        ({"opens_at": "17:00", "closes_at": "09:00"}, "La fermeture précède l&#x27;ouverture."),
        ({"services": ["teleportation"]}, "teleportation"),
        ({"day": "2026-02-31"}, "date"),
    ],
)
def test_bad_stop_inputs_are_refused_next_to_their_field(client, agency_officer, campaign, overrides, message):
    client.force_login(agency_officer)
    response = client.post(reverse("www:caravan_stop_new", args=[campaign.code]), _stop_data(**overrides))
    page = response.content.decode()
    assert response.status_code == 200 and message in page and 'aria-invalid="true"' in page
    assert not Stop.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ends_on": "2020-01-01", "starts_on": "2020-02-01"}, "La fin de la campagne précède son début."),
        ({"code": "Pas Un Code"}, "Le code ne contient que des minuscules"),
        ({"title_fr": "t" * 10_000}, "Intitulé dépasse 150 caractères."),
        ({"code": "c" * 10_000}, "Code dépasse 40 caractères."),
        ({"starts_on": "abc"}, "date"),
    ],
)
def test_bad_campaign_inputs_are_refused_next_to_their_field(client, agency_officer, overrides, message):
    client.force_login(agency_officer)
    response = client.post(reverse("www:caravan_campaign_new"), _campaign_data(**overrides))
    page = response.content.decode()
    assert response.status_code == 200 and message in page and 'aria-invalid="true"' in page
    assert not Campaign.objects.exists()


def test_a_taken_code_is_refused_on_the_code_field(client, agency_officer, campaign):
    client.force_login(agency_officer)
    response = client.post(reverse("www:caravan_campaign_new"), _campaign_data(code=campaign.code))
    assert response.status_code == 200 and "Une campagne porte déjà ce code." in response.content.decode()
    assert Campaign.objects.count() == 1


@pytest.mark.parametrize("field", ["venue", "capacity"])
def test_a_nul_byte_is_refused_before_the_form_naming_the_field(client, agency_officer, campaign, field):
    client.force_login(agency_officer)
    response = client.post(reverse("www:caravan_stop_new", args=[campaign.code]), _stop_data(**{field: "12\x00"}))
    assert response.status_code == 400 and field in response.content.decode()
    assert not Stop.objects.exists()


def test_the_form_and_the_api_refuse_the_same_capacity_with_the_same_message(client, agency_officer, campaign):
    client.force_login(agency_officer)
    page = client.post(reverse("www:caravan_stop_new", args=[campaign.code]), _stop_data(capacity="0")).content
    data = _stop_data(capacity="0")
    payload = {"city": data["city"], "province_code": "MA-MEK", "venue": data["venue"], "day": data["day"],
               "opens_at": "09:00", "closes_at": "16:30", "capacity": "0", "services": []}  # fmt: skip
    api = client.post(f"/api/v1/caravans/campaigns/{campaign.code}/stops", payload, content_type="application/json")
    assert api.status_code in (400, 422)
    message = "Places : entre 1 et 100"
    assert message in page.decode() and message in api.content.decode()
    assert not Stop.objects.exists()


def test_a_stop_dated_outside_its_campaign_is_refused_naming_the_day(client, agency_officer, campaign):
    client.force_login(agency_officer)
    late = (campaign.ends_on + timedelta(days=1)).isoformat()
    response = client.post(reverse("www:caravan_stop_new", args=[campaign.code]), _stop_data(day=late))
    assert response.status_code == 200 and not Stop.objects.exists()
    errors = response.context["form"].errors
    assert "pendant la campagne" in errors["day"][0]
    api = client.post(f"/api/v1/caravans/campaigns/{campaign.code}/stops",
                      {"city": "Safi", "province_code": "MA-SAF", "venue": "CCIS de Safi",
                       "day": (campaign.starts_on - timedelta(days=1)).isoformat(), "opens_at": "09:00",
                       "closes_at": "17:00", "capacity": 80}, content_type="application/json")  # fmt: skip
    assert api.status_code == 400 and api.json()["field"] == "day"
    assert api.json()["message"].startswith("Date : l'escale doit avoir lieu pendant la campagne, du ")
    assert not Stop.objects.exists()


def test_a_stops_arabic_venue_shows_on_arabic_pages_else_the_french_one(client, agency_officer, campaign):
    from django.conf import settings

    client.force_login(agency_officer)
    response = client.post(reverse("www:caravan_stop_new", args=[campaign.code]),
                           _stop_data(venue_ar="مقر غرفة مكناس"))  # fmt: skip
    assert response.status_code == 302
    meknes = Stop.objects.get()
    assert meknes.venue_ar == "مقر غرفة مكناس"
    api = client.post(f"/api/v1/caravans/campaigns/{campaign.code}/stops",
                      {"city": "Taza", "province_code": "MA-TAZ", "venue": "CCIS de Taza",
                       "day": meknes.day.isoformat(), "opens_at": "09:00", "closes_at": "17:00",
                       "capacity": 80}, content_type="application/json")  # fmt: skip
    assert api.status_code == 201 and api.json()["venue_ar"] == "" and api.json()["venue"] == "CCIS de Taza"
    french = client.get(reverse("www:caravan_campaign", args=[campaign.code])).content.decode()
    assert "Chambre de commerce de Meknès" in french and "مقر غرفة مكناس" not in french
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    arabic = client.get(reverse("www:caravan_campaign", args=[campaign.code])).content.decode()
    assert "مقر غرفة مكناس" in arabic and "Chambre de commerce de Meknès" not in arabic
    assert "CCIS de Taza" in arabic  # no Arabic venue given: the French one
    stop_page = client.get(reverse("www:caravan_stop", args=[meknes.pk])).content.decode()
    assert "مقر غرفة مكناس" in stop_page
    form = client.get(reverse("www:caravan_stop_new", args=[campaign.code])).content.decode()
    assert 'name="venue_ar"' in form
    client.post(reverse("www:caravan_campaign_transition", args=[campaign.code, "publish"]))
    feed = client.get(reverse("www:caravan_campaign_ics", args=[campaign.code]) + "?langue=ar").content.decode()
    assert "مقر غرفة مكناس" in feed.replace("\r\n ", "")
