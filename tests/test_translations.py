from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent


def test_every_message_has_an_arabic_translation():
    with (ROOT / "locale" / "ar" / "LC_MESSAGES" / "django.po").open("rb") as handle:
        catalog = read_po(handle, locale="ar")
    missing = [
        message.id
        for message in catalog
        if message.id and not (all(message.string) if isinstance(message.string, tuple) else message.string)
    ]
    assert missing == []
    assert not [message.id for message in catalog if message.id and message.fuzzy]
