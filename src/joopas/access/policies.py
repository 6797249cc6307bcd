"""Who may do what with access rights. Built on the access api and the organisation tree."""

from __future__ import annotations

from typing import Any

from joopas.access import rules, selectors
from joopas.access.api import active_roles, has_role, is_platform_admin
from joopas.access.models import Role
from joopas.organisations.api import ancestor_ids


def held_roles_for(actor: Any, organisation_id: int) -> set[str]:
    """Roles the actor holds in the organisation or in one of its parents (R-ACC-1)."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return set()
    tree = set(ancestor_ids(organisation_id))
    held = {r.role for r in active_roles(actor) if r.organisation_id in tree}
    if is_platform_admin(actor):
        held.add(Role.PLATFORM_ADMIN)
    return held


def grantable_roles_for(actor: Any, organisation_id: int) -> set[str]:
    """R-ACC-1 / R-ACC-5: the roles the actor may grant, renew or close in this organisation."""
    held = held_roles_for(actor, organisation_id) & {*rules.MAIN_USER_ROLES, Role.PLATFORM_ADMIN}
    return rules.grantable_roles(held, selectors.grant_links())


def can_manage_grants(actor: Any, organisation_id: int) -> bool:
    return bool(grantable_roles_for(actor, organisation_id))


def can_manage_grant_of_role(actor: Any, organisation_id: int, role: str) -> bool:
    return role in grantable_roles_for(actor, organisation_id)


def can_view_organisation_access(actor: Any, organisation_id: int) -> bool:
    return can_manage_grants(actor, organisation_id)


def can_manage_api_keys(actor: Any, organisation_id: int) -> bool:
    return is_platform_admin(actor) or any(has_role(actor, oid, *rules.MAIN_USER_ROLES)
                                           for oid in ancestor_ids(organisation_id))


def can_view_audit(actor: Any, organisation_id: int | None) -> bool:
    """R-ACC-6: platform admins search the whole log, main users their organisation's."""
    if is_platform_admin(actor):
        return True
    if organisation_id is None:
        return False
    return any(has_role(actor, oid, *rules.MAIN_USER_ROLES) for oid in ancestor_ids(organisation_id))


def can_decide_access_applications(actor: Any) -> bool:
    """R-ACC-4: a platform admin decides access applications."""
    return is_platform_admin(actor)


def can_see_continuity_overview(actor: Any) -> bool:
    """R-ACC-3: platform admins see organisations with fewer than two main users."""
    return is_platform_admin(actor)
