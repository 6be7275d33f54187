"""Loading the activity nomenclature and the excluded professions shipped in registry/data/ (idempotent)."""

from __future__ import annotations

import csv
import re
import unicodedata
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
    for number, row in enumerate(excluded, start=1):
        profession, _created = ExcludedProfession.objects.update_or_create(
            name_fr=row["label_fr"], defaults={"name_ar": row["label_ar"], "legal_reference": row["legal_reference"]}
        )
        # Each excluded profession is an activity (EXC-001 …), excluded: a form, the API or an import that names it
        # meets the exclusion with its legal reference, not "unknown activity" (from migration 0009 on).
        if not any(f.name == "excluded_profession" for f in Activity._meta.get_fields()):
            continue
        Activity.objects.update_or_create(
            code=excluded_code(number),
            defaults={
                "name_fr": row["label_fr"], "name_ar": row["label_ar"], "category": "services", "excluded": True,
                "needs_review": False, "excluded_profession": profession,
            },
        )  # fmt: skip
    return {"activities": len(rows), "excluded_professions": len(excluded)}


def excluded_code(number: int) -> str:
    """The activity code of the ``number``-th excluded profession of data/ae_excluded_professions.csv."""
    return f"EXC-{number:03d}"


def name_fold(text: str) -> str:
    """An activity's name as people type it, made comparable: case, accents, punctuation, articles and plurals
    ignored ("Avocat", "les avocats", "AVOCATS" → "avocat"); Arabic kept as written without its article."""
    text = "".join(c for c in unicodedata.normalize("NFKD", (text or "").lower()) if not unicodedata.combining(c))
    words = re.findall(r"\w+", text)
    kept = []
    for word in words:
        if word in {"les", "le", "la", "l", "des", "de", "du", "d", "et", "ou", "en", "a", "au", "aux"}:
            continue
        if word.startswith("ال") and len(word) > 3:
            word = word[2:]
        if len(word) > 3 and word[-1] in "sx" and word.isascii():
            word = word[:-1]
        kept.append(word)
    return " ".join(kept)
