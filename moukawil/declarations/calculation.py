"""Tax and contribution of one declaration, from the dated parameters — pure functions, no database.

Rules (REFERENCE §1; parameters in ``rules/parameters/ae/``):
- income tax: rate × cashed turnover, per category (goods = commercial, industrial, artisanal; services), the rate in
  force on the period's last day;
- same-client rule (from 2023): for services, what one client paid above the yearly threshold (cumulated over the
  year's earlier periods) is withheld at source by that client (30 %) and leaves the auto-entrepreneur's own tax
  base; the withholding is shown, not owed by the auto-entrepreneur;
- health cover (AMO, from 2022): the quarterly amount of the bracket in which the year's income tax falls; the
  year's tax is estimated from the period (tax × periods per year); a monthly declarant owes a third a month.

**Rounding**: every amount is rounded half-up to the centime by :func:`money`, and only there, once per amount.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from moukawil.rules.parameters import parameter

from .periods import PERIODS_PER_YEAR, Period, Periodicity

CENT = Decimal("0.01")
ZERO = Decimal("0")


def money(amount: Decimal) -> Decimal:
    """The one rounding of the declarations: half-up to the centime."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class RuleUsed:
    code: str
    value: str
    reference: str


@dataclass
class Computation:
    tax_goods: Decimal
    tax_services: Decimal
    withholding_base: Decimal
    withholding: Decimal
    contribution: Decimal
    rules: list[RuleUsed] = field(default_factory=list)

    @property
    def tax(self) -> Decimal:
        return self.tax_goods + self.tax_services

    @property
    def total_due(self) -> Decimal:
        return self.tax + self.contribution


def _used(code: str, value, on) -> RuleUsed:
    return RuleUsed(code, str(value), parameter(code).reference)


def amo_quarterly(annual_tax: Decimal, brackets: list[dict]) -> Decimal:
    amount = brackets[0]["quarterly"]
    for bracket in brackets:
        if annual_tax >= bracket["from"]:
            amount = bracket["quarterly"]
    return amount


def same_client_surplus(clients: dict[str, Decimal], before: dict[str, Decimal], threshold: Decimal | None) -> Decimal:
    """The part of this period's services turnover above ``threshold`` per client, given each client's total in
    the year's earlier periods."""
    if threshold is None:
        return ZERO
    surplus = ZERO
    for client, amount in clients.items():
        earlier = before.get(client, ZERO)
        surplus += max(ZERO, earlier + amount - threshold) - max(ZERO, earlier - threshold)
    return surplus


def compute(
    *,
    period: Period,
    goods: Decimal,
    services: Decimal,
    clients: dict[str, Decimal] | None = None,
    clients_before: dict[str, Decimal] | None = None,
    withholding_base: Decimal | None = None,
) -> Computation:
    """``withholding_base``, when given, replaces the one computed from the clients (a recomputation from the
    stored declaration)."""
    on = period.end
    rate_goods = parameter("ae.tax_rate.commercial").required_at(on)
    rate_services = parameter("ae.tax_rate.services").required_at(on)
    threshold = parameter("ae.same_client.threshold").at(on)
    withholding_rate = parameter("ae.same_client.withholding_rate").at(on)
    rules = [_used("ae.tax_rate.commercial", rate_goods, on), _used("ae.tax_rate.services", rate_services, on)]
    if withholding_base is None:
        withholding_base = same_client_surplus(clients or {}, clients_before or {}, threshold)
    base = min(services, withholding_base) if threshold is not None else ZERO
    if threshold is not None:
        rules.append(_used("ae.same_client.threshold", threshold, on))
        rules.append(_used("ae.same_client.withholding_rate", withholding_rate, on))
    tax_goods = money(goods * rate_goods)
    tax_services = money((services - base) * rate_services)
    withholding = money(base * withholding_rate if base else ZERO)
    contribution = money(ZERO)
    brackets = parameter("ae.amo.brackets").at(on)
    if brackets is not None:
        per_year = PERIODS_PER_YEAR[Periodicity(period.periodicity)]
        quarterly = amo_quarterly((tax_goods + tax_services) * per_year, brackets)
        contribution = money(quarterly if period.periodicity == Periodicity.QUARTERLY else quarterly / 3)
        rules.append(RuleUsed("ae.amo.brackets", f"{quarterly} DH / trimestre", parameter("ae.amo.brackets").reference))
    return Computation(
        tax_goods=tax_goods, tax_services=tax_services, withholding_base=money(base), withholding=withholding,
        contribution=contribution, rules=rules,
    )  # fmt: skip
