"""Kinds of numbered official documents: the one document service of the platform.

A *kind* is declared once, as data, by the domain app that owns the document (``registry/documents.py``,
``declarations/documents.py``): its code in URLs, its label, how its number looks and finds the document, what the
public may learn about it (loi 09-08: no CIN, no address, no phone), whether it is still valid, the data signed
into its QR code, and its PDF renderer. This module gives every kind the same machinery: the signed QR address, the
public verification page ``/verifier/<kind>/<number>/`` and API ``GET /api/v1/verification/{kind}/{number}``, and a
signed revocation list per kind. It imports no domain app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from moukawil.core import formats
from moukawil.core.enums import AuditEventType
from moukawil.core.errors import NotFound
from moukawil.core.numbering import number_allocate, number_format

from . import signing

VALID, REVOKED, UNKNOWN, MALFORMED = "valid", "revoked", "unknown", "malformed"


@dataclass(frozen=True)
class PublicField:
    label: Any  # lazy French text, translated in locale/ar
    value: str
    value_ar: str = ""


@dataclass(frozen=True)
class PublicView:
    """What anyone holding the number may learn: valid or revoked (since when), and a few harmless fields."""

    status: str  # VALID or REVOKED
    fields: list[PublicField]
    revoked_on: date | None = None


@dataclass(frozen=True)
class DocumentKind:
    code: str  # in URLs and in the signed payload ("k")
    label: Any  # lazy French text: "Accusé de réception de déclaration"
    valid_label: Any  # the verdict shown when the document is valid
    revoked_label: Any  # the verdict when revoked, with ``{date}``
    example: str  # a number of this kind, shown in the verification form
    is_well_formed: Callable[[str], bool]
    find: Callable[[str], Any]  # the document's subject (a model instance) by number, or None
    number_of: Callable[[Any], str]
    public: Callable[[Any], PublicView]
    payload: Callable[[Any], dict]  # short keys: a QR code holds little
    render: Callable[[Any, str, str], bytes]  # (subject, verification URL with its token, site URL) -> PDF
    check_issue: Callable[[Any, Any], Any]  # (actor, subject) -> the subject read again; raises if refused
    revoked: Callable[[], Iterable[tuple[str, date]]]  # every revoked number with its date
    audit_event: AuditEventType
    series: str = ""  # the core.numbering series of its numbers, when the kind allocates them itself
    number_width: int = 6
    # Registration certificates printed before document kinds signed no "k": their tokens stay authentic.
    tokens_without_kind: bool = False


_KINDS: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> DocumentKind:
    """Called once per kind by its app's ``ready()``."""
    _KINDS[kind.code] = kind
    return kind


def kinds() -> list[DocumentKind]:
    return list(_KINDS.values())


def get_kind(code: str) -> DocumentKind:
    try:
        return _KINDS[code]
    except KeyError:
        raise NotFound("document.unknown_kind", f"Type de document inconnu : « {code} ».", field="kind") from None


def number_next(kind: DocumentKind, *, year: int) -> str:
    """The kind's next number for ``year``, gapless: call it inside the transaction that issues the document."""
    value = number_allocate(series=kind.series, year=year)
    return number_format(series=kind.series, year=year, value=value, width=kind.number_width)


def site_url_of(request=None) -> str:
    """The address the site is served on: the request's own (``make demo PORT=8123`` prints codes for 8123),
    else ``settings.SITE_URL`` (commands and tasks, which have no request)."""
    return request.build_absolute_uri("/").rstrip("/") if request is not None else settings.SITE_URL


def verification_path(kind: DocumentKind, number: str) -> str:
    return f"/verifier/{kind.code}/{number}/"


def signed_token(kind: DocumentKind, subject) -> str:
    """The document's data, its kind and the day of issue, signed (Ed25519): the ``jeton`` of its QR code."""
    return signing.sign({**kind.payload(subject), "k": kind.code, "i": timezone.localdate().isoformat()})


def signed_url(kind: DocumentKind, subject, *, site_url: str) -> str:
    """The QR code's address: the public verification page of the document, with its signed data."""
    return f"{site_url}{verification_path(kind, kind.number_of(subject))}?jeton={signed_token(kind, subject)}"


def document_pdf(kind: DocumentKind, subject, *, site_url: str) -> bytes:
    # The PDF is bilingual whatever the reader's language: its French column must stay French (labels of choices,
    # period names), and the Latin font has no Arabic glyphs to print a translation anyway.
    with translation.override("fr"):
        return kind.render(subject, signed_url(kind, subject, site_url=site_url), site_url)


@dataclass(frozen=True)
class Verification:
    kind: DocumentKind
    number: str
    status: str  # VALID, REVOKED, UNKNOWN or MALFORMED
    fields: list[PublicField] = field(default_factory=list)
    revoked_on: date | None = None
    signature: str = ""  # "" (no code given), "authentic" or "forged"
    signed_on: str = ""

    @property
    def verdict(self) -> str:
        """The answer in one French (or Arabic) sentence, for the page and the API."""
        if self.status == VALID:
            return str(self.kind.valid_label)
        if self.status == REVOKED:
            return str(self.kind.revoked_label).format(date=formats.date(self.revoked_on) or "—")
        if self.status == MALFORMED:
            return gettext("Ce numéro n'a pas la forme attendue (par exemple {example}) : vérifiez la saisie.").format(
                example=self.kind.example
            )
        return gettext("Aucun document de ce type ne porte ce numéro.")

    @property
    def signature_message(self) -> str:
        if self.signature == "authentic":
            return gettext("Code QR authentique : document signé par le registre le {date}.").format(
                date=formats.date(date.fromisoformat(self.signed_on)) if self.signed_on else "—"
            )
        if self.signature == "forged":
            return gettext(
                "Le code QR n'est pas authentique ou ne correspond pas à ce numéro : le document a pu être falsifié."
            )
        return ""


def verify(kind: DocumentKind, number: str, token: str = "") -> Verification:
    """The public verdict on a number of this kind, and on the QR code's signed data when one is given."""
    number = (number or "").strip()
    signature, signed_on = "", ""
    if token:
        signed = signing.verify(token)
        # The signed data must be about this document, or the code was copied onto another one.
        authentic = bool(
            signed
            and signed.get("n") == number
            and signed.get("k", kind.code if kind.tokens_without_kind else None) == kind.code
        )
        signature = "authentic" if authentic else "forged"
        signed_on = signed.get("i", "") if authentic and signed else ""
    if not kind.is_well_formed(number):
        return Verification(kind, number, MALFORMED, signature=signature)
    subject = kind.find(number)
    if subject is None:
        return Verification(kind, number, UNKNOWN, signature=signature)
    view = kind.public(subject)
    return Verification(kind, number, view.status, view.fields, view.revoked_on, signature, signed_on)


def revocation_list(kind: DocumentKind) -> dict:
    """Every revoked number of the kind with its date, signed, so that an offline verifier can refresh its copy."""
    revoked = [{"n": number, "d": on.isoformat()} for number, on in kind.revoked()]
    data = {"kind": kind.code, "generated_at": timezone.now().isoformat(timespec="seconds"), "revoked": revoked}
    return {**data, "signature": signing.signature(data)}
