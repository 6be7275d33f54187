"""Dated parameters (OpenFisca's habit): every rate, ceiling, threshold and bracket of the law lives in a YAML file
under ``rules/parameters/``, with its legal reference and its values keyed by effective date.

    >>> parameter("ae.tax_rate.services").at(date(2024, 5, 1))
    Decimal('0.01')

A file ``parameters/ae/tax_rate.yaml`` holding the key ``services`` gives the code ``ae.tax_rate.services``. A value
is a decimal written as a string (never a float), a list of brackets (dicts of decimals), or ``null``: the rule is
not in force from that date. Asking before the first date is an error — the law says nothing then.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent / "parameters"


class ParameterError(LookupError):
    pass


def _decimal(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, list):
        return [{k: _decimal(v) for k, v in item.items()} for item in value]
    if isinstance(value, float):
        raise ParameterError(f"Valeur flottante interdite ({value!r}) : écrivez-la entre guillemets.")
    return Decimal(str(value))


@dataclass(frozen=True)
class Parameter:
    code: str
    description: str
    description_ar: str
    unit: str
    reference: str
    note: str
    history: tuple[tuple[date, Any], ...] = field(repr=False)  # (effective date, value), oldest first

    def at(self, on: date) -> Any:
        """The value in force on ``on`` (None when the rule is not in force then)."""
        starts = [start for start, _value in self.history]
        index = bisect.bisect_right(starts, on) - 1
        if index < 0:
            raise ParameterError(f"{self.code} : aucune valeur avant le {self.history[0][0]:%d/%m/%Y}.")
        return self.history[index][1]

    def required_at(self, on: date) -> Any:
        value = self.at(on)
        if value is None:
            raise ParameterError(f"{self.code} : règle non en vigueur le {on:%d/%m/%Y}.")
        return value

    @property
    def is_table(self) -> bool:
        return any(isinstance(value, list) for _start, value in self.history)


def _load_file(path: Path) -> dict[str, Parameter]:
    prefix = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    found = {}
    for key, spec in data.items():
        code = f"{prefix}.{key}"
        values = spec.get("values") or {}
        if not values:
            raise ParameterError(f"{code} : aucune valeur.")
        history = tuple(sorted((start, _decimal(value)) for start, value in values.items()))
        if not all(isinstance(start, date) for start, _value in history):
            raise ParameterError(f"{code} : les clés de « values » sont des dates AAAA-MM-JJ.")
        found[code] = Parameter(
            code=code, description=spec.get("description", ""), description_ar=spec.get("description_ar", ""),
            unit=spec.get("unit", ""), reference=spec.get("reference", ""), note=spec.get("note", ""),
            history=history,
        )  # fmt: skip
    return found


@cache
def all_parameters() -> dict[str, Parameter]:
    found: dict[str, Parameter] = {}
    for path in sorted(ROOT.rglob("*.yaml")):
        found.update(_load_file(path))
    return found


def parameter(code: str) -> Parameter:
    try:
        return all_parameters()[code]
    except KeyError:
        raise ParameterError(f"Paramètre inconnu : {code}.") from None
