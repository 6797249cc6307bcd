"""Who may do what with networks; built on `joopas.access.api`."""

from __future__ import annotations

from typing import Any

from joopas.access.api import Role, active_roles, has_role, is_platform_admin
from joopas.networks.models import Network

OFFERING_ROLES = (Role.CATALOGUE_EDITOR, Role.OFFERING_EDITOR, Role.MAIN_USER)


def can_create_network(actor: Any, coordinating_organisation_id: int) -> bool:
    return is_platform_admin(actor) or has_role(actor, coordinating_organisation_id, Role.NETWORK_COORDINATOR)


def coordinator_org_ids(network: Network) -> set[int]:
    ids = {network.coordinating_organisation_id}
    ids.update(network.memberships.filter(is_coordinator=True).values_list("organisation_id", flat=True))
    return ids


def can_manage_network(actor: Any, network: Network) -> bool:
    """Platform admins, and network coordinators of the coordinating organisation or of a coordinating member."""
    if is_platform_admin(actor):
        return True
    if not getattr(actor, "is_authenticated", False):
        return False
    return any(has_role(actor, org_id, Role.NETWORK_COORDINATOR) for org_id in coordinator_org_ids(network))


def can_view_changes(actor: Any, network: Network) -> bool:
    """R-NET-3: network changes are visible to every member — anyone with a role in a member organisation."""
    if is_platform_admin(actor):
        return True
    orgs = {r.organisation_id for r in active_roles(actor)}
    if not orgs:
        return False
    return network.memberships.filter(organisation_id__in=orgs).exists()


def can_target_offering(actor: Any, organiser_id: int) -> bool:
    """Only the host (the organiser of the offering) targets it to networks."""
    return has_role(actor, organiser_id, *OFFERING_ROLES)


def targeting_organisations(actor: Any) -> list[int]:
    from joopas.access.api import organisations_with_role

    return organisations_with_role(actor, *OFFERING_ROLES)


def system_may_change_network(sender_id: int, network: Network) -> bool:
    """A network message (UPDATE_NETWORK_REQUEST) is the coordinating organisation's own: only it changes its
    network from its system."""
    return network.coordinating_organisation_id == sender_id
