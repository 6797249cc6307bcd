"""The one entry point for automatic messages: every app calls `notify(...)` and registers its events.

    from joopas.notifications import api as notifications

    notifications.register_event(
        "applications.received",
        subject=_("We received your application %(number)s"),
        body=_("Hello %(name)s,\n\nwe received your application %(number)s on %(day)s."),
        channels=("email", "inbox"))
    ...
    notifications.notify("applications.received", student, {"name": …, "number": …, "day": date},
                         key=str(application.pk), link=f"/applications/{application.pk}/")

Templates are gettext_lazy strings with named %(placeholders)s, rendered in the recipient's language (user's
language, or Address.language). See docs/development.md "Sending a notification".
"""

from __future__ import annotations

from typing import Any

from joopas.notifications import registry, selectors, services
from joopas.notifications.registry import EventSpec, check_translations
from joopas.notifications.rules import TemplateError
from joopas.notifications.services import Address

__all__ = [
    "Address",
    "EventSpec",
    "TemplateError",
    "check_translations",
    "notify",
    "register_event",
    "registered_events",
    "subjects_of",
    "unread_count",
]


def register_event(event: str, *, subject: Any, body: Any, channels: tuple[str, ...] = ("email", "inbox"),
                   sms: Any = None) -> EventSpec:
    """Register an event's templates (at import time of the caller's module, e.g. its `notifications.py` or
    `apps.ready`). Raises TemplateError on a malformed template or an SMS channel without an SMS text."""
    return registry.register_event(event, subject=subject, body=body, channels=channels, sms=sms)


def registered_events() -> dict[str, EventSpec]:
    return registry.registered()


def notify(event: str, recipient: Any, context: dict[str, Any], *, key: str = "", link: str = "",
           actor: Any = None) -> None:
    """Send `event` to `recipient` (a user, a user id, or an `Address`) once per (event, recipient, key).

    Call it inside your transaction: the message is stored (the user's own list) and its email/SMS queued as jobs
    that run after commit; a second call with the same event, recipient and key does nothing. `link` is an
    optional path in the service ("/…") shown with the message. Raises TemplateError at once when the event is
    not registered or the context lacks a placeholder."""
    services.notify(event, recipient, context, key=key, link=link, actor=actor)


def unread_count(user_id: int) -> int:
    """How many of the user's own messages are unread (for a header badge or a desk count)."""
    return selectors.unread_count(user_id)


def subjects_of(user_id: int) -> list[str]:
    """The subjects of a user's own messages, newest first (for other apps' tests and summaries)."""
    return list(selectors.inbox(user_id).values_list("subject", flat=True))
