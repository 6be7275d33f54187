"""Province figures on the dashboards: the table of a region's provinces (live, with rates per 1,000 inhabitants of
the 2024 census), the province filter kept in the address, bounded queries, and the census behind them."""

import csv
import io
from datetime import date

import pytest

from moukawil.indicators.census import commune, province_population
from moukawil.indicators.services import summaries_refresh
from moukawil.territory.models import Province
from tests.indicators.rows import make_registrations


def _table(client, address: str) -> list[list[str]]:
    response = client.get(address)
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode()), delimiter=";"))


@pytest.mark.django_db
def test_every_province_of_the_territory_has_its_census_population(territory):
    provinces = list(Province.objects.select_related("region"))
    assert len(provinces) == 75
    assert all(province_population(p.region.code, p.name_fr) for p in provinces)
    assert province_population("03", "Meknès") == 942945
    assert commune("03.171.01.03")["name_fr"] == "Ain Taoujdate" and commune("99.999") is None


@pytest.mark.django_db
def test_the_regional_dashboard_shows_its_provinces_with_rates_and_a_province_filter(
    client, fes, casa, activities, officer_fes
):
    meknes, fes_prefecture = Province.objects.get(code="MA-MEK"), Province.objects.get(code="MA-FES")
    make_registrations(fes, date(2019, 5, 2), 30, women=12, province=meknes)
    make_registrations(fes, date(2019, 5, 2), 70, province=fes_prefecture)
    make_registrations(casa, date(2019, 5, 2), 40)
    summaries_refresh(actor=None, all_years=True)
    client.force_login(officer_fes)
    page = client.get("/tableaux-de-bord/").content.decode()
    assert 'data-testid="by-province"' in page and 'id="province"' in page
    rows = {r[0]: r[1:] for r in _table(client, "/tableaux-de-bord/?format=csv&tableau=par-province")[1:]}
    assert len(rows) == 9  # Fès-Meknès's prefectures and provinces
    assert rows["Meknès"] == ["30", "942945", "0.03"]  # machine-readable: no thousands separator, a point
    assert rows["Fès"][0] == "70" and rows["Taza"][0] == "0"
    # The province filter, kept in the address: the cards count Meknès's registrations only.
    page = client.get("/tableaux-de-bord/?province=MA-MEK").content.decode()
    assert 'data-code="register.registrations">30<' in page and "— Meknès" in page
    assert '<option value="MA-MEK" selected>' in page and "province=MA-MEK" in page
    assert 'data-code="register.women_share">40' in page  # 12 of 30
    assert 'data-code="programmes.beneficiaries">—<' in page  # not cut by province: no false zero
    # The table compares the region's provinces whatever the filter; the share is computed per province too.
    shares = {
        r[0]: r[1]
        for r in _table(
            client, "/tableaux-de-bord/?province=MA-MEK&indicateur=register.women_share&format=csv&tableau=par-province"
        )[1:]
    }
    assert shares["Meknès"] == "40.0" and shares["Taza"] == ""


@pytest.mark.django_db
def test_a_province_of_another_region_is_ignored_and_nationally_it_chooses_its_region(
    client, fes, casa, activities, officer_casa, agency_officer
):
    make_registrations(fes, date(2019, 5, 2), 8, province=Province.objects.get(code="MA-MEK"))
    make_registrations(casa, date(2019, 5, 2), 5)
    summaries_refresh(actor=None, all_years=True)
    client.force_login(officer_casa)
    page = client.get("/tableaux-de-bord/?province=MA-MEK").content.decode()
    assert 'data-code="register.registrations">5<' in page and "— Meknès" not in page
    client.force_login(agency_officer)
    national = client.get("/tableaux-de-bord/").content.decode()
    assert 'data-testid="by-province"' not in national  # twelve regions: the provinces come with a region
    page = client.get("/tableaux-de-bord/?province=MA-MEK").content.decode()
    assert 'data-code="register.registrations">8<' in page and 'data-testid="by-province"' in page
    assert '<option value="03" selected>' in page


@pytest.mark.django_db
@pytest.mark.parametrize("provinces", [1, 9])
def test_dashboard_queries_do_not_grow_with_provinces(
    client, fes, activities, officer_fes, django_assert_max_num_queries, provinces
):
    for province in Province.objects.filter(region=fes).order_by("code")[:provinces]:
        for year in (2019, 2020):
            make_registrations(fes, date(year, 3, 1), 2, women=1, province=province)
    summaries_refresh(actor=None, all_years=True)
    client.force_login(officer_fes)
    with django_assert_max_num_queries(18):
        page = client.get("/tableaux-de-bord/").content.decode()
    assert page.count('<tr><th scope="row" class="fw-normal"><a href="?') == 9
    with django_assert_max_num_queries(18):
        client.get("/tableaux-de-bord/?province=MA-MEK&annee=2019&indicateur=register.women_share")


@pytest.mark.django_db
def test_the_api_gives_an_indicator_by_province_from_the_summaries_within_the_readers_scope(
    client, fes, activities, officer_fes, officer_casa
):
    from moukawil.accounts.services import api_token_create

    meknes, fes_prefecture = Province.objects.get(code="MA-MEK"), Province.objects.get(code="MA-FES")
    make_registrations(fes, date(2019, 5, 2), 30, province=meknes)
    make_registrations(fes, date(2019, 5, 2), 70, province=fes_prefecture)
    summaries_refresh(actor=None, all_years=True)

    def figures(user, query):
        _token, secret = api_token_create(actor=user, user=user, name="t")
        body = client.get(f"/api/v1/indicators/register.registrations?{query}",
                          headers={"Authorization": f"Bearer {secret}"}).json()  # fmt: skip
        return {tuple(f["group"].values()): f["value"] for f in body["figures"]}

    assert figures(officer_fes, "group_by=province") == {(meknes.pk,): "30", (fes_prefecture.pk,): "70"}
    assert figures(officer_fes, "province=MA-MEK&group_by=year") == {(2019,): "30"}
    assert figures(officer_casa, "province=MA-MEK") == {(): "0"}  # another region's province: nothing


@pytest.mark.django_db
def test_under_a_province_filter_the_region_row_says_so_and_rates_on_the_province(client, fes, activities,
                                                                                   officer_fes):  # fmt: skip
    make_registrations(fes, date(2019, 5, 2), 30, province=Province.objects.get(code="MA-MEK"))
    make_registrations(fes, date(2019, 5, 2), 70, province=Province.objects.get(code="MA-FES"))
    summaries_refresh(actor=None, all_years=True)
    client.force_login(officer_fes)
    (row,) = _table(client, "/tableaux-de-bord/?province=MA-MEK&format=csv&tableau=par-region")[1:]
    # 30 is Meknès's figure: it is named and divided by Meknès's population, not by the region's
    assert row == ["Fès-Meknès — Meknès", "30", "942945", "0.03"]
    (row,) = _table(client, "/tableaux-de-bord/?format=csv&tableau=par-region")[1:]
    assert row[:2] == ["Fès-Meknès", "100"]
