from __future__ import annotations

from typing import Any

from joopas.access.api import Role, has_role, is_platform_admin
from joopas.organisations.api import ancestor_ids

CONTACT_MANAGER_ROLES = (Role.MAIN_USER, Role.JOTPA_MAIN_USER)


def can_review_registrations(actor: Any) -> bool:
    """R-ORG-1: platform admins approve or reject self-registrations."""
    return is_platform_admin(actor)


def can_manage_contacts(actor: Any, organisation_id: int) -> bool:
    """Contact persons: main users of the organisation (or of a parent) and platform admins."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False
    if is_platform_admin(actor):
        return True
    return any(has_role(actor, oid, *CONTACT_MANAGER_ROLES) for oid in ancestor_ids(organisation_id))
