"""Demo messages: the demo student (opiskelija@hy.demo) finds a welcome message in the own list and the mailbox."""

from __future__ import annotations

from typing import Any

from joopas.accounts import api as accounts_api
from joopas.notifications import services
from joopas.notifications.events import WELCOME

DEMO_RECIPIENTS = ("opiskelija@hy.demo", "hakija@example.demo", "virkailija@hy.demo")


def load(stdout: Any = None) -> None:
    sent = 0
    for email in DEMO_RECIPIENTS:
        user = accounts_api.get_by_email(email)
        if user is None:
            continue
        if services.notify(WELCOME, user, {"name": user.first_name or user.email}, key="demo",
                            link="/notifications/"):
            sent += 1
    if stdout:
        stdout.write(f"  notifications: {sent} new welcome messages")
