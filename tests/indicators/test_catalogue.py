"""The indicators catalogue: live figures, shares with their definition, summaries that agree with the live rows."""

from datetime import date
from decimal import Decimal

import pytest

from moukawil.indicators import catalogue
from moukawil.indicators.compute import LIVE, SUMMARY, Filters, total, values
from moukawil.indicators.services import summaries_refresh
from tests.indicators.rows import make_registrations


@pytest.mark.django_db
def test_womens_share_is_31_percent_of_approved_registrations_not_of_applications(fes, activities):
    make_registrations(fes, date(2019, 5, 2), 100, women=31, pending=100)  # 200 applications, 100 approved
    assert total("register.applications") == 200
    assert total("register.registrations") == 100
    assert total("register.women_share") == Decimal("31.0")
    definition = str(catalogue.get("register.women_share").definition)
    assert "Inscriptions de femmes divisées par l'ensemble des inscriptions" in definition


@pytest.mark.django_db
def test_figures_by_region_and_month_and_the_summaries_agree(fes, casa, activities, agency_officer):
    make_registrations(fes, date(2019, 5, 2), 7, women=3)
    make_registrations(fes, date(2019, 6, 2), 2, women=2)
    make_registrations(casa, date(2019, 6, 9), 4)
    by_region = values("register.registrations", Filters(year=2019), ["region"])
    assert by_region == {(fes.pk,): 9, (casa.pk,): 4}
    assert values("register.women_share", Filters(), ["month"]) == {(5,): Decimal("42.9"), (6,): Decimal("33.3")}
    summaries_refresh(actor=agency_officer, years=[2019])
    for code in ("register.registrations", "register.applications", "register.women_share"):
        for group in ([], ["region"], ["year", "month"], ["gender", "category"]):
            assert values(code, Filters(year=2019), group, source=SUMMARY) == values(code, Filters(year=2019), group,
                                                                                     source=LIVE)  # fmt: skip
    make_registrations(casa, date(2019, 7, 1), 1)  # the summary waits for the next refresh; live does not
    assert total("register.registrations", source=SUMMARY) == 13
    assert total("register.registrations", source=LIVE) == 14


@pytest.mark.django_db
def test_refreshing_the_summaries_is_refused_to_a_chamber_and_a_reader(officer_fes):
    from django.core.exceptions import PermissionDenied

    from tests.factories import UserFactory

    for user in (officer_fes, UserFactory(viewer=True)):
        with pytest.raises(PermissionDenied):
            summaries_refresh(actor=user, years=[2019])


def test_every_indicator_has_a_code_label_and_definition_and_pending_ones_are_listed():
    for code, indicator in catalogue.CATALOGUE.items():
        assert code == indicator.code and str(indicator.label) and len(str(indicator.definition)) > 30
    assert {"infitah.permits", "infitah.packs", "caravans.attendance"} <= set(catalogue.CATALOGUE)
    assert catalogue.PENDING == {}  # declared by their apps, no longer announced as coming
