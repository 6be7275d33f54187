"""The demo's caravans show the seed's figures; results count every registered outcome, live."""

import pytest
from django.db.models import Count, F
from django.urls import reverse

from moukawil.caravans.models import Campaign, Registration
from moukawil.demo.generator import demo_data_build
from moukawil.infitah.models import Permit
from moukawil.registry.models import Application

TEN = ["Tétouan", "Oujda", "Nador", "Al Hoceïma", "Errachidia", "Khouribga", "El Kelâa des Sraghna", "Safi",
       "Essaouira", "Dakhla"]  # fmt: skip


@pytest.fixture
def demo(territory):
    demo_data_build(scale="small")


@pytest.mark.django_db
def test_the_demo_caravans_report_shows_the_seed_figures(demo, client, django_assert_max_num_queries):
    from tests.factories import UserFactory

    client.force_login(UserFactory(viewer=True))
    with django_assert_max_num_queries(20):
        page = client.get(reverse("www:caravan_report", args=["infitah-caravane-1"])).content.decode()
    figures = page.split('data-testid="key-figures"')[1].split("</div>\n<p>")[0]
    assert ">18</div>villes" in figures.replace("\n", "").replace("  ", "")
    assert ">7</div>semaines" in figures.replace("\n", "").replace("  ", "")
    assert "1\u202f700</div>" in figures and "1\u202f500</div>" in figures
    second = client.get(reverse("www:caravan_report", args=["infitah-caravane-2"])).content.decode()
    for city in TEN:
        assert f">{city}</a>" in second
    campaign = Campaign.objects.get(code="infitah-caravane-2")
    assert campaign.starts_on.month == 9 and campaign.starts_on.day == 28
    assert (campaign.ends_on - campaign.starts_on).days < 28 and campaign.stops.count() == 10
    by_state = dict(Registration.objects.filter(stop__campaign__code="infitah-caravane-1").values_list("state")
                    .annotate(n=Count("pk")))  # fmt: skip
    assert by_state["present"] == 1700 and by_state["cancelled"] == 36

    # The API gives the same figures, and the 1,500 are real permits of the document service, issued at the stops
    # to enterprises of people present there.
    results = client.get("/api/v1/caravans/campaigns/infitah-caravane-1/results").json()
    assert results["cities"] == 18 and results["totals"]["present"] == 1700 and results["outcomes"]["permits"] == 1500
    assert sum(row["outcomes"]["permits"] for row in results["stops"]) == 1500
    permits = Permit.objects.filter(stop__campaign__code="infitah-caravane-1")
    assert permits.count() == 1500 and permits.filter(registration__state="completed").count() == 1500
    assert Registration.objects.filter(stop__campaign__code="infitah-caravane-1", state="present",
                                       enterprise__permit__stop=F("stop")).count() == 1500  # fmt: skip
    one = permits.order_by("number").first()
    assert one.number.startswith("PN-") and "Permis numérique valide" in client.get(
        f"/verifier/permis/{one.number}/").content.decode()  # fmt: skip

    # The PDF, the exports and the feeds carry the same figures.
    pdf = client.get(reverse("www:caravan_report_pdf", args=["infitah-caravane-1"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content[:4] == b"%PDF"
    csv = client.get(reverse("www:caravan_report_export", args=["infitah-caravane-2", "csv"])).content.decode()
    lines = csv.strip().splitlines()
    assert lines[0].lstrip("\ufeff").startswith("escale;region;date;inscrits") and len(lines) == 11
    xlsx = client.get(reverse("www:caravan_report_export", args=["infitah-caravane-2", "xlsx"]))
    assert xlsx.content[:2] == b"PK"
    feed = client.get(reverse("www:caravan_campaign_ics", args=["infitah-caravane-2"]) + "?langue=ar").content.decode()
    assert feed.count("BEGIN:VEVENT") == 10 and "الداخلة" in feed

    # States: caravan 1 is closed with its stops closed; caravan 2 is published, its stops closed, held or scheduled
    # according to today's date; register applications were filed at its forums held so far (not zero).
    from moukawil.core import clock
    from moukawil.demo.caravans import CARAVAN_2_FILINGS

    first = Campaign.objects.get(code="infitah-caravane-1")
    assert first.state == "closed" and set(first.stops.values_list("state", flat=True)) == {"closed"}
    today = clock.today()
    assert campaign.state == ("closed" if campaign.ends_on < today else "published")
    for stop in campaign.stops.all():
        expected = "closed" if stop.day < today else "held" if stop.day == today else "scheduled"
        assert stop.state == expected, (stop.city, stop.day, stop.state)
    held = campaign.stops.filter(day__lte=today).count()
    filed = Application.objects.filter(stop__campaign=campaign).exclude(state="draft").count()
    assert filed == CARAVAN_2_FILINGS * held
    results = client.get("/api/v1/caravans/campaigns/infitah-caravane-2/results").json()
    assert results["outcomes"]["applications"] == filed
    if held:
        assert filed > 0
        figure = second.split('data-testid="outcome-applications"')[1].split("</div>")[0]
        assert f">{filed}" in figure  # the report page's figure
        assert all(a.stop.region_id == a.region_id for a in Application.objects.filter(stop__campaign=campaign))
    # The PDF draws the same figure next to its label.
    from fpdf import FPDF

    drawn = []
    original = FPDF.cell

    def spy(self, w=None, h=None, text="", *args, **kwargs):
        drawn.append(str(text))
        return original(self, w, h, text, *args, **kwargs)

    def spy_lines(self, w, h=None, text="", *args, **kwargs):
        drawn.append(str(text))
        return original_lines(self, w, h, text, *args, **kwargs)

    original_lines = FPDF.multi_cell
    FPDF.cell, FPDF.multi_cell = spy, spy_lines
    try:
        client.get(reverse("www:caravan_report_pdf", args=["infitah-caravane-2"]))
        french = list(drawn)
        drawn.clear()
        # Asked from an Arabic page: the same French figures and labels (an Arabic label in the Latin font was drawn
        # blank under its figure, and thousands were grouped with a dot).
        client.cookies["moukawil_language"] = "ar"
        client.get(reverse("www:caravan_report_pdf", args=["infitah-caravane-1"]))
    finally:
        FPDF.cell, FPDF.multi_cell = original, original_lines
    assert french.count(str(filed)) >= 2 and "Demandes AE" in french  # the key figure and the table's total
    assert "1 500" in drawn and "1 700" in drawn and "permis numériques délivrés" in drawn
