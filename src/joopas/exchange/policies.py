"""Who may see and operate exchange messages (R-EXC-2, R-EXC-4)."""

from __future__ import annotations

from typing import Any

from joopas.access.api import Role, has_role, is_platform_admin, organisations_with_role

VIEW_ROLES = (Role.OFFICER, Role.MAIN_USER, Role.INTEGRATION_CLIENT, Role.REGISTRAR)
OPERATE_ROLES = (Role.MAIN_USER, Role.OFFICER)


def viewable_organisations(actor: Any) -> list[int]:
    """Organisations whose messages the actor sees: where it holds an exchange-relevant role."""
    return organisations_with_role(actor, *VIEW_ROLES)


def can_view_message(actor: Any, sender_id: int, receiver_ids: list[int]) -> bool:
    if is_platform_admin(actor):
        return True
    orgs = set(viewable_organisations(actor))
    return sender_id in orgs or bool(orgs & set(receiver_ids))


def can_operate_delivery(actor: Any, delivery: Any) -> bool:
    """Dead letters are inspected, fixed and replayed by the receiving organisation or the platform."""
    if is_platform_admin(actor):
        return True
    return has_role(actor, delivery.receiver_id, *OPERATE_ROLES) or \
        has_role(actor, delivery.message.sender_id, *OPERATE_ROLES)


def can_edit_settings(actor: Any, organisation_id: int) -> bool:
    return is_platform_admin(actor) or has_role(actor, organisation_id, Role.MAIN_USER)
