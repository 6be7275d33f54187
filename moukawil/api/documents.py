"""Public verification of any kind of numbered document (registration certificate, declaration receipt…)."""

from datetime import date

from ninja import Field, Router, Schema

from moukawil.certificates.kinds import get_kind, revocation_list, verify
from moukawil.core.throttling import VerificationThrottle

router = Router(tags=["vérification des documents"])


class PublicFieldOut(Schema):
    label: str
    value: str
    value_ar: str


class DocumentVerificationOut(Schema):
    kind: str = Field(description="attestation (inscription) ou recu (accusé de réception de déclaration)")
    number: str
    status: str = Field(description="valid, revoked, unknown ou malformed")
    message: str = Field(description="Le verdict en une phrase, en français")
    revoked_on: date | None
    fields: list[PublicFieldOut]
    signature: str = Field(description="absent, authentic ou forged (jeton du code QR, paramètre token)")
    signature_message: str


class KindRevokedOut(Schema):
    n: str = Field(description="Numéro révoqué (radié, remplacé…)")
    d: date = Field(description="Date d'effet")


class KindRevocationListOut(Schema):
    kind: str
    generated_at: str
    revoked: list[KindRevokedOut]
    signature: str = Field(description="Ed25519 (base64url) du JSON canonique {kind, generated_at, revoked}")


@router.get(
    "/verification/{kind}/revocations", response=KindRevocationListOut, auth=None,
    summary="Numéros révoqués d'un type de document (signé)",
)  # fmt: skip
def kind_revocations(request, kind: str):
    return revocation_list(get_kind(kind))


@router.get(
    "/verification/{kind}/{number}", response=DocumentVerificationOut, auth=None, throttle=[VerificationThrottle()],
    summary="Vérifier un document numéroté (et son code QR)",
)  # fmt: skip
def document_verification(request, kind: str, number: str, token: str = ""):
    """Public: valid / revoked / unknown with the kind's public fields only (no CIN, no address, no amounts).
    ``token`` is the ``jeton`` of the QR code's address: its signature is checked against this document."""
    result = verify(get_kind(kind), number, token)
    return {
        "kind": result.kind.code, "number": result.number, "status": result.status, "message": result.verdict,
        "revoked_on": result.revoked_on, "signature": result.signature or "absent",
        "signature_message": result.signature_message,
        "fields": [{"label": str(f.label), "value": f.value, "value_ar": f.value_ar} for f in result.fields],
    }  # fmt: skip
