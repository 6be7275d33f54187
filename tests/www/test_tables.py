"""Every table of every page scrolls inside its own box on a narrow screen (a phone), never the whole page."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "moukawil" / "www" / "templates"


def test_every_table_is_inside_a_responsive_box():
    unwrapped = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<table\b", text):
            if "table-responsive" not in text[max(0, match.start() - 60) : match.start()]:
                unwrapped.append(f"{path.relative_to(TEMPLATES)}:{text.count(chr(10), 0, match.start()) + 1}")
    assert unwrapped == []
