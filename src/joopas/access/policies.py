from __future__ import annotations

from typing import Any

from joopas.access.api import has_role, is_platform_admin
from joopas.access.models import Role


def can_manage_api_keys(actor: Any, organisation_id: int) -> bool:
    return is_platform_admin(actor) or has_role(actor, organisation_id, Role.MAIN_USER)
