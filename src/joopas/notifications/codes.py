"""Audit events and stable error codes of the notifications app."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.translation import pgettext_lazy

from joopas.core.event_labels import register_labels


class Event(StrEnum):
    CREATED = "notifications.notification.created"  # notify(): who gets which message (personal data)
    SENT = "notifications.delivery.sent"
    FAILED = "notifications.delivery.failed"  # the final attempt failed: no more retries
    INBOX_READ = "notifications.inbox.read"  # R-ACC-6: a person read their own message list
    READ = "notifications.notification.read"  # … or one message
    MARKED_READ = "notifications.notification.marked_read"


class ErrorCode(StrEnum):
    NOT_FOUND = "notifications.not_found"
    NOT_AUTHENTICATED = "notifications.not_authenticated"


class Status(StrEnum):
    """A delivery's state: queued → sent, or queued → (retried by the job) → failed."""

    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"


EVENT_LABELS: dict[str, Any] = {
    Event.CREATED: pgettext_lazy("audit event", "Created an automatic message"),
    Event.SENT: pgettext_lazy("audit event", "Sent an automatic message"),
    Event.FAILED: pgettext_lazy("audit event", "Could not send an automatic message"),
    Event.INBOX_READ: pgettext_lazy("audit event", "Read own messages"),
    Event.READ: pgettext_lazy("audit event", "Read an own message"),
    Event.MARKED_READ: pgettext_lazy("audit event", "Marked own messages read"),
}
register_labels(EVENT_LABELS)
