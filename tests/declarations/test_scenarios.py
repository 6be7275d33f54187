"""Runs scenarios.yaml: each scenario is a declaration and the amounts the law makes it owe."""

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from moukawil.declarations.calculation import compute
from moukawil.declarations.periods import Period

SCENARIOS = yaml.safe_load((Path(__file__).parent / "scenarios.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["name"] for s in SCENARIOS])
def test_scenario(scenario):
    result = compute(
        period=Period(**scenario["period"]),
        goods=Decimal(scenario["goods"]),
        services=Decimal(scenario["services"]),
        clients={k: Decimal(v) for k, v in scenario.get("clients", {}).items()},
    )
    for name, expected in scenario["expect"].items():
        assert getattr(result, name) == Decimal(expected), name
