"""Moroccan names in Latin and Arabic script, from the project's reference list (no Faker locale exists)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "moroccan_names.csv"


@dataclass(frozen=True)
class Name:
    latin: str
    arabic: str
    variants: tuple[str, ...]


@cache
def names_by_kind() -> dict[str, list[Name]]:
    result: dict[str, list[Name]] = {"given_male": [], "given_female": [], "family": []}
    with DATA.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            variants = tuple(v for v in row["variants"].split("|") if v)
            result[row["kind"]].append(Name(row["latin"], row["arabic"], variants))
    return result
