from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from joopas.access.api import Role
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import UserFactory
from joopas.networks import policies
from joopas.networks.models import Membership

pytestmark = pytest.mark.django_db


def test_manage_network_matrix(world: Any) -> None:
    n = world.network
    assert [policies.can_manage_network(u, n) for u in (AnonymousUser(), world.coordinator, world.other_coordinator,
                                                        world.editor, world.no_role)] == [
        False, True, False, False, False]


def test_coordinator_of_a_coordinating_member_may_manage(world: Any) -> None:
    user = UserFactory()
    grant(user, world.tuni, Role.NETWORK_COORDINATOR)
    assert policies.can_manage_network(user, world.network) is False
    Membership.objects.filter(network=world.network, organisation_id=world.tuni.pk).update(is_coordinator=True)
    assert policies.can_manage_network(user, world.network) is True


def test_platform_admin_may_manage_and_create(world: Any) -> None:
    admin = UserFactory()
    grant(admin, world.outsider, Role.PLATFORM_ADMIN)
    assert policies.can_manage_network(admin, world.network) is True
    assert policies.can_create_network(admin, world.hy.pk) is True


def test_create_network_only_for_own_organisation(world: Any) -> None:
    assert policies.can_create_network(world.coordinator, world.hy.pk) is True
    assert policies.can_create_network(world.coordinator, world.aalto.pk) is False
    assert policies.can_create_network(world.editor, world.aalto.pk) is False
    assert policies.can_create_network(AnonymousUser(), world.hy.pk) is False


def test_change_log_visible_to_every_member_organisation(world: Any) -> None:
    n = world.network
    assert [policies.can_view_changes(u, n) for u in (AnonymousUser(), world.coordinator, world.editor,
                                                      world.outsider_editor, world.no_role)] == [
        False, True, True, False, False]


def test_target_offering_only_with_an_offering_role_of_the_organiser(world: Any) -> None:
    assert policies.can_target_offering(world.editor, world.aalto.pk) is True
    assert policies.can_target_offering(world.editor, world.tuni.pk) is False
    assert policies.can_target_offering(world.coordinator, world.hy.pk) is False
    assert policies.can_target_offering(AnonymousUser(), world.aalto.pk) is False
    assert policies.targeting_organisations(world.editor) == [world.aalto.pk]
