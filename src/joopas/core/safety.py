"""One policy for addresses people type in: web addresses (http/https with a real host) and email addresses.

Used at the edge (forms, API schemas, services) to refuse bad input, and by the `safe_links` template tags to
render stored values: a link is an `href` only when it is http/https or a valid email (`mailto:`); anything
else - `javascript:`, `data:`, an old row saved before validation - is shown as plain text. No messages here:
each app words its own refusal (and translates it).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

WEB_SCHEMES = ("http", "https")

# For Django forms: `forms.URLField(validators=[web_url_validator])` narrows Django's default schemes
# (which include ftp) to http and https.
web_url_validator = URLValidator(schemes=list(WEB_SCHEMES))


def is_web_url(value: object) -> bool:
    """An absolute http(s) address with a host: `https://www.example.fi/path`. No whitespace or control
    characters, no other scheme (`javascript:`, `data:`, `ftp:`), no credentials in the address."""
    if not isinstance(value, str) or not value or len(value) > 2000:
        return False
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in value):
        return False
    try:
        parts = urlsplit(value)
        web_url_validator(value)
    except (ValidationError, ValueError):
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.hostname) and "@" not in parts.netloc


def is_email(value: object) -> bool:
    """A single email address as Django validates it (`name@example.fi`)."""
    if not isinstance(value, str) or not value or len(value) > 254:
        return False
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in value):
        return False
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def safe_href(value: object) -> str:
    """The `href` for a stored address, or "" when it must not become a link.

    http(s) addresses pass as they are; an email address (with or without `mailto:`) becomes `mailto:…`.
    """
    if not isinstance(value, str):
        return ""
    value = value.strip()
    if is_web_url(value):
        return value
    address = value[7:] if value[:7].lower() == "mailto:" else value
    if is_email(address):
        return f"mailto:{address}"
    return ""
