"""The events apps register: `register_event(...)` (through notifications.api), one template per event.

Registration parses every template at once: a malformed template or an SMS channel without an SMS text fails at
import time; `check_translations()` renders each event in fi/sv/en so that a translation using a placeholder the
source text does not have fails in the tests (and in `joopas check`), not when a message is being sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import translation

from joopas.notifications.rules import CHANNELS, LANGUAGES, TemplateError, placeholders, render


@dataclass(frozen=True)
class EventSpec:
    name: str
    subject: Any  # lazy translatable strings with named %(placeholders)s
    body: Any
    sms: Any
    channels: tuple[str, ...]
    placeholders: frozenset[str]


_EVENTS: dict[str, EventSpec] = {}


def register_event(event: str, *, subject: Any, body: Any, channels: tuple[str, ...] = ("email", "inbox"),
                   sms: Any = None) -> EventSpec:
    """Register (or replace) an event's templates. Raises TemplateError at once on a bad template."""
    if not event or len(event) > 100:
        raise TemplateError("an event name is 1–100 characters, e.g. 'applications.received'")
    unknown = set(channels) - CHANNELS
    if unknown:
        raise TemplateError(f"event {event}: unknown channels {sorted(unknown)}; use {sorted(CHANNELS)}")
    if "sms" in channels and not sms:
        raise TemplateError(f"event {event}: the sms channel needs an sms= text")
    texts = [subject, body] + ([sms] if sms else [])
    names: set[str] = set()
    for text in texts:
        names |= placeholders(_source(text))
    spec = EventSpec(event, subject, body, sms, tuple(channels), frozenset(names))
    _EVENTS[event] = spec
    return spec


def _source(text: Any) -> str:
    """The untranslated text (msgid) of a lazy string, or the string itself."""
    with translation.override(None):
        return str(text)


def get(event: str) -> EventSpec:
    try:
        return _EVENTS[event]
    except KeyError:
        raise TemplateError(f"unknown notification event {event!r}: register it with register_event()") from None


def registered() -> dict[str, EventSpec]:
    return dict(_EVENTS)


def unregister(event: str) -> None:
    _EVENTS.pop(event, None)


def check_translations() -> list[str]:
    """Every registered event rendered in every language with dummy values: the problems found (empty = fine)."""
    problems = []
    for spec in _EVENTS.values():
        dummy = {name: f"<{name}>" for name in spec.placeholders}
        for lang in LANGUAGES:
            with translation.override(lang):
                for part, text in (("subject", spec.subject), ("body", spec.body), ("sms", spec.sms)):
                    if not text:
                        continue
                    translated = str(text)
                    try:
                        extra = placeholders(translated) - spec.placeholders
                        if extra:
                            problems.append(f"{spec.name} {part} ({lang}): unknown placeholders {sorted(extra)}")
                            continue
                        render(translated, dummy, lang)
                    except (TemplateError, KeyError, ValueError, TypeError) as exc:
                        problems.append(f"{spec.name} {part} ({lang}): {exc}")
    return problems
