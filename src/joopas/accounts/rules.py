"""Pure rules of user accounts. No ORM, no I/O."""

from __future__ import annotations

LANGUAGES = ("fi", "sv", "en")
DEFAULT_LANGUAGE = "fi"


def normalise_email(email: str) -> str:
    """Login is by email, case-insensitively: stored trimmed and lower-case."""
    return (email or "").strip().lower()


def language_or_default(language: str) -> str:
    """An account's language is one of the service languages; anything else falls back to Finnish."""
    return language if language in LANGUAGES else DEFAULT_LANGUAGE
