"""Loading the courts and sectors shipped in enterprises/data/ (idempotent)."""

from __future__ import annotations

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def load_reference(Court, Sector, Region) -> dict[str, int]:
    regions = {r.code: r for r in Region.objects.all()}
    with (DATA_DIR / "commercial_courts.csv").open(encoding="utf-8", newline="") as handle:
        courts = list(csv.DictReader(handle))
    for row in courts:
        Court.objects.update_or_create(
            name_fr=row["court_fr"],
            defaults={"city": row["city"], "region": regions[row["region_code"]], "kind": row["kind"]},
        )
    with (DATA_DIR / "sectors.csv").open(encoding="utf-8", newline="") as handle:
        sectors = list(csv.DictReader(handle))
    for row in sectors:
        Sector.objects.update_or_create(
            code=row["code"], defaults={"name_fr": row["label_fr"], "name_ar": row["label_ar"]}
        )
    return {"courts": len(courts), "sectors": len(sectors)}
