from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from joopas.access.models import Role
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import UserFactory
from joopas.catalogue.policies import can_edit_offering, editable_organisations
from joopas.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("role", "same_org", "expected"), [
    (Role.CATALOGUE_EDITOR, True, True), (Role.MAIN_USER, True, True),
    (Role.CATALOGUE_EDITOR, False, False), (Role.OFFICER, True, False),
])
def test_can_edit_offering(role: str, same_org: bool, expected: bool) -> None:
    org, other = OrganisationFactory(), OrganisationFactory()
    user = UserFactory()
    grant(user, org if same_org else other, role)
    assert can_edit_offering(user, org.pk) is expected


def test_anonymous_and_platform_admin() -> None:
    org = OrganisationFactory()
    assert can_edit_offering(AnonymousUser(), org.pk) is False
    admin = UserFactory(is_superuser=True)
    assert can_edit_offering(admin, org.pk) is True
    assert editable_organisations(admin) is None
    editor = UserFactory()
    grant(editor, org, Role.CATALOGUE_EDITOR)
    assert editable_organisations(editor) == [org.pk]
