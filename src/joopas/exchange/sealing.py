"""Webhook signing secrets at rest: authenticated encryption with a key derived from the server's key.

Format `s1.<base64url(nonce ‖ ciphertext ‖ tag)>`, built from the standard library only (the project has
no `cryptography` dependency):

- key material: `EXCHANGE_SECRET_KEY` if set, else `SECRET_KEY` (the entries of `SECRET_KEY_FALLBACKS`
  are tried when opening, so a key rotation keeps old secrets readable until they are re-sealed);
- keys: HKDF-SHA256 (RFC 5869), salt `joopas.exchange.webhook-secret`, info `s1 enc` and `s1 mac`,
  32 bytes each;
- encryption: HMAC-SHA256 as a pseudo-random function in counter mode (block i =
  HMAC(enc key, nonce ‖ i as 4 bytes big-endian)), XORed with the secret; a random 16-byte nonce;
- authentication: tag = HMAC-SHA256(mac key, "s1" ‖ nonce ‖ ciphertext), checked in constant time
  before decrypting (encrypt-then-MAC).

Migration 0005 carries a frozen copy of `seal` to encrypt the secrets stored before. Keep the two in step.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from django.conf import settings

PREFIX = "s1."
SALT = b"joopas.exchange.webhook-secret"
NONCE = 16
TAG = 32


class Unreadable(Exception):
    """The stored secret cannot be opened with any configured key (changed key, damaged value)."""


def _hkdf(material: bytes, info: bytes, length: int = 32) -> bytes:
    prk = hmac.new(SALT, material, hashlib.sha256).digest()
    out, block, i = b"", b"", 1
    while len(out) < length:
        block = hmac.new(prk, block + info + bytes([i]), hashlib.sha256).digest()
        out, i = out + block, i + 1
    return out[:length]


def _keys(material: str) -> tuple[bytes, bytes]:
    raw = material.encode()
    return _hkdf(raw, b"s1 enc"), _hkdf(raw, b"s1 mac")


def _stream(key: bytes, nonce: bytes, data: bytes) -> bytes:
    out = bytearray()
    for i in range(0, len(data), 32):
        block = hmac.new(key, nonce + (i // 32).to_bytes(4, "big"), hashlib.sha256).digest()
        out += bytes(a ^ b for a, b in zip(data[i:i + 32], block, strict=False))
    return bytes(out)


def _materials() -> list[str]:
    own = str(getattr(settings, "EXCHANGE_SECRET_KEY", "") or "")
    if own:
        return [own]
    return [str(settings.SECRET_KEY), *[str(k) for k in getattr(settings, "SECRET_KEY_FALLBACKS", [])]]


def seal(secret: str) -> str:
    if not secret:
        return ""
    enc, mac = _keys(_materials()[0])
    nonce = secrets.token_bytes(NONCE)
    ct = _stream(enc, nonce, secret.encode())
    tag = hmac.new(mac, b"s1" + nonce + ct, hashlib.sha256).digest()
    return PREFIX + base64.urlsafe_b64encode(nonce + ct + tag).decode()


def open_sealed(value: str) -> str:
    if not value:
        return ""
    if not value.startswith(PREFIX):
        raise Unreadable("unknown format")
    try:
        raw = base64.urlsafe_b64decode(value[len(PREFIX):].encode())
    except ValueError as exc:
        raise Unreadable("damaged value") from exc
    if len(raw) < NONCE + TAG:
        raise Unreadable("damaged value")
    nonce, ct, tag = raw[:NONCE], raw[NONCE:-TAG], raw[-TAG:]
    for material in _materials():
        enc, mac = _keys(material)
        if hmac.compare_digest(hmac.new(mac, b"s1" + nonce + ct, hashlib.sha256).digest(), tag):
            return _stream(enc, nonce, ct).decode()
    raise Unreadable("no configured key opens the value")
