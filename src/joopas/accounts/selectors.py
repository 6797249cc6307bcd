from __future__ import annotations

from typing import Any

from joopas.access.api import Role, active_roles
from joopas.organisations.api import get_by_id


def desk_roles(user: Any) -> list[dict[str, Any]]:
    rows = []
    for r in active_roles(user):
        org = get_by_id(r.organisation_id)
        rows.append({"organisation": org, "role": Role(r.role).label})
    return rows
