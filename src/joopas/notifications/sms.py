"""SMS backends (setting NOTIFICATIONS_SMS_BACKEND, a dotted path to a class with `send(phone, text)`).

The default `LogBackend` only logs that a message would go out (the phone number masked): the demo and
development never send real text messages. A gateway's backend raises on failure; the delivery job retries.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger("joopas.notifications.sms")


class SmsBackend(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class LogBackend:
    """Development backend: writes a log line instead of sending."""

    sent: list[tuple[str, str]] = []  # the tests read what would have gone out

    def send(self, phone: str, text: str) -> None:
        LogBackend.sent.append((phone, text))
        log.info("SMS to …%s (%d characters) not sent: development backend", phone[-3:], len(text))


def get_backend() -> Any:
    return import_string(settings.NOTIFICATIONS_SMS_BACKEND)()
