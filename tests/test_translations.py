"""The Arabic catalogue (locale/ar/LC_MESSAGES/django.po) is the one source of translations: every entry in it is
translated, and every string the code marks for translation is in it, so that `make messages` neither drops a
translation still in use nor leaves a shown string in French."""

import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "ar" / "LC_MESSAGES" / "django.po"


def untranslated(po_path: Path) -> list[str]:
    """The msgids of a .po file whose Arabic translation is missing, partly missing (plurals) or fuzzy."""
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale="ar")
    return [
        message.id if isinstance(message.id, str) else message.id[0]
        for message in catalog
        if message.id
        and (message.fuzzy or not (all(message.string) if isinstance(message.string, tuple) else message.string))
    ]


def test_every_message_of_the_catalogue_has_an_arabic_translation():
    assert untranslated(CATALOGUE) == [], "translate these entries (and remove the fuzzy flag) in the .po"


def copy_sources(directory: str, names: list[str]) -> list[str]:
    """What `make messages` does not read (ignored folders, files other than Python and templates) stays behind."""
    return [
        name
        for name in names
        if name in {".git", ".venv", ".tools", "node_modules", "locale"}
        or (Path(directory, name).is_file() and Path(name).suffix not in {".py", ".html", ".txt"})
    ]


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed (apt-get install gettext)")
def test_every_string_of_the_code_has_an_arabic_translation(tmp_path, settings, monkeypatch):
    """`make messages` run on a copy of the project: a string of the code missing from the catalogue comes out
    untranslated, one whose French changed comes out fuzzy, and a translation still in use is kept."""
    shutil.copytree(ROOT, tmp_path, ignore=copy_sources, dirs_exist_ok=True)
    copy = tmp_path / "locale" / "ar" / "LC_MESSAGES" / "django.po"
    copy.parent.mkdir(parents=True)
    shutil.copyfile(CATALOGUE, copy)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["ar"], no_obsolete=True, verbosity=0)
    assert untranslated(copy) == [], "run `make messages`, translate these entries in the .po, then check again"
