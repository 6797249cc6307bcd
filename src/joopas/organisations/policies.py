from __future__ import annotations

from typing import Any

from joopas.access.api import is_platform_admin


def can_review_registrations(actor: Any) -> bool:
    """R-ORG-1: platform admins approve or reject self-registrations."""
    return is_platform_admin(actor)
