"""Loading the territorial reference data shipped in ``data/`` (copied from the project's shared data).

The loader takes the model classes as arguments so that the data migration can run it on historical models
and the ``load-territory`` command on the live ones. It is idempotent: rows are matched on their codes and
updated in place, so an edited CSV can be loaded again.
"""

from __future__ import annotations

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def chamber_name_ar(region_name_ar: str) -> str:
    """« غرفة التجارة والصناعة والخدمات لجهة فاس مكناس »: the chamber's name on the Arabic pages."""
    return f"غرفة التجارة والصناعة والخدمات لجهة {region_name_ar}"


def load_territory(Region, Province, Organisation) -> dict[str, int]:
    counts = {"regions": 0, "provinces": 0, "chambers": 0}
    regions = {}
    for row in read_csv("regions.csv"):
        region, _ = Region.objects.update_or_create(
            code=row["region_code"],
            defaults={
                "iso_code": row["iso_3166_2"],
                "name_fr": row["name_fr"],
                "name_ar": row["name_ar"],
                "chef_lieu": row["chef_lieu"],
            },
        )
        regions[region.code] = region
        counts["regions"] += 1
        Organisation.objects.update_or_create(
            kind="ccis",
            region=region,
            defaults={
                "name_fr": row["ccis_name"],
                "name_ar": chamber_name_ar(row["name_ar"]),
                "acronym": row["ccis_name"],
                "city": row["chef_lieu"].split(" (")[0],
            },
        )
        counts["chambers"] += 1
    for row in read_csv("prefectures_provinces.csv"):
        Province.objects.update_or_create(
            code=row["iso_3166_2"],
            defaults={
                "name_fr": row["name_fr"],
                "name_ar": row.get("name_ar", ""),
                "kind": row["type"],
                "region": regions[row["region_code"]],
            },
        )
        counts["provinces"] += 1
    return counts
