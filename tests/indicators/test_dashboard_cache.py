"""The dashboards read the summaries once per refresh: between two refreshes a page reads no figure again (the
cache), and a refresh shows its new figures at once."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from moukawil.indicators.selectors import DashboardFilters, dashboard
from moukawil.indicators.services import summaries_refresh
from tests.indicators.rows import make_registrations


def _figure_queries(queries) -> int:
    return sum("indicators_figure" in q["sql"] for q in queries.captured_queries)


@pytest.mark.django_db
def test_a_refresh_shows_at_once_and_pages_between_refreshes_read_no_figure(fes, activities, agency_officer):
    make_registrations(fes, date(2019, 5, 2), 7, women=3)
    summaries_refresh(actor=agency_officer, years=[2019])
    filters = DashboardFilters(year=2019)
    with CaptureQueriesContext(connection) as first:
        data = dashboard(user=agency_officer, filters=filters)
    cards = {str(c["indicator"].code): c["value"] for c in data["cards"]}
    assert cards["register.registrations"] == 7
    assert _figure_queries(first) > 0
    with CaptureQueriesContext(connection) as again:
        assert dashboard(user=agency_officer, filters=filters)["cards"] == data["cards"]
    assert _figure_queries(again) == 0

    make_registrations(fes, date(2019, 6, 2), 5, women=5)
    assert {str(c["indicator"].code): c["value"] for c in dashboard(user=agency_officer, filters=filters)["cards"]}[
        "register.registrations"
    ] == 7  # the summaries wait for the next refresh
    summaries_refresh(actor=agency_officer, years=[2019])
    cards = {str(c["indicator"].code): c["value"] for c in dashboard(user=agency_officer, filters=filters)["cards"]}
    assert cards["register.registrations"] == 12
    assert str(cards["register.women_share"]) == "66.7"
