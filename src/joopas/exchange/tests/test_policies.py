"""Exchange policies: who sees messages, operates deliveries (dead letters, replay) and edits settings."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from joopas.access.api import Role
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import UserFactory
from joopas.core.clock import today
from joopas.exchange import policies
from joopas.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs() -> tuple[Any, Any, Any]:
    return OrganisationFactory(), OrganisationFactory(), OrganisationFactory()


def _user(org: Any = None, role: str = Role.OFFICER, **kw: Any) -> Any:
    u = UserFactory()
    if org is not None:
        grant(u, org, role, **kw)
    return u


def _delivery(sender: Any, receiver: Any) -> Any:
    return SimpleNamespace(receiver_id=receiver.pk, message=SimpleNamespace(sender_id=sender.pk))


def test_viewable_organisations_are_those_with_an_exchange_role(orgs) -> None:
    home, host, _other = orgs
    u = _user(home, Role.OFFICER)
    grant(u, host, Role.INTEGRATION_CLIENT)
    assert sorted(policies.viewable_organisations(u)) == sorted([home.pk, host.pk])
    assert policies.viewable_organisations(_user(home, Role.REGISTRAR)) == [home.pk]
    assert policies.viewable_organisations(_user(home, Role.CATALOGUE_EDITOR)) == []  # not an exchange role
    assert policies.viewable_organisations(_user()) == []
    assert policies.viewable_organisations(AnonymousUser()) == []


def test_can_view_message_sender_or_receiver_only(orgs) -> None:
    home, host, other = orgs
    assert policies.can_view_message(_user(home), home.pk, [host.pk])  # sender's officer
    assert policies.can_view_message(_user(host, Role.MAIN_USER), home.pk, [host.pk])  # receiver
    assert not policies.can_view_message(_user(other), home.pk, [host.pk])  # other organisation
    assert not policies.can_view_message(_user(), home.pk, [host.pk])  # no role
    assert not policies.can_view_message(AnonymousUser(), home.pk, [host.pk])
    assert policies.can_view_message(_user(other, Role.PLATFORM_ADMIN), home.pk, [host.pk])


def test_can_view_message_needs_a_valid_grant(orgs) -> None:
    home, host, _other = orgs
    ended = _user(home, valid_from=today() - dt.timedelta(days=30), valid_until=today() - dt.timedelta(days=1))
    assert not policies.can_view_message(ended, home.pk, [host.pk])


def test_can_operate_delivery_receiver_or_sender_main_user_or_officer(orgs) -> None:
    home, host, other = orgs
    d = _delivery(home, host)
    assert policies.can_operate_delivery(_user(host, Role.OFFICER), d)
    assert policies.can_operate_delivery(_user(host, Role.MAIN_USER), d)
    assert policies.can_operate_delivery(_user(home, Role.OFFICER), d)  # the sender may replay too
    assert not policies.can_operate_delivery(_user(host, Role.INTEGRATION_CLIENT), d)  # sees, cannot operate
    assert not policies.can_operate_delivery(_user(host, Role.REGISTRAR), d)
    assert not policies.can_operate_delivery(_user(other, Role.MAIN_USER), d)
    assert not policies.can_operate_delivery(_user(), d)
    assert not policies.can_operate_delivery(AnonymousUser(), d)
    assert policies.can_operate_delivery(_user(other, Role.PLATFORM_ADMIN), d)


def test_can_edit_settings_main_user_of_that_organisation_only(orgs) -> None:
    home, host, _other = orgs
    assert policies.can_edit_settings(_user(host, Role.MAIN_USER), host.pk)
    assert not policies.can_edit_settings(_user(host, Role.OFFICER), host.pk)
    assert not policies.can_edit_settings(_user(home, Role.MAIN_USER), host.pk)
    assert not policies.can_edit_settings(_user(), host.pk)
    assert not policies.can_edit_settings(AnonymousUser(), host.pk)
    assert policies.can_edit_settings(_user(home, Role.PLATFORM_ADMIN), host.pk)
