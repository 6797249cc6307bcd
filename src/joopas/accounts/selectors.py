from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from joopas.access.api import Role, active_roles, is_platform_admin, main_user_shortage
from joopas.organisations.api import get_by_id, get_by_oid

MANAGER_ROLES = {Role.MAIN_USER, Role.JOTPA_MAIN_USER}


def desk_roles(user: Any) -> list[dict[str, Any]]:
    rows = []
    for r in active_roles(user):
        org = get_by_id(r.organisation_id)
        rows.append({"organisation": org, "role": Role(r.role).label})
    return rows


def desk_links(user: Any, acting_oid: str | None) -> dict[str, Any]:
    """Links on the desk by role: access management, platform administration, acting organisation."""
    roles = active_roles(user)
    org_ids = sorted({r.organisation_id for r in roles})
    acting = get_by_oid(acting_oid) if acting_oid else None
    links: list[tuple[str, str]] = []
    warnings: list[str] = []
    for oid in sorted({r.organisation_id for r in roles if r.role in MANAGER_ROLES}):
        org = get_by_id(oid)
        if org:
            links.append((reverse("access:organisation", args=[oid]),
                          _("Manage access rights: %(name)s") % {"name": org.name_fi}))
            if main_user_shortage(oid):  # R-ACC-3
                warnings.append(_("%(name)s has fewer than two active main users. Grant the main-user role to "
                                  "another person so that rights can still be renewed.") % {"name": org.name_fi})
    if is_platform_admin(user):
        links += [(reverse("organisations:review"), _("Registrations to review")),
                  (reverse("access:applications"), _("Access applications")),
                  (reverse("access:continuity"), _("Organisations with fewer than two main users")),
                  (reverse("access:audit"), _("Audit log"))]
    held = {r.role for r in roles}
    # Officer workspaces of the other apps, by role (URL names only: no imports across apps).
    if held & {Role.CATALOGUE_EDITOR, Role.MAIN_USER, Role.OFFERING_EDITOR}:
        links += [(reverse("catalogue:editor"), _("Study offering")),
                  (reverse("catalogue:joo"), _("JOO offering declaration")),
                  (reverse("networks:targeting"), _("Target offering to networks"))]
    if held & {Role.NETWORK_COORDINATOR, Role.MAIN_USER}:
        links.append((reverse("networks:list"), _("Networks")))
    if held & {Role.OFFICER, Role.REGISTRAR, Role.MAIN_USER, Role.INTEGRATION_CLIENT} or is_platform_admin(user):
        links += [(reverse("exchange:messages"), _("Messages between institutions")),
                  (reverse("exchange:dead_letters"), _("Undelivered messages"))]
    links.append((reverse("access:home"), _("Access rights")))
    return {"links": links, "warnings": warnings, "acting": acting, "several_organisations": len(org_ids) > 1}
