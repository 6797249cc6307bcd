"""Permission matrix: every networks page and endpoint for anonymous / own organisation / other organisation /
no role; every denial changes nothing.

"Own" is a network coordinator and catalogue editor of the network's coordinating organisation (the organiser of
the targeted offering); "other" has the same roles in an organisation outside the network."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from joopas.access.api import Role
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import UserFactory
from joopas.core.clock import today
from joopas.core.models import AuditEvent
from joopas.core.tests import matrix
from joopas.networks.models import (
    ContactPerson,
    Membership,
    Network,
    NetworkChange,
    Targeting,
    ValidityPeriod,
)
from joopas.networks.tests.factories import make_network, make_targeting, make_unit
from joopas.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

ACTORS = matrix.ACTORS
TODAY = today()


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    url: str  # formatted with the world's ids
    kind: str  # public | role (a coordinator anywhere) | own (of the network / the offering's organiser)
    data: dict[str, Any] | None = None
    api: bool = False
    refused_in_form: bool = False  # a coordinator elsewhere gets the form back with the error (200)


CASES = [
    Case("list", "get", "/networks/", "public"),
    Case("detail", "get", "/networks/{net}/", "public"),
    Case("create form", "get", "/networks/new/", "role"),
    Case("create for own organisation", "post", "/networks/new/", "own",
         {"code": "UUSI", "name_fi": "Uusi", "network_type": "curriculum_level", "coordinating_organisation": "{org}",
          "valid_from": "{today}", "pricing_basis": "free"}, refused_in_form=True),
    Case("edit form", "get", "/networks/{net}/edit/", "own"),
    Case("edit", "post", "/networks/{net}/edit/", "own", {"name_fi": "Muutettu"}),
    Case("period add", "post", "/networks/{net}/periods/", "own", {"start": "2099-01-01"}),
    Case("period update", "post", "/networks/{net}/periods/{period}/", "own", {"start": "{start}", "end": "2099-01-01"}),
    Case("contact add", "post", "/networks/{net}/contacts/", "own", {"name": "Uusi Yhteyshenkilö"}),
    Case("contact remove", "post", "/networks/{net}/contacts/{contact}/remove/", "own", {}),
    Case("members", "get", "/networks/{net}/members/", "own"),
    Case("member preview", "post", "/networks/{net}/members/", "own",
         {"organisation_id": "{member}", "valid_from": "{start}", "action": "preview"}),
    Case("member remove", "post", "/networks/{net}/members/{member}/remove/", "own", {}),
    Case("changes", "get", "/networks/{net}/changes/", "own"),
    Case("targeting page", "get", "/networks/targeting/", "role"),
    Case("targeting remove", "post", "/networks/{net}/targeting/cu/{unit}/remove/", "own", {}),
    # API
    Case("api list", "get", "/api/v1/networks/", "public", api=True),
    Case("api detail", "get", "/api/v1/networks/{net}", "public", api=True),
    Case("api offering", "get", "/api/v1/networks/{net}/offering", "public", api=True),
    Case("api changes", "get", "/api/v1/networks/{net}/changes", "own", api=True),
    Case("api update", "patch", "/api/v1/networks/{net}", "own", {"name": {"fi": "Muutettu", "sv": "", "en": ""}},
         api=True),
    Case("api member preview", "post", "/api/v1/networks/{net}/members/preview", "own",
         {"organisation_id": "{member}", "valid_from": "{start}"}, api=True),
    Case("api member remove preview", "post", "/api/v1/networks/{net}/members/{member}/remove/preview", "own",
         {}, api=True),
    Case("api targeting preview", "post", "/api/v1/networks/{net}/targetings/preview", "own",
         {"course_unit_id": "{unit}", "valid_from": "{today}"}, api=True),
    Case("api targeting remove preview", "post", "/api/v1/networks/{net}/targetings/remove/preview", "own",
         {"course_unit_id": "{unit}"}, api=True),
]


def _world() -> dict[str, Any]:
    org, member, other = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    users = {"own": UserFactory(), "other": UserFactory(), "no_role": UserFactory()}
    for who, where in (("own", org), ("other", other)):
        grant(users[who], where, Role.NETWORK_COORDINATOR)
        grant(users[who], where, Role.CATALOGUE_EDITOR)
    start = TODAY - dt.timedelta(days=100)
    network = make_network(org, [member], start=start)
    unit = make_unit(org)
    make_targeting(network, course_unit=unit)
    contact = ContactPerson.objects.create(network=network, name="Yhteys")
    return {"org": org.pk, "member": member.pk, "net": network.pk, "unit": unit.pk, "contact": contact.pk,
            "period": network.periods.get().pk, "start": start.isoformat(), "today": TODAY.isoformat(),
            "users": users}


def snapshot() -> tuple[Any, ...]:
    return (list(Network.objects.order_by("id").values_list("id", "name_fi", "updated_at")),
            list(ValidityPeriod.objects.order_by("id").values_list("id", "start", "end")),
            list(Membership.objects.order_by("id").values_list("id", "valid_from", "valid_until")),
            list(Targeting.objects.order_by("id").values_list("id", "valid_from", "valid_until")),
            ContactPerson.objects.count(), NetworkChange.objects.count(), AuditEvent.objects.count())


def _request(client: Client, case: Case, world: dict[str, Any]) -> Any:
    return matrix.send(client, method=case.method, url=case.url.format(**world), api=case.api,
                       data=matrix.fill(case.data or {}, world, ints=("{member}", "{unit}")))


def _allowed(case: Case, actor: str) -> bool:
    return {"public": True, "role": actor in ("own", "other"), "own": actor == "own"}[case.kind]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_permission_matrix(case: Case, actor: str) -> None:
    world = _world()
    client = matrix.client_for(actor, world["users"])
    before = snapshot()
    response = _request(client, case, world)
    if _allowed(case, actor):
        matrix.assert_allowed(response, (case.name, actor))
        return
    if case.refused_in_form and actor == "other":
        assert response.status_code == 200 and 'class="errorlist' in response.content.decode()
    else:
        matrix.assert_denied(response, (case.name, actor), actor=actor, api=case.api,
                             api_codes=("networks.forbidden", "networks.not_organiser", "permission_denied"))
    assert snapshot() == before
