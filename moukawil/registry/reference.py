"""Loading the activity nomenclature and the excluded professions shipped in registry/data/ (idempotent)."""

from __future__ import annotations

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

# Activities that collide with the excluded-professions decrees (data/SOURCES notes): an officer decides.
NEEDS_REVIEW = {"COM-021", "SRV-012", "SRV-017", "SRV-052", "SRV-075"}


def load_activities(Activity, ExcludedProfession) -> dict[str, int]:
    with (DATA_DIR / "ae_activities.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        Activity.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_fr": row["label_fr"], "name_ar": row["label_ar"], "category": row["category"],
                "needs_review": row["code"] in NEEDS_REVIEW,
            },
        )  # fmt: skip
    with (DATA_DIR / "ae_excluded_professions.csv").open(encoding="utf-8", newline="") as handle:
        excluded = list(csv.DictReader(handle))
    for row in excluded:
        ExcludedProfession.objects.update_or_create(
            name_fr=row["label_fr"], defaults={"name_ar": row["label_ar"], "legal_reference": row["legal_reference"]}
        )
    return {"activities": len(rows), "excluded_professions": len(excluded)}
