"""Ed25519 signatures for documents that must be verifiable without network (a QR code read by a phone offline).

The private key comes from ``CERTIFICATE_SIGNING_KEY`` (base64 of the 32-byte seed) in production. In the demo
and tests a key is generated once into ``CERTIFICATE_KEY_PATH`` (var/, ignored by git). The public key is
published at ``/verifier/cle-publique/`` and ``GET /api/v1/verification/public-key``.

A signed payload is ``<base64url(canonical JSON)>.<base64url(signature)>``.
"""

from __future__ import annotations

import base64
import json
from functools import cache
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@cache
def private_key() -> Ed25519PrivateKey:
    configured = getattr(settings, "CERTIFICATE_SIGNING_KEY", "")
    if configured:
        return Ed25519PrivateKey.from_private_bytes(base64.b64decode(configured))
    path = Path(settings.CERTIFICATE_KEY_PATH)
    if not path.exists():
        if not settings.CERTIFICATE_KEY_AUTOCREATE:
            raise ImproperlyConfigured("CERTIFICATE_SIGNING_KEY doit être défini pour signer les attestations.")
        path.parent.mkdir(parents=True, exist_ok=True)
        seed = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
        )
        path.write_bytes(base64.b64encode(seed))
        path.chmod(0o600)
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(path.read_bytes()))


def public_key() -> Ed25519PublicKey:
    return private_key().public_key()


def public_key_pem() -> str:
    return (
        public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    )


def canonical(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def sign(data: dict) -> str:
    body = canonical(data)
    return f"{b64url(body)}.{b64url(private_key().sign(body))}"


def signature(data: dict) -> str:
    """The signature alone (base64url), for published data that carries its own signature field."""
    return sign(data).split(".")[1]


def verify(token: str, key: Ed25519PublicKey | None = None) -> dict | None:
    """The signed data, or None when the token is malformed or its signature does not match."""
    try:
        body_text, signature_text = token.split(".")
        body, signature = unb64url(body_text), unb64url(signature_text)
        (key or public_key()).verify(signature, body)
        return json.loads(body)
    except (ValueError, InvalidSignature, json.JSONDecodeError):
        return None
