"""A convention's progress is computed from the live register, never stored (issue 15)."""

from datetime import date
from decimal import Decimal

import pytest

from moukawil.conventions.models import Scope
from moukawil.conventions.selectors import AMBER, GREEN, NOT_STARTED, RED, UNMEASURED, convention_progress
from moukawil.conventions.services import commitment_add
from tests.conventions.seed import fes_anpme_convention
from tests.indicators.rows import make_registrations

TODAY = date(2021, 3, 1)


@pytest.fixture
def convention(fes, officer_fes):
    return fes_anpme_convention(fes, officer_fes)


def percents(convention, today=TODAY):
    return [(p.commitment.target, p.value, p.percent.quantize(Decimal(1)), p.status)
            for p in convention_progress(convention, today=today)]  # fmt: skip


@pytest.mark.django_db
def test_500_registrations_in_fes_meknes_reach_2019_and_a_third_of_2020(convention, fes, casa, activities):
    assert percents(convention) == [(500, 0, 0, RED), (1500, 0, 0, RED)]  # none: 0 %

    make_registrations(fes, date(2019, 12, 31), 500)
    assert percents(convention) == [(500, 500, 100, GREEN), (1500, 500, 33, RED)]

    make_registrations(casa, date(2019, 6, 1), 1)  # another region: nothing changes for the Fès convention
    make_registrations(fes, date(2021, 1, 5), 1)  # after the period: neither
    assert percents(convention) == [(500, 500, 100, GREEN), (1500, 500, 33, RED)]

    make_registrations(fes, date(2020, 2, 1), 1)  # read again, not stored: a new one counts at once
    assert percents(convention)[1][1] == 501


@pytest.mark.django_db
def test_projection_at_the_current_pace_gives_the_status(convention, fes, activities):
    make_registrations(fes, date(2019, 1, 10), 300)
    # 1 July 2020: 300 in 18 months of 24 → 400 projected for 1,500: red; the 2019 target ended at 300/500: red.
    progress = convention_progress(convention, today=date(2020, 7, 1))
    assert [(p.projected, p.status) for p in progress] == [(300, RED), (Decimal(400), RED)]
    make_registrations(fes, date(2020, 6, 30), 900)  # 1,200 in 18 months → 1,598 by the end of 2020: green
    assert convention_progress(convention, today=date(2020, 7, 1))[1].status == GREEN
    make_registrations(fes, date(2019, 3, 1), 150)  # 2019: 450 of 500 (90 %): amber
    assert convention_progress(convention, today=date(2020, 7, 1))[0].status == AMBER
    assert convention_progress(convention, today=date(2018, 7, 1))[0].status == NOT_STARTED


@pytest.mark.django_db
def test_progress_costs_the_same_queries_whatever_the_number_of_commitments(
    convention, fes, officer_fes, django_assert_max_num_queries, activities
):
    with django_assert_max_num_queries(2):
        convention_progress(convention, today=TODAY)
    for year in range(2015, 2025):
        commitment_add(
            actor=officer_fes, convention=convention, indicator="register.registrations", scope=Scope.NATIONAL,
            starts_on=date(year, 1, 1), ends_on=date(year, 12, 31), target=10, cumulative=False,
        )  # fmt: skip
    commitment_add(
        actor=officer_fes, convention=convention, indicator="programmes.beneficiaries", scope=Scope.REGION,
        region=fes, programme="promotion-tpme-rurale", starts_on=date(2019, 1, 1), ends_on=date(2019, 12, 31),
        target=20,
    )  # fmt: skip
    with django_assert_max_num_queries(3):  # commitments + one per indicator
        assert len(convention_progress(convention, today=TODAY)) == 13


@pytest.mark.django_db
def test_a_commune_target_is_shown_as_not_measurable(convention, officer_fes):
    commitment_add(
        actor=officer_fes, convention=convention, indicator="register.registrations", scope=Scope.COMMUNE,
        commune_code="03.171.01.03", starts_on=date(2019, 1, 1), ends_on=date(2019, 12, 31), target=10,
    )  # fmt: skip
    statuses = {p.commitment.scope: p.status for p in convention_progress(convention, today=TODAY)}
    assert statuses == {Scope.REGION: RED, Scope.COMMUNE: UNMEASURED}


@pytest.mark.django_db
def test_a_province_target_counts_that_provinces_registrations_only(convention, fes, officer_fes, activities):
    from moukawil.territory.models import Province

    meknes = Province.objects.get(code="MA-MEK")
    make_registrations(fes, date(2019, 6, 1), 45, province=meknes)
    make_registrations(fes, date(2019, 6, 1), 200, province=Province.objects.get(code="MA-FES"))
    commitment_add(
        actor=officer_fes, convention=convention, indicator="register.registrations", scope=Scope.PROVINCE,
        province=meknes, starts_on=date(2019, 1, 1), ends_on=date(2019, 12, 31), target=90, label="Meknès",
    )  # fmt: skip
    found = {p.commitment.label: (p.value, p.percent) for p in convention_progress(convention, today=TODAY)}
    assert found["Meknès"] == (45, Decimal("50.0"))  # Fès's 200 do not count
    assert found["Auto-entrepreneurs inscrits — 2019"] == (245, Decimal("49.0"))  # the region counts both
