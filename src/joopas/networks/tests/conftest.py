from __future__ import annotations

from typing import Any

import pytest

from joopas.access.api import Role
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import UserFactory
from joopas.organisations.tests.factories import OrganisationFactory


class World:
    """Three member organisations and an outsider, with a coordinator at the coordinating one and editors."""

    def __init__(self) -> None:
        from joopas.networks.tests.factories import make_network

        self.hy, self.aalto, self.tuni, self.outsider = (OrganisationFactory() for _ in range(4))
        self.coordinator = UserFactory()
        grant(self.coordinator, self.hy, Role.NETWORK_COORDINATOR)
        self.other_coordinator = UserFactory()
        grant(self.other_coordinator, self.outsider, Role.NETWORK_COORDINATOR)
        self.editor = UserFactory()  # catalogue editor at Aalto (a member)
        grant(self.editor, self.aalto, Role.CATALOGUE_EDITOR)
        self.outsider_editor = UserFactory()
        grant(self.outsider_editor, self.outsider, Role.CATALOGUE_EDITOR)
        self.no_role = UserFactory()
        self.network = make_network(self.hy, [self.aalto, self.tuni])


@pytest.fixture
def world(db: Any) -> World:
    return World()
