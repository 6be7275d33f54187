"""Loading the programmes' catalogue shipped in programmes/data/catalogue.yaml (idempotent)."""

from __future__ import annotations

from pathlib import Path

import yaml

CATALOGUE = Path(__file__).resolve().parent / "data" / "catalogue.yaml"
FIELDS = ["name_fr", "name_ar", "agency", "benefit_kind", "audience", "summary_fr", "summary_ar", "published_rules",
          "subsidy_rate_parameter", "subsidy_cap_parameter", "reference_price_parameter"]  # fmt: skip


def load_catalogue(Programme) -> int:
    from .criteria import clean_criteria

    entries = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    for entry in entries:
        Programme.objects.update_or_create(
            code=entry["code"],
            defaults={**{f: entry.get(f, "") for f in FIELDS}, "criteria": clean_criteria(entry.get("criteria", []))},
        )
    return len(entries)
