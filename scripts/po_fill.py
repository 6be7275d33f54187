"""Fill msgstr entries of a .po file from a Python dict {msgid: msgstr}: `python scripts/po_fill.py LANG FILE.py`.
Used to review translations as one readable table; existing translations are kept unless the table changes them."""

import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

lang, table_path = sys.argv[1], sys.argv[2]
table = runpy.run_path(table_path)["AR" if lang == "ar" else lang.upper()]
po_path = Path(__file__).resolve().parent.parent / "locale" / lang / "LC_MESSAGES" / "django.po"
with po_path.open("rb") as handle:
    catalog = read_po(handle, locale=lang)
missing = []
for message in catalog:
    if not message.id:
        continue
    if message.id in table:
        message.string = table[message.id]
        message.flags.discard("fuzzy")
    elif not message.string or (isinstance(message.string, tuple) and not any(message.string)):
        missing.append(message.id)
catalog.fuzzy = False
catalog.project, catalog.version = "Moukawil", "1"
catalog.language_team = "Moukawil <dev@moukawil.ma>"
with po_path.open("wb") as handle:
    write_po(handle, catalog, width=110)
print(f"{po_path.name}: {len(missing)} untranslated")
for message_id in missing:
    print("  ", message_id)
