"""The subsidy table as YAML scenarios (tests/infitah/subsidy_scenarios.yaml), run by one parametrised test."""

import dataclasses
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from moukawil.core.errors import BusinessError
from moukawil.infitah.calculation import CAP, pack_split
from moukawil.rules import parameters

SCENARIOS = yaml.safe_load((Path(__file__).parent / "subsidy_scenarios.yaml").read_text(encoding="utf-8"))


@pytest.fixture
def cap_change(monkeypatch):
    def apply(change):
        table = dict(parameters.all_parameters())
        cap = table[CAP]
        history = tuple(sorted((*cap.history, (change["from"], Decimal(change["value"])))))
        table[CAP] = dataclasses.replace(cap, history=history)
        monkeypatch.setattr(parameters, "all_parameters", lambda: table)

    return apply


@pytest.mark.parametrize("case", SCENARIOS, ids=[c["name"] for c in SCENARIOS])
def test_subsidy_scenario(case, cap_change):
    if "cap_change" in case:
        cap_change(case["cap_change"])
    if "refused" in case:
        with pytest.raises(BusinessError) as refused:
            pack_split(case["price"], on=case["date"])
        assert refused.value.field == case["refused"]
        assert "Prix TTC" in refused.value.message
        return
    split = pack_split(case["price"], on=case["date"])
    assert split.subsidy == Decimal(case["subsidy"])
    assert split.bank_share == Decimal(case["bank"])
    assert split.subsidy + split.bank_share == split.price


def test_the_parameters_keep_their_legal_reference():
    for code in ("programmes.infitah.subsidy_rate", "programmes.infitah.subsidy_cap"):
        assert "Infitah" in parameters.parameter(code).reference


@pytest.mark.parametrize("price", ["abc", "1e20", "NaN", "12.345", "2990\x00", "9" * 300])
def test_absurd_prices_are_refused_naming_the_field(price):
    with pytest.raises(BusinessError) as refused:
        pack_split(price, on=date(2026, 6, 1))
    assert refused.value.field == "price"
