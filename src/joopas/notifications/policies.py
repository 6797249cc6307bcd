"""Who may read a message: only its recipient (a logged-in user reads their own list; nobody else's)."""

from __future__ import annotations

from typing import Any


def can_read(actor: Any, notification: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False)) and notification.user_id == actor.pk
