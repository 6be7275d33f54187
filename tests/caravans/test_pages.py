"""Pages and feeds: the public calendar and its iCalendar feeds, a stop, the report, the API; bounded queries."""

import uuid

import pytest
from django.urls import reverse

from moukawil.caravans.models import Registration
from moukawil.core import clock
from tests.factories import UserFactory


def test_the_public_calendar_and_its_feeds_in_french_and_arabic(client, stop, make_stop):
    make_stop(city="Meknès", province="MA-MEK", days=9)
    page = client.get(reverse("www:caravan_campaign", args=["infitah-test"])).content.decode()
    assert "Fès" in page and "Meknès" in page and "Caravane Infitah (test)" in page
    feed = client.get(reverse("www:caravan_campaign_ics", args=["infitah-test"]))
    assert feed["Content-Type"].startswith("text/calendar")
    text = feed.content.decode()
    assert text.count("BEGIN:VEVENT") == 2 and "SUMMARY:Caravane Infitah (test) — Fès" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    arabic = client.get(reverse("www:caravans_region_ics", args=["03"]) + "?langue=ar").content.decode()
    assert "قافلة انفتاح" in arabic and arabic.count("BEGIN:VEVENT") == 2
    region = client.get(reverse("www:caravans_region", args=["06"])).content.decode()
    assert "Aucune escale." in region


def test_an_entrepreneur_registers_on_the_stop_page_and_sees_his_code(client, stop, entrepreneur):
    client.force_login(entrepreneur)
    response = client.post(reverse("www:caravan_stop", args=[stop.pk]),
                           {"name": "Salma Idrissi", "gender": "F", "email": "", "phone": "", "enterprise_name": ""},
                           follow=True)  # fmt: skip
    registration = Registration.objects.get(user=entrepreneur)
    assert f"Code d&#x27;accueil : {registration.code}" in response.content.decode()
    mine = client.get(reverse("www:caravan_mine")).content.decode()
    assert registration.code in mine and "Annuler mon inscription" in mine
    qr = client.get(reverse("www:caravan_qr", args=[registration.pk]))
    assert qr.content[:4] == b"\x89PNG"
    # The confirmation shows the QR code itself and where to find it again; his home marks the stop he is in.
    page = response.content.decode()
    assert reverse("www:caravan_qr", args=[registration.pk]) in page and reverse("www:caravan_mine") in page
    assert 'data-testid="registered-here"' in client.get("/").content.decode()


def test_the_viewer_is_told_he_reads_only_and_the_agency_home_lists_the_stops(client, stop, agency_officer):
    client.force_login(UserFactory(viewer=True))
    for url in (reverse("www:caravan_campaign", args=["infitah-test"]), reverse("www:caravan_stop", args=[stop.pk])):
        page = client.get(url).content.decode()
        assert 'data-testid="read-only"' in page and "lecture seule" in page
    home = client.get("/").content.decode()
    assert 'data-testid="home-caravans"' in home and "Fès" in home and "pointage" not in home
    client.force_login(agency_officer)
    home = client.get("/").content.decode()
    assert 'data-testid="home-caravans"' in home and reverse("www:caravan_check_in", args=[stop.pk]) in home


def test_the_form_refuses_a_nul_byte_naming_the_field(client, stop, officer_fes):
    client.force_login(officer_fes)
    data = {"name": "Sa\x00lma", "gender": "F", "email": "", "phone": "", "enterprise_name": ""}
    response = client.post(reverse("www:caravan_stop", args=[stop.pk]), data)
    # Refused before the form by the one NUL guard (core.middleware): a French page naming the field, nothing written.
    assert response.status_code == 400 and not Registration.objects.exists()
    assert "name : le caractère nul" in response.content.decode()


def test_the_officer_stop_page_has_bounded_queries(client, stop, register, officer_fes, django_assert_max_num_queries):
    for i in range(15):
        register(stop, i)
    client.force_login(officer_fes)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("www:caravan_stop", args=[stop.pk])).content.decode()
    assert "Participant 14" in page and "Ouvrir le pointage" in page


def test_the_api_registers_downloads_the_list_and_syncs(client, make_stop, officer_fes, entrepreneur):
    stop = make_stop(days=0)  # scans count from the stop's day on
    client.force_login(entrepreneur)
    made = client.post(f"/api/v1/caravans/stops/{stop.pk}/registrations",
                       {"name": "Salma", "gender": "F"}, content_type="application/json")  # fmt: skip
    assert made.status_code == 201 and made.json()["state"] == "confirmed"
    refused = client.get(f"/api/v1/caravans/stops/{stop.pk}/check-in-list")
    assert refused.status_code == 403
    bad = client.post(f"/api/v1/caravans/stops/{stop.pk}/registrations",
                      {"name": "x" * 151, "gender": "F"}, content_type="application/json")  # fmt: skip
    assert bad.status_code == 400 and bad.json()["field"] == "name" and "150" in bad.json()["message"]
    client.force_login(officer_fes)
    listing = client.get(f"/api/v1/caravans/stops/{stop.pk}/check-in-list").json()
    code = listing["registrations"][0]["code"]
    batch = {"device": "tel-1", "scans": [{"uuid": str(uuid.uuid4()), "code": code,
                                           "scanned_at": clock.now().isoformat()}]}  # fmt: skip
    first = client.post(f"/api/v1/caravans/stops/{stop.pk}/sync", batch, content_type="application/json").json()
    again = client.post(f"/api/v1/caravans/stops/{stop.pk}/sync", batch, content_type="application/json").json()
    assert first["present"] == again["present"] == 1 and again["results"][0]["replayed"] is True
    absurd = client.post(f"/api/v1/caravans/stops/{stop.pk}/sync", {"device": "x" * 65, "scans": []},
                         content_type="application/json")  # fmt: skip
    assert absurd.status_code == 400 and absurd.json()["field"] == "device"


@pytest.mark.parametrize("role", ["viewer", "bank_officer"])
def test_the_report_is_for_staff_only(client, stop, role):
    user = UserFactory(**{role: True})
    client.force_login(user)
    response = client.get(reverse("www:caravan_report", args=["infitah-test"]))
    assert response.status_code == (200 if role == "viewer" else 403)


def test_the_report_exports_hold_numbers_and_no_formula(client, make_stop, register, agency_officer):
    """A city typed like a formula stays text in the officer's spreadsheet; the counts are numbers that add up."""
    import io

    from openpyxl import load_workbook

    stop = make_stop(city='=HYPERLINK("http://x")')
    for n in range(3):
        register(stop, n)
    client.force_login(agency_officer)
    csv_text = client.get(reverse("www:caravan_report_export", args=["infitah-test", "csv"])).content.decode()
    assert "'=HYPERLINK" in csv_text and ";=HYPERLINK" not in csv_text
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("www:caravan_report_export", args=["infitah-test", "xlsx"])).content)
    )
    sheet = workbook["Bilan"]
    header, row = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
    assert row[0].startswith("'=") and row[header.index("inscrits")] == 3
    assert isinstance(row[header.index("femmes")], int)


def test_the_attendance_certificate_is_numbered_once_for_a_present_person_and_verified_publicly(
    client, make_stop, register, officer_fes
):
    from moukawil.caravans.services import registration_check_in

    stop = make_stop(days=0)
    absent, present = register(stop, 1), register(stop, 2)
    registration_check_in(actor=officer_fes, registration=present)
    client.force_login(officer_fes)
    refused = client.get(reverse("www:caravan_certificate", args=[absent.pk]))
    assert refused.status_code == 302 and not Registration.objects.exclude(certificate_number=None).exists()
    assert "présence enregistrée" in client.get(refused.url).content.decode()
    first = client.get(reverse("www:caravan_certificate", args=[present.pk]))
    again = client.get(reverse("www:caravan_certificate", args=[present.pk]))
    assert first.content[:4] == again.content[:4] == b"%PDF"
    present.refresh_from_db()
    assert present.certificate_number.endswith("-000001")
    client.logout()
    page = client.get(f"/verifier/presence/{present.certificate_number}/").content.decode()
    assert "Attestation de présence authentique" in page and "Fès" in page and "Participant 2" not in page


def test_officers_create_a_campaign_and_its_stops_through_the_api(client, agency_officer, officer_casa):
    client.force_login(agency_officer)
    made = client.post("/api/v1/caravans/campaigns", {"code": "forums-2027", "title_fr": "Forums 2027",
                       "starts_on": "2027-03-01", "ends_on": "2027-03-31", "programme": "infitah"},
                       content_type="application/json")  # fmt: skip
    assert made.status_code == 201
    stop = {"city": "Safi", "province_code": "MA-SAF", "venue": "CCIS de Safi", "day": "2027-03-05",
            "opens_at": "09:00", "closes_at": "17:00", "capacity": 80, "services": ["training", "permit"]}  # fmt: skip
    created = client.post("/api/v1/caravans/campaigns/forums-2027/stops", stop, content_type="application/json")
    assert created.status_code == 201 and created.json()["region_code"] == "07" and created.json()["host"]
    absurd = client.post("/api/v1/caravans/campaigns/forums-2027/stops", {**stop, "capacity": "1e20"},
                         content_type="application/json")  # fmt: skip
    assert absurd.status_code == 400 and absurd.json()["field"] == "capacity"
    unknown = client.post("/api/v1/caravans/campaigns/forums-2027/stops", {**stop, "province_code": "state"},
                          content_type="application/json")  # fmt: skip
    assert unknown.status_code == 400 and unknown.json()["field"] == "province_code"
    assert unknown.json()["message"] == "Province inconnue : state."
    client.force_login(officer_casa)  # another region's chamber
    refused = client.post("/api/v1/caravans/campaigns/forums-2027/stops", stop, content_type="application/json")
    assert refused.status_code == 403 and "autre région" in refused.json()["message"]


def test_the_check_in_page_may_use_the_camera_and_the_qr_code_is_one_scanners_read(client, stop, register, officer_fes):
    from moukawil.caravans.tasks import qr_code, qr_text

    client.force_login(officer_fes)
    page = client.get(reverse("www:caravan_check_in", args=[stop.pk]))
    assert "camera=(self)" in page["Permissions-Policy"] and "microphone=()" in page["Permissions-Policy"]
    assert "camera=()" in client.get(reverse("www:caravan_stop", args=[stop.pk]))["Permissions-Policy"]
    # A full QR code (segno would pick a Micro QR for so short a text: phones and jsQR do not read those).
    code = qr_code(qr_text(register(stop, 1)))
    assert not code.is_micro and code.designator.startswith("1-")


def test_an_arabic_page_shows_the_services_refusals_in_arabic(client, make_stop, agency_officer):
    from django.conf import settings

    make_stop(city="Fès", days=3)  # still scheduled: the campaign cannot be closed yet
    stop = make_stop(city="Meknès", province="MA-MEK", days=5)
    stop.city_ar = "مكناس"
    stop.save(update_fields=["city_ar"])
    client.force_login(agency_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    page = client.post(reverse("www:caravan_campaign_transition", args=["infitah-test", "close"]),
                       follow=True).content.decode()  # fmt: skip
    assert "محطات لم تُغلق بعد" in page and "مكناس" in page
    assert "Escales pas encore clôturées" not in page
    # The check-in opens on the stop's day: the date in the Arabic refusal, no French.
    page = client.post(reverse("www:caravan_stop_transition", args=[stop.pk, "hold"]), follow=True).content.decode()
    assert "تنعقد المحطة يوم" in page and "L&#x27;escale a lieu le" not in page
    # The API keeps French, whatever the language cookie.
    api = client.post("/api/v1/caravans/campaigns/infitah-test/transitions", {"name": "close"},
                      content_type="application/json")  # fmt: skip
    assert api.status_code == 409 and api.json()["message"].startswith("Escales pas encore clôturées : Fès, Meknès")


def test_the_calendar_lists_the_stops_to_come_soonest_first_then_the_past_ones_latest_first(client, make_stop):
    from datetime import timedelta

    from moukawil.caravans.models import Stop

    days = {"Fès": 10, "Meknès": 2, "Taza": -3, "Safi": -30}
    for city, province in (("Fès", "MA-FES"), ("Meknès", "MA-MEK"), ("Taza", "MA-TAZ"), ("Safi", "MA-SAF")):
        stop = make_stop(city=city, province=province)
        Stop.objects.filter(pk=stop.pk).update(day=clock.today() + timedelta(days=days[city]))  # held, for the past
    page = client.get(reverse("www:caravan_campaign", args=["infitah-test"])).content.decode()
    table = page[page.index('data-testid="calendar"') :]
    order = sorted(days, key=lambda city: table.index(f">{city}</a>"))
    assert order == ["Meknès", "Fès", "Taza", "Safi"]
    assert table.index(">Fès</a>") < table.index("Escales passées") < table.index(">Taza</a>")
    feed = client.get(reverse("www:caravan_campaign_ics", args=["infitah-test"])).content.decode()
    assert sorted(days, key=lambda city: feed.index(f"— {city}")) == ["Meknès", "Fès", "Taza", "Safi"]


def test_the_reported_scans_read_in_arabic_on_the_arabic_stop_page(client, make_stop, register, officer_fes):
    from django.conf import settings

    from moukawil.caravans.services import scans_sync

    ahead = make_stop(days=12)
    person = register(ahead, 1)
    scan = {"uuid": str(uuid.uuid4()), "code": person.code, "scanned_at": clock.now().isoformat()}
    report = scans_sync(actor=officer_fes, stop=ahead, device="tel-1", scans=[scan, {**scan, "uuid": str(uuid.uuid4()),
                                                                                   "code": "ZZZZ"}])  # fmt: skip
    assert report.results[0].reason.startswith("L'escale a lieu le ")  # the API and the device: French
    client.force_login(officer_fes)
    french = client.get(reverse("www:caravan_stop", args=[ahead.pk])).content.decode()
    assert "aucun pointage avant ce jour-là" in french and "Code inconnu : ZZZZ." in french
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    arabic = client.get(reverse("www:caravan_stop", args=[ahead.pk])).content.decode()
    assert "لا تسجيل للحضور قبل ذلك اليوم" in arabic and "رمز غير معروف" in arabic
    assert "aucun pointage" not in arabic and "Code inconnu" not in arabic
