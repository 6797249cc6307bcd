"""API key format `jpk_<prefix>_<secret>`: the prefix finds the row, the secret is checked by hash."""

from __future__ import annotations

import hashlib
import hmac
import secrets


def new_key() -> tuple[str, str, str]:
    """Returns (prefix, full key, hash)."""
    prefix = secrets.token_hex(6)
    key = f"jpk_{prefix}_{secrets.token_urlsafe(32)}"
    return prefix, key, hash_key(key)


def hash_key(key: str) -> str:
    # Keys are 256-bit random, so a fast keyed hash is enough (no password stretching needed).
    return hashlib.sha256(key.encode()).hexdigest()


def parse_prefix(key: str) -> str | None:
    parts = key.split("_")
    if len(parts) < 3 or parts[0] != "jpk":
        return None
    return parts[1]


def matches(key: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_key(key), stored_hash)
