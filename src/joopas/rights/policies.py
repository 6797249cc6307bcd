"""Who may read and change persons and study rights: the organisation's officers, registrars and main users."""

from __future__ import annotations

from typing import Any

from joopas.access.api import Role, has_role, is_platform_admin
from joopas.exchange.api import SystemActor

STUDENT_DATA_ROLES = (Role.OFFICER, Role.REGISTRAR, Role.MAIN_USER)


def can_manage_students(actor: Any, organisation_id: int) -> bool:
    """Officers of the organisation, or its own system through the exchange (its student updates, R-REG-7)."""
    if isinstance(actor, SystemActor):
        return actor.organisation_id == organisation_id
    return has_role(actor, organisation_id, *STUDENT_DATA_ROLES)


def can_view_students(actor: Any, organisation_id: int) -> bool:
    return can_manage_students(actor, organisation_id) or is_platform_admin(actor)
