from __future__ import annotations

from typing import Any

from joopas.access.api import Role, has_role, is_platform_admin, organisations_with_role

EDITOR_ROLES = (Role.CATALOGUE_EDITOR, Role.MAIN_USER)


def can_edit_offering(actor: Any, organisation_id: int) -> bool:
    """Catalogue editors and main users of the organiser, and platform admins."""
    return is_platform_admin(actor) or has_role(actor, organisation_id, *EDITOR_ROLES)


def editable_organisations(actor: Any) -> list[int] | None:
    """Organisation ids the actor may edit; None means every organisation (platform admin)."""
    if is_platform_admin(actor):
        return None
    return organisations_with_role(actor, *EDITOR_ROLES)
