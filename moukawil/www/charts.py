"""Figures drawn as charts, each next to its table: the table is the chart's text alternative and the data a person
can read, copy or hear; the chart only draws the same numbers (Chart.js, served from node_modules, see
``static/moukawil/charts.js``). A view builds the chart's configuration here; the page embeds it with
``json_script`` (no second request, no endpoint to keep in step)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal


def chart(
    chart_id: str, *, title: str, kind: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence]],
    horizontal: bool = False,
) -> dict:  # fmt: skip
    """``series``: ``(label, values)`` pairs, one per dataset, values aligned on ``labels``. Amounts in dirhams are
    drawn to the dirham (a chart shows sizes; the table beside it gives the exact figure)."""
    return {
        "id": chart_id,
        "title": title,
        "config": {
            "type": kind,
            "data": {
                "labels": [str(label) for label in labels],
                "datasets": [{"label": str(name), "data": [_number(v) for v in values]} for name, values in series],
            },
            "options": {"indexAxis": "y" if horizontal else "x"},
        },
    }


def _number(value) -> int:
    return int(Decimal(value or 0).to_integral_value(rounding=ROUND_HALF_UP))
