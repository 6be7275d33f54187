"""Identity data: CIN and residence-card shapes, phone numbers, and name keys that match across spellings.

The CIN has no published specification (REFERENCE §2): we normalise it (upper case, no spaces or dashes) and
check its shape — one or two letters then 3 to 6 digits. Phones are stored in E.164 (+212…).

Name keys let an officer see that "Mohamed El Amrani", "Mohammed Amrani" and "محمد العمراني" born the same day
are probably one person. A key is a consonant skeleton: accents and vowels dropped, doubled letters collapsed,
Latin digraphs and Arabic letters mapped to one Latin form, articles (El, Al, ال) dropped, Ben/Bin/Ibn made one.
In a family name, particles are the same written apart or attached (``family_skeleton``): "El Fassi", "Elfassi",
"Al Fassi" and "Fassi"; "Ben Ali" and "Benali"; "Aït Ali", "Ait-Ali" and "آيت علي"; "Ou Hammou" and "Ouhammou";
and the article assimilated to a sun letter ("Ettazi", "Et-Tahiri", "Ennaji", "Echchraibi") as the plain name.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import phonenumbers
from django.utils.translation import gettext_noop

from moukawil.core.errors import BusinessError

from .enums import IdentityKind

CIN_RE = re.compile(r"^[A-Z]{1,2}[0-9]{3,6}$")
RESIDENCE_CARD_RE = re.compile(r"^[A-Z0-9]{5,20}$")


def normalise_identity(value: str, kind: str = IdentityKind.CIN) -> str:
    """Upper case without spaces, dashes or dots; raises BusinessError (field ``cin``) when the shape is wrong."""
    cleaned = re.sub(r"[\s.\-/]", "", (value or "")).upper()
    if kind == IdentityKind.CIN:
        if not CIN_RE.match(cleaned):
            raise BusinessError.of(
                "person.cin_invalid",
                gettext_noop(
                    "CIN invalide : « %(value)s ». Attendu : une ou deux lettres puis 3 à 6 chiffres (ex. BK123456)."
                ),
                field="cin",
                value=value,
            )
    elif not RESIDENCE_CARD_RE.match(cleaned):
        raise BusinessError.of(
            "person.residence_card_invalid",
            gettext_noop("Numéro de carte de séjour invalide : « %(value)s » (5 à 20 lettres ou chiffres)."),
            field="cin",
            value=value,
        )
    return cleaned


NATIONAL_PHONE_RE = re.compile(r"^0([5-7][0-9]{8})$")


def normalise_phone(value: str) -> str:
    """A Moroccan or international number in E.164; empty stays empty. National numbers (10 digits, 05 fixed,
    06/07 mobile) are converted directly — the common case, and 40 times faster than a full parse."""
    if not (value or "").strip():
        return ""
    national = NATIONAL_PHONE_RE.match(re.sub(r"[\s.\-]", "", value))
    if national:
        return f"+212{national.group(1)}"
    try:
        number = phonenumbers.parse(value, "MA")
    except phonenumbers.NumberParseException as exc:
        raise BusinessError.of(
            "person.phone_invalid", gettext_noop("Numéro de téléphone invalide : « %(value)s »."), field="phone",
            value=value,
        ) from exc  # fmt: skip
    if not phonenumbers.is_valid_number(number):
        raise BusinessError.of(
            "person.phone_invalid",
            gettext_noop("Numéro de téléphone invalide : « %(value)s » (10 chiffres commençant par 05, 06 ou 07)."),
            field="phone",
            value=value,
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# --- Name keys ------------------------------------------------------------------------------------------------

ARABIC_TO_LATIN = {
    "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "d", "ر": "r", "ز": "z",
    "س": "s", "ش": "ch", "ص": "s", "ض": "d", "ط": "t", "ظ": "d", "غ": "gh", "ف": "f", "ق": "k", "ك": "k",
    "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "", "ع": "", "ء": "", "أ": "", "إ": "", "آ": "", "ا": "",
    "و": "", "ي": "", "ى": "", "ئ": "", "ؤ": "", "ڭ": "g", "گ": "g", "ڤ": "v", "پ": "b",
}  # fmt: skip
LATIN_DIGRAPHS = [("sh", "ch"), ("ou", ""), ("q", "k"), ("ck", "k"), ("dj", "j"), ("ph", "f"), ("x", "ks")]
LATIN_DROP = set("aeiouyw'’-")
ARTICLES = {"el", "al", "ال"}  # Aït (آيت) is no article: "Ait Ali" is not "Ali" (it keeps its t, in both scripts)
# Arabic letters that assimilate the article's l ("Abderrahim"): after عبد, ال is kept as l before the others
# ("عبد العزيز" = "Abdelaziz").
SUN_LETTERS = set("تثدذرزسشصضطظلن")
BEN = {"ben", "bin", "ibn", "bnou", "ould", "بن", "ابن"}


def _arabic_skeleton(token: str, *, after_abd: bool = False) -> str:
    token = re.sub(r"[\u064B-\u0652\u0640]", "", token)  # harakat and tatweel
    if token.startswith("ال") and len(token) > 3:
        token = token[2:] if not after_abd or token[2] in SUN_LETTERS else "ل" + token[2:]
    return "".join(ARABIC_TO_LATIN.get(char, "") for char in token)


def _latin_skeleton(token: str) -> str:
    token = "".join(c for c in unicodedata.normalize("NFKD", token.lower()) if not unicodedata.combining(c))
    for source, target in LATIN_DIGRAPHS:
        token = token.replace(source, target)
    return "".join(c for c in token if c.isalpha() and c not in LATIN_DROP)


@lru_cache(maxsize=100_000)  # names repeat a lot: an import of a million rows computes few distinct skeletons
def name_skeleton(name: str) -> str:
    """The consonant skeleton of a (possibly multi-word, Latin or Arabic) name: "Mohammed" → "mhmd"."""
    parts = []
    previous = ""
    # "Abd el Aziz" is "Abdelaziz": the article after Abd stays, joined.
    text = re.sub(r"\babd[\s\-]*([ea]l)[\s\-]+", r"abd\1", (name or "").strip().lower())
    for token in re.split(r"[\s\-]+", text):
        if not token or token in ARTICLES:
            continue
        if token in BEN:
            parts.append("bn")
            continue
        is_arabic = any("\u0600" <= c <= "\u06ff" for c in token)
        parts.append(_arabic_skeleton(token, after_abd=previous == "عبد") if is_arabic else _latin_skeleton(token))
        previous = token
    skeleton = "".join(parts)
    return re.sub(r"(.)\1+", r"\1", skeleton)


# Particles of a family name written attached to it, made apart so that both spellings give one skeleton. The article
# assimilated to a sun letter, doubled ("Ettazi", "Es-Sebti", "Echchraibi": e + t|s|ch… + the same letter), is the
# article; an attached "El" ("Elfassi", "Elamrani"), or "Al" before a consonant ("Alfassi" — not "Alaoui", whose
# l is the name's own), too. Ben, Bou, Aït and Ou need nothing: "Benali" and "Ben Ali" already share "bn" + "l",
# "Ait-Ali" and "Aitali" "t" + "l", and "ou" is a vowel for the skeleton.
_SUN_ARTICLE = re.compile(r"(?:^|(?<=\s))[ea](ch|[tdsznrl])[\s\-']*(?=\1)")
_ATTACHED_ARTICLE = re.compile(r"(?:^|(?<=\s))(?:el|al(?=[^aeiouy\s\-']))[\-']?(?=\w{3})")


@lru_cache(maxsize=20_000)  # family names repeat: a bulk import applied its two expressions 2 million times
def family_skeleton(name: str) -> str:
    """``name_skeleton`` of a family name, its particles apart or attached alike ("Elfassi" = "El Fassi")."""
    text = (name or "").strip().lower()
    if text and not any("\u0600" <= c <= "\u06ff" for c in text):
        text = _SUN_ARTICLE.sub("", text)
        text = _ATTACHED_ARTICLE.sub("", text)
    return name_skeleton(text)


def name_key(first_name: str, last_name: str) -> str:
    """Key used with the birth date to flag likely duplicates; empty when a part is missing."""
    first, last = name_skeleton(first_name), family_skeleton(last_name)
    return f"{first}|{last}" if first and last else ""
