"""Pure rules of automatic messages: template placeholders, rendering with escaping, recipients, labels.

Templates are gettext strings with named placeholders, `_("Hello %(name)s")`: one translatable string per
subject/body/SMS, rendered in the recipient's language with `%` formatting (one pass, so a value can never bring in
another placeholder or template code). No ORM here (tests/architecture: pure_rules).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from joopas.core.formats import format_date, format_datetime

LANGUAGES = ("fi", "sv", "en")
CHANNELS = frozenset({"email", "inbox", "sms"})

_PERCENT = re.compile(r"%(?:\((?P<name>[A-Za-z_][A-Za-z0-9_]*)\)(?P<conv>[sd])|(?P<pct>%))")
_ANY_PERCENT = re.compile(r"%")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_PHONE = re.compile(r"^\+?[0-9][0-9 \-]{5,19}$")

# Read / unread badges of the own message list (status → label, tone), shown with {% status_badge %}.
READ_LABELS: dict[bool, tuple[Any, str]] = {
    False: (_("New"), "info"),
    True: (_("Read"), "neutral"),
}


class TemplateError(ValueError):
    """A message template is malformed or a placeholder is missing: a programming error, raised at registration
    (or by `check_translations()` in the tests), never at send time."""


def placeholders(text: str) -> frozenset[str]:
    """R-COM-1 (templates show the real fields): the named placeholders of a template; anything else after a `%`
    (a positional `%s`, a stray `%`) is refused so that rendering can never fail later."""
    names: set[str] = set()
    covered = 0
    for match in _PERCENT.finditer(text):
        names.update([match.group("name")] if match.group("name") else [])
        covered += 1 if match.group("name") else 2  # "%%" covers two percent signs
    if covered != len(_ANY_PERCENT.findall(text)):
        raise TemplateError(f"template {text[:60]!r}: use only named placeholders like %(name)s (and %% for %)")
    return frozenset(names)


def missing_placeholders(needed: Iterable[str], context: Mapping[str, Any]) -> list[str]:
    """The placeholders a context does not give (sorted): notify() refuses such a call at once."""
    return sorted(set(needed) - set(context))


def language_of(value: str | None) -> str:
    """The recipient's language, or Finnish when unknown."""
    value = (value or "")[:2].lower()
    return value if value in LANGUAGES else "fi"


def format_value(value: Any, lang: str, *, single_line: bool = False) -> str:
    """A context value as text in the recipient's language: dates as Finnish/Swedish/English dates, control
    characters dropped; in a subject (a mail header) line breaks become spaces."""
    if isinstance(value, dt.datetime):
        text = format_datetime(value, lang)
    elif isinstance(value, dt.date):
        text = format_date(value, lang)
    elif value is None:
        text = ""
    else:
        text = str(value)
    text = _CONTROL.sub("", text)
    if single_line:
        text = " ".join(text.split())
    return text


def render(template: str, context: Mapping[str, Any], lang: str, *, single_line: bool = False,
           html: bool = False) -> str:
    """Render one template (already translated) with the context's values.

    `html=True` escapes the template and every value (an HTML alternative of an email); plain text keeps them as
    they are (text/plain mail, SMS; pages autoescape what they show)."""
    values = {name: format_value(value, lang, single_line=single_line) for name, value in context.items()}
    for name in placeholders(template):
        values.setdefault(name, "")  # a translation may drop a field; it may not add one (check_translations)
    if html:
        return str(escape(template)) % {k: escape(v) for k, v in values.items()}
    out = template % values
    return " ".join(out.split()) if single_line else out


def html_paragraphs(text: str) -> str:
    """Plain text as escaped HTML paragraphs (the HTML part of an email)."""
    paras = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paras)


def recipient_ref(*, user_id: int | None = None, email: str = "", phone: str = "") -> str:
    """The identity notify() is idempotent about: a user by id, a plain address by its email and phone."""
    if user_id:
        return f"user:{user_id}"
    return f"address:{email.strip().lower()}|{normalise_phone(phone)}"


def normalise_phone(phone: str) -> str:
    return re.sub(r"[\s\-]", "", phone or "")


def is_valid_phone(phone: str) -> bool:
    return bool(_PHONE.match(phone or ""))


def safe_link(link: str) -> str:
    """Only a path inside the service may be a message's link ("/…", not "//host" nor "javascript:")."""
    link = (link or "").strip()
    if link.startswith("/") and not link.startswith("//") and "\\" not in link and not _CONTROL.search(link):
        return link
    return ""


def channels_for(channels: Iterable[str], *, email: str, phone: str, is_user: bool) -> list[str]:
    """SPEC §9: email when there is an address, SMS only where the person gave a number; a user always keeps
    the message in the own list (R-COM-6: the own account always keeps a copy), so "inbox" is implied."""
    wanted = set(channels)
    out = []
    if "email" in wanted and email:
        out.append("email")
    if "sms" in wanted and phone and is_valid_phone(phone):
        out.append("sms")
    return out
