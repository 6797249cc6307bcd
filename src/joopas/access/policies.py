"""Who may do what with access rights. Built on the access api and the organisation tree."""

from __future__ import annotations

from typing import Any

from joopas.access import rules, selectors
from joopas.access.models import Role
from joopas.access.selectors import active_roles, has_role, has_role_in_any, is_platform_admin
from joopas.organisations.api import ancestor_ids

__all__ = ["OrganisationAccess", "active_roles", "can_decide_access_requests", "can_manage_api_keys",
           "can_manage_grant_of_role", "can_manage_grants", "can_see_continuity_overview", "can_view_audit",
           "can_view_organisation_access", "grantable_roles_for", "has_role", "held_roles_for", "is_platform_admin"]


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
    return is_platform_admin(actor) or has_role_in_any(actor, ancestor_ids(organisation_id), *rules.MAIN_USER_ROLES)


def can_view_audit(actor: Any, organisation_id: int | None) -> bool:
    """R-ACC-6: platform admins search the whole log, main users their organisation's."""
    if is_platform_admin(actor):
        return True
    if organisation_id is None:
        return False
    return has_role_in_any(actor, ancestor_ids(organisation_id), *rules.MAIN_USER_ROLES)


def can_decide_access_requests(actor: Any) -> bool:
    """R-ACC-4: a platform admin decides access applications."""
    return is_platform_admin(actor)


def can_see_continuity_overview(actor: Any) -> bool:
    """R-ACC-3: platform admins see organisations with fewer than two main users."""
    return is_platform_admin(actor)


class OrganisationAccess:
    """The `organisations.api.AccessChecker` access registers at start-up (AccessConfig.ready): the organisations
    app asks who is a platform admin and who holds a main-user role, without importing access."""

    def is_platform_admin(self, actor: Any) -> bool:
        return is_platform_admin(actor)

    def holds_main_user_role(self, actor: Any, organisation_ids: list[int]) -> bool:
        return has_role_in_any(actor, list(organisation_ids), *rules.MAIN_USER_ROLES)
