"""Append translated entries to the Arabic catalogue without rewriting it: ``python scripts/append_messages.py
FILE.py`` where FILE.py defines ``AR = {french: arabic}``. Entries already present are left as they are."""

import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po

PO = Path(__file__).resolve().parent.parent / "locale" / "ar" / "LC_MESSAGES" / "django.po"


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


translations = runpy.run_path(sys.argv[1])["AR"]
with PO.open("rb") as handle:
    catalog = read_po(handle)
added = [
    f"\nmsgid {quote(fr)}\nmsgstr {quote(ar)}\n"
    for fr, ar in translations.items()
    if catalog.get(fr) is None or not catalog.get(fr).string
]
with PO.open("a", encoding="utf-8") as handle:
    handle.write("".join(added))
print(f"{len(added)} entries appended to {PO.name}")
