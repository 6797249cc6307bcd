from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db.models import QuerySet

from joopas.access.api import Role
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import UserFactory
from joopas.networks import hooks
from joopas.networks.models import NetworkChange
from joopas.networks.tests.factories import FakeOffering, use_fake_offering
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
        self.cursor = self.changes().values_list("id", flat=True).last() or 0  # the log up to here: the set-up

    def changes(self) -> QuerySet[NetworkChange]:
        """The change log written after the set-up (the factories write through the services, which log)."""
        return NetworkChange.objects.filter(id__gt=getattr(self, "cursor", 0)).order_by("id")


@pytest.fixture
def world(db: Any) -> World:
    return World()


@pytest.fixture(autouse=True)
def offering() -> Iterator[FakeOffering]:
    """networks sits below the catalogue: its tests target an in-memory offering, not the catalogue's."""
    fake, previous = FakeOffering(), hooks.offering_source()
    hooks.register_offering_source(fake)
    use_fake_offering(fake)
    yield fake
    use_fake_offering(None)
    hooks.register_offering_source(previous)
