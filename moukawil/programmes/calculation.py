"""Amounts of programmes, from dated parameters (rules/) or the call's own adjusted values."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from moukawil.core import inputs
from moukawil.declarations.calculation import money
from moukawil.rules.parameters import parameter


def clean_subsidy_rate(value) -> Decimal:
    """The subsidy rate of a call or of a what-if, as the page and the API give it: 0 to 1."""
    return inputs.rate(value, field="subsidy_rate", label=_("Taux de subvention"))


def clean_subsidy_cap(value) -> Decimal:
    """The subsidy cap per beneficiary, in dirhams."""
    return inputs.amount(value, field="subsidy_cap", label=_("Plafond par bénéficiaire"))


def subsidy_amount(call, *, on: date, rate: Decimal | None = None, cap: Decimal | None = None) -> Decimal:
    """Per beneficiary: min(rate × reference price, cap). The call's (or the what-if's) rate and cap win over the
    programme's parameters; without a reference price the cap is the amount."""
    programme = call.programme
    rate = rate if rate is not None else call.subsidy_rate
    cap = cap if cap is not None else call.subsidy_cap
    if rate is None and programme.subsidy_rate_parameter:
        rate = parameter(programme.subsidy_rate_parameter).required_at(on)
    if cap is None and programme.subsidy_cap_parameter:
        cap = parameter(programme.subsidy_cap_parameter).required_at(on)
    price = (
        parameter(programme.reference_price_parameter).required_at(on) if programme.reference_price_parameter else None
    )
    if rate is not None and price is not None:
        amount = money(Decimal(rate) * Decimal(price))
        return money(min(amount, Decimal(cap))) if cap is not None else amount
    return money(Decimal(cap or 0))
