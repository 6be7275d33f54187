"""List the strings of the code that the Arabic catalogue lacks (or has empty or fuzzy), without rewriting it:
makemessages runs on a copy of the project. ``--append`` adds them, untranslated, at the end of the catalogue."""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "ar" / "LC_MESSAGES" / "django.po"

with tempfile.TemporaryDirectory() as tmp:
    copy = Path(tmp)
    for name in ("moukawil", "config", "locale", "manage.py"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, copy / name)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ar", "--no-obsolete", "-v", "0"], cwd=copy, check=True
    )
    with (copy / "locale" / "ar" / "LC_MESSAGES" / "django.po").open("rb") as handle:
        extracted = read_po(handle)
with PO.open("rb") as handle:
    current = read_po(handle)
missing = [
    m.id
    for m in extracted
    if m.id and (current.get(m.id) is None or not current.get(m.id).string or current.get(m.id).fuzzy)
]
for msgid in missing:
    print(msgid if isinstance(msgid, str) else msgid[0])
