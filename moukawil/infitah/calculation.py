"""The split of a pack's price between the state and the partner bank, from dated parameters (rules/).

subsidy = min(rate × price, cap), rounded half-up to the centime **once, here** (``money``); the bank finances the
rest exactly (price − subsidy: no second rounding). Rate and cap are ``programmes.infitah.subsidy_rate`` and
``programmes.infitah.subsidy_cap`` (the Infitah programme's ``subsidy_rate_parameter`` / ``subsidy_cap_parameter``),
read at the **order date**: a change of rate or cap applies to orders from its effective date only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from moukawil.core import inputs
from moukawil.core.errors import BusinessError
from moukawil.declarations.calculation import money
from moukawil.rules.parameters import parameter

RATE = "programmes.infitah.subsidy_rate"
CAP = "programmes.infitah.subsidy_cap"
MAX_PRICE = Decimal("1000000")


@dataclass(frozen=True)
class Split:
    price: Decimal
    subsidy: Decimal
    bank_share: Decimal
    rate: Decimal
    cap: Decimal

    def rules(self, on: date) -> list[dict]:
        """The parameters applied, kept on the order (as the declarations keep theirs)."""
        return [
            {"code": RATE, "value": str(self.rate), "on": on.isoformat(), "reference": parameter(RATE).reference},
            {"code": CAP, "value": str(self.cap), "on": on.isoformat(), "reference": parameter(CAP).reference},
        ]


def clean_price(value) -> Decimal:
    """A pack's price TTC, as the page and the API give it: more than 0, at most two decimals."""
    price = inputs.amount(value, field="price", label=_("Prix TTC"), maximum=MAX_PRICE)
    if price <= 0:
        raise BusinessError.of(
            "infitah.price", gettext_noop("Prix TTC : un prix supérieur à 0 DH est attendu."), field="price"
        )
    return price


def pack_split(price, *, on: date, rate_code: str = RATE, cap_code: str = CAP) -> Split:
    price = clean_price(price)
    rate = Decimal(parameter(rate_code).required_at(on))
    cap = Decimal(parameter(cap_code).required_at(on))
    subsidy = money(min(price * rate, cap))
    return Split(price=price, subsidy=subsidy, bank_share=price - subsidy, rate=rate, cap=cap)
