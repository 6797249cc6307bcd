from __future__ import annotations

from typing import Any

import pytest

from joopas.access.models import (
    AccessRequest,
    ApiKey,
    Grant,
    GrantHistory,
    GrantLink,
    Invitation,
    Role,
)
from joopas.access.tests.factories import grant
from joopas.accounts.models import User
from joopas.accounts.tests.factories import UserFactory
from joopas.organisations.models import Organisation, OrganisationRegistration
from joopas.organisations.tests.factories import OrganisationFactory


def snapshot() -> dict[str, Any]:
    """Every table a denied request must leave untouched."""
    return {
        "grants": sorted(Grant.objects.values_list("id", "status", "valid_from", "valid_until", "user_id", "role")),
        "history": GrantHistory.objects.count(),
        "links": GrantLink.objects.count(),
        "invitations": sorted(Invitation.objects.values_list("id", "status")),
        "applications": sorted(AccessRequest.objects.values_list("id", "status")),
        "keys": sorted(ApiKey.objects.values_list("id", "revoked_at", "name")),
        "organisations": sorted(Organisation.objects.values_list("id", "status")),
        "registrations": sorted(OrganisationRegistration.objects.values_list("id", "status")),
        "users": User.objects.count(),
    }


@pytest.fixture
def org(db: Any) -> Organisation:
    return OrganisationFactory(name_fi="Oma yliopisto")


@pytest.fixture
def other_org(db: Any) -> Organisation:
    return OrganisationFactory(name_fi="Toinen yliopisto")


@pytest.fixture
def main_user(org: Organisation) -> User:
    u = UserFactory(email="paa@oma.fi")
    grant(u, org, Role.MAIN_USER)
    return u


@pytest.fixture
def colleague(org: Organisation) -> User:
    u = UserFactory(email="kollega@oma.fi")
    grant(u, org, Role.MAIN_USER)
    return u


@pytest.fixture
def officer(org: Organisation) -> User:
    u = UserFactory(email="virkailija@oma.fi")
    grant(u, org, Role.OFFICER)
    return u


@pytest.fixture
def outsider(other_org: Organisation) -> User:
    u = UserFactory(email="paa@toinen.fi")
    grant(u, other_org, Role.MAIN_USER)
    return u


@pytest.fixture
def no_role(db: Any) -> User:
    return UserFactory(email="ei-roolia@example.fi")


@pytest.fixture
def platform_admin(db: Any) -> User:
    admin_org = OrganisationFactory(name_fi="Palveluntuottaja")
    u = UserFactory(email="admin@joopas.fi")
    grant(u, admin_org, Role.PLATFORM_ADMIN)
    return u
