"""The tax and contribution computation: properties against a plain Decimal reference, and the rules' dates."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from moukawil.declarations.calculation import compute, money
from moukawil.declarations.periods import Period

amounts = st.decimals(min_value=0, max_value=Decimal("2000000"), places=2, allow_nan=False, allow_infinity=False)
years = st.sampled_from([2016, 2019, 2020, 2022, 2023, 2025])
periodicities = st.sampled_from(["monthly", "quarterly"])


def reference_tax(year: int, goods: Decimal, services: Decimal) -> Decimal:
    """Written independently of the parameter files: the rates as the law published them."""
    goods_rate, services_rate = (
        (Decimal("0.01"), Decimal("0.02")) if year < 2020 else (Decimal("0.005"), Decimal("0.01"))
    )
    cent = Decimal("0.01")
    return (goods * goods_rate).quantize(cent, ROUND_HALF_UP) + (services * services_rate).quantize(cent, ROUND_HALF_UP)


@given(goods=amounts, services=amounts, year=years, periodicity=periodicities, number=st.integers(1, 4))
def test_tax_is_between_zero_and_turnover_and_equals_the_reference(goods, services, year, periodicity, number):
    result = compute(period=Period(year, periodicity, number), goods=goods, services=services)
    assert 0 <= result.tax <= goods + services
    assert result.tax == reference_tax(year, goods, services)


@given(base=amounts, extra=amounts, year=years, periodicity=periodicities)
def test_tax_never_decreases_when_turnover_grows(base, extra, year, periodicity):
    period = Period(year, periodicity, 1)
    assert (
        compute(period=period, goods=base + extra, services=base).tax
        >= compute(period=period, goods=base, services=base).tax
    )
    assert (
        compute(period=period, goods=base, services=base + extra).tax
        >= compute(period=period, goods=base, services=base).tax
    )


@given(goods=amounts, services=amounts, year=years)
def test_recomputing_gives_the_same_amounts(goods, services, year):
    period = Period(year, "quarterly", 2)
    first, second = (
        compute(period=period, goods=goods, services=services),
        compute(period=period, goods=goods, services=services),
    )
    assert (first.tax, first.contribution, first.total_due) == (second.tax, second.contribution, second.total_due)


def test_rounding_is_half_up_to_the_centime():
    assert money(Decimal("0.005")) == Decimal("0.01")
    assert money(Decimal("0.0049")) == Decimal("0.00")
    # 1 DH of services at 0.5 % is half a centime: rounded up.
    assert compute(period=Period(2024, "monthly", 1), goods=Decimal("1"), services=Decimal("0")).tax == Decimal("0.01")


def test_the_same_client_rule_applies_from_2023_only():
    clients = {"ice:001561191000066": Decimal("100000")}
    before_rule = compute(period=Period(2022, "quarterly", 4), goods=Decimal(0), services=Decimal("100000"),
                          clients=clients)  # fmt: skip
    assert before_rule.withholding_base == 0 and before_rule.tax_services == Decimal("1000.00")
    after = compute(period=Period(2023, "quarterly", 4), goods=Decimal(0), services=Decimal("100000"), clients=clients)
    assert after.withholding_base == Decimal("20000.00")
    assert after.withholding == Decimal("6000.00")  # 30 % withheld by the client
    assert after.tax_services == Decimal("800.00")  # 1 % of the 80,000 DH under the threshold


def test_the_threshold_counts_the_clients_earlier_periods():
    client = "cin:BK123456"
    result = compute(
        period=Period(2024, "quarterly", 3), goods=Decimal(0), services=Decimal("30000"),
        clients={client: Decimal("30000")}, clients_before={client: Decimal("60000")},
    )  # fmt: skip
    assert result.withholding_base == Decimal("10000.00")


def test_amo_starts_in_2022_with_the_lowest_bracket_even_for_a_zero_declaration():
    assert compute(period=Period(2021, "quarterly", 1), goods=Decimal(0), services=Decimal(0)).contribution == 0
    assert compute(period=Period(2022, "quarterly", 1), goods=Decimal(0), services=Decimal(0)).contribution == 300
    assert compute(period=Period(2022, "monthly", 1), goods=Decimal(0), services=Decimal(0)).contribution == 100


def test_period_dates_and_deadline():
    q1 = Period(2024, "quarterly", 1)
    assert (q1.start, q1.end, q1.due_date) == (date(2024, 1, 1), date(2024, 3, 31), date(2024, 4, 30))
    december = Period(2024, "monthly", 12)
    assert december.due_date == date(2025, 1, 31)
