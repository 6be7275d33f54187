"""Figures pages: each chart's embedded data equals its table's, for a known set of files."""

import json
import re

import pytest

from moukawil.registry.services import application_transition


def embedded(page: str, chart_id: str) -> dict:
    return json.loads(
        re.search(rf'<script id="{chart_id}" type="application/json">(.*?)</script>', page, re.S).group(1)
    )


def datasets(config: dict) -> dict:
    return {
        label: dict(zip(config["data"]["labels"], d["data"], strict=True))
        for d in config["data"]["datasets"]
        for label in [d["label"]]
    }


@pytest.mark.django_db
def test_register_figures_charts_carry_the_tables_numbers(client, submit, officer_fes, agency_officer):
    from django.utils import timezone

    application_transition(actor=officer_fes, application=submit(cin="BK1111", gender="F"), name="approve")
    submit(cin="BK2222", gender="M")
    submit(cin="BK3333", gender="F")
    client.force_login(agency_officer)
    page = client.get("/registre/chiffres/").content.decode()

    by_region = embedded(page, "chart-by-region")
    assert by_region["type"] == "bar" and by_region["options"]["indexAxis"] == "y"
    assert len(by_region["data"]["labels"]) == 12  # every region, national view
    assert datasets(by_region)["Demandes"]["Fès-Meknès"] == 3
    assert datasets(by_region)["Inscriptions"]["Fès-Meknès"] == 1
    assert datasets(by_region)["Demandes"]["Casablanca-Settat"] == 0
    assert datasets(embedded(page, "chart-by-gender")) == {
        "Demandes": {"Femme": 2, "Homme": 1},
        "Inscriptions": {"Femme": 1, "Homme": 0},
    }
    month = timezone.localdate().strftime("%Y-%m")
    by_month = embedded(page, "chart-by-month")
    assert by_month["type"] == "line"
    assert datasets(by_month) == {"Demandes": {month: 3}, "Inscriptions": {month: 1}}
    # The table is the chart's text alternative; the monthly one is folded.
    assert 'role="img" aria-label="Par région : graphique, les mêmes chiffres sont dans le tableau"' in page
    assert "<details" in page and "Tableau par mois (1 mois)" in page
    assert page.count('<div class="table-responsive') == 4
    assert "/static/vendor/chartjs/chart.umd.min.js" in page


@pytest.mark.django_db
def test_a_chamber_sees_its_region_only(client, submit, officer_fes):
    submit(cin="BK1111")
    client.force_login(officer_fes)
    by_region = embedded(client.get("/registre/chiffres/").content.decode(), "chart-by-region")
    assert by_region["data"]["labels"] == ["Fès-Meknès"]


@pytest.mark.django_db
def test_declaration_statistics_charts_carry_the_tables_numbers(client, registration, applicant_user, agency_officer):
    from moukawil.declarations.periods import Period
    from moukawil.declarations.services import declaration_submit

    declaration_submit(actor=applicant_user, registration=registration, period=Period(2024, "quarterly", 1),
                       goods="100000", services="0")  # fmt: skip
    declaration_submit(actor=applicant_user, registration=registration, period=Period(2024, "quarterly", 2),
                       goods="50000.50", services="0")  # fmt: skip
    client.force_login(agency_officer)
    page = client.get("/declarations/statistiques/", {"annee": "2024"}).content.decode()
    by_region = datasets(embedded(page, "chart-by-region"))
    assert by_region["Chiffre d'affaires (DH)"] == {"Fès-Meknès": 150001}  # to the dirham; the table has centimes
    assert by_region["Impôt (DH)"] == {"Fès-Meknès": 750}  # 0.5 % of 150,000.50
    assert datasets(embedded(page, "chart-by-category"))["Chiffre d'affaires (DH)"] == {
        "Prestation de services": 150001
    }
    assert "chart-by-gender" in page and page.count('<div class="table-responsive">') == 3
