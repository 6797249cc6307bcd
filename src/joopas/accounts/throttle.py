"""Soft throttles in the Django cache: fixed-window counters per key (an address, an IP, a pair).

Nothing here locks an account: a counter that reaches its limit makes the caller refuse *this* request for the
rest of the window (password reset: nothing is sent; login: the attempt is refused before the password is
checked). Keys are hashed so that addresses and IPs are not stored in the cache in clear.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache


def _key(scope: str, *parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(p.strip().lower() for p in parts).encode()).hexdigest()[:32]
    return f"joopas:throttle:{scope}:{digest}"


def count(scope: str, *parts: str) -> int:
    """How many hits the key has in its current window."""
    return int(cache.get(_key(scope, *parts), 0) or 0)


def hit(scope: str, *parts: str, window_seconds: int) -> int:
    """Count one hit; the window starts with the first hit and the counter expires with it."""
    key = _key(scope, *parts)
    if cache.add(key, 1, timeout=window_seconds):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds)
        return 1


def exceeded(scope: str, *parts: str, limit: int) -> bool:
    return count(scope, *parts) >= limit


def clear(scope: str, *parts: str) -> None:
    cache.delete(_key(scope, *parts))
