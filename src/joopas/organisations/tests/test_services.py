"""Organisations' own services against its seams (organisations.hooks), without the access app's grants: a
superuser is a platform admin through the registered checker; a stub checker and listener stand in elsewhere."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from joopas.accounts.tests.factories import UserFactory
from joopas.core.errors import PermissionDenied
from joopas.core.models import AuditEvent
from joopas.organisations import api, hooks, policies, services
from joopas.organisations.data import RegistrationApproved
from joopas.organisations.models import Organisation, OrganisationRegistration
from joopas.organisations.tests.factories import OrganisationFactory, registration_input

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved_events() -> Iterator[list[RegistrationApproved]]:
    """Replace the registered listeners by one that records the events (restored afterwards)."""
    saved = list(hooks._approved_listeners)
    events: list[RegistrationApproved] = []
    hooks._approved_listeners[:] = [events.append]
    yield events
    hooks._approved_listeners[:] = saved


@pytest.fixture
def checker() -> Iterator[dict[str, Any]]:
    """A stub AccessChecker: `admins` are platform admins, `main_users` maps a user id to organisation ids."""
    state: dict[str, Any] = {"admins": set(), "main_users": {}}

    class Stub:
        def is_platform_admin(self, actor: Any) -> bool:
            return getattr(actor, "pk", None) in state["admins"]

        def holds_main_user_role(self, actor: Any, organisation_ids: list[int]) -> bool:
            return bool(set(state["main_users"].get(getattr(actor, "pk", None), ())) & set(organisation_ids))

    saved = hooks.access_checker()
    hooks.register_access_checker(Stub())
    yield state
    hooks.register_access_checker(saved)


def test_r_org_1_approval_tells_the_listeners_once_per_registration(approved_events) -> None:
    regs = [services.registration_submit(data=registration_input()) for _ in range(2)]
    admin = UserFactory(is_superuser=True)
    services.registrations_approve(actor=admin, registration_ids=[r.pk for r in regs], link_base="https://x.fi")
    assert [(e.organisation_id, e.email, e.link_base, e.actor.pk) for e in approved_events] == [
        (r.organisation_id, r.main_user_email, "https://x.fi", admin.pk) for r in regs]
    assert sorted(OrganisationRegistration.objects.values_list("status", "organisation__status")) == [
        ("approved", "active")] * 2
    reg = regs[0]
    assert list(reg.history.values_list("from_status", "to_status")) == [("", "submitted"), ("submitted", "approved")]
    row = AuditEvent.objects.get(event="organisations.registration.approved", subject_id=str(reg.pk))
    assert (row.before, row.after) == ({"status": "submitted"}, {"status": "approved", "organisation_status": "active"})


def test_r_org_1_a_failing_listener_rolls_the_whole_approval_back(approved_events) -> None:
    reg = services.registration_submit(data=registration_input())

    def refuse(event: RegistrationApproved) -> None:
        raise PermissionDenied()

    hooks._approved_listeners[:] = [refuse]
    with pytest.raises(PermissionDenied):
        services.registrations_approve(actor=UserFactory(is_superuser=True), registration_ids=[reg.pk])
    reg.refresh_from_db()
    assert (reg.status, reg.organisation.status, reg.history.count()) == ("submitted", "pending", 1)


def test_without_a_registered_checker_nothing_is_allowed(checker) -> None:
    hooks.register_access_checker(hooks._DenyAll())
    org = OrganisationFactory()
    superuser = UserFactory(is_superuser=True)
    assert (policies.can_review_registrations(superuser), policies.can_manage_contacts(superuser, org.pk)) == (
        False, False)


def test_contact_managers_are_main_users_of_the_organisation_or_a_parent(checker) -> None:
    parent = OrganisationFactory()
    child = OrganisationFactory(parent=parent)
    other = OrganisationFactory()
    main, outsider, admin, inactive = UserFactory(), UserFactory(), UserFactory(), UserFactory(is_active=False)
    checker["main_users"] = {main.pk: [parent.pk], outsider.pk: [other.pk], inactive.pk: [child.pk]}
    checker["admins"] = {admin.pk}
    assert [policies.can_manage_contacts(u, child.pk) for u in (main, outsider, admin, inactive)] == [
        True, False, True, False]
    assert [policies.can_review_registrations(u) for u in (main, admin)] == [False, True]


def test_get_many_reads_several_organisations_in_one_query() -> None:
    orgs = [OrganisationFactory() for _ in range(3)]
    with CaptureQueriesContext(connection) as ctx:
        got = api.get_many([o.pk for o in orgs] + [999_999])
    assert len(ctx.captured_queries) == 1
    assert {k: v.oid for k, v in got.items()} == {o.pk: o.oid for o in orgs}
    assert api.get_many([]) == {}


def test_registration_submit_creates_a_pending_organisation() -> None:
    reg = services.registration_submit(data=registration_input(name_fi="Uusi Oy"))
    org = Organisation.objects.get(pk=reg.organisation_id)
    assert (org.name_fi, org.status, reg.status) == ("Uusi Oy", "pending", "submitted")
