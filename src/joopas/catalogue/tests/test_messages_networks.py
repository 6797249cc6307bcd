"""Issue 12: `cooperationNetworks` on a course unit or realisation targets it to the network (R-OFF-2) — the
network's offering and the catalogue's network filter show it — subject to membership (R-NET-1: the sender is a
valid member of that network on that day; otherwise refused naming the field, nothing stored)."""

from __future__ import annotations

import copy
import datetime as dt
import uuid
from typing import Any

import pytest
from django.test import Client

from joopas.catalogue.models import CourseUnit, Realisation
from joopas.core.clock import today
from joopas.exchange.registry import examples
from joopas.exchange.tests.conftest import Org, make_org, post
from joopas.networks.models import NetworkChange, Targeting
from joopas.networks.tests.factories import make_network

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(db: Any) -> Org:
    return make_org("01901")


@pytest.fixture
def host(db: Any) -> Org:
    return make_org("10076")


@pytest.fixture
def net(home: Org, host: Org) -> Any:
    return make_network(home.org, [host.org], code="ETELA-RISTIIN")


@pytest.fixture
def other(home: Org, host: Org) -> Any:
    return make_network(host.org, [home.org], code="POHJOINEN")


def ex(name: str) -> dict[str, Any]:
    env = copy.deepcopy(examples()[name])
    env["message_id"] = str(uuid.uuid4())
    return env


def errors(r: Any) -> list[tuple[str, str]]:
    return [(e["code"], e["path"]) for e in r.json()["details"]["errors"]]


def offering(code: str) -> dict[str, list[int]]:
    r = Client().get(f"/api/v1/networks/{code}/offering")
    assert r.status_code == 200, r.content
    return dict(r.json())


def search(code: str) -> list[str]:
    r = Client().get("/api/v1/catalogue/search", {"network": code})
    assert r.status_code == 200, r.content
    return [u["study_element_id"] for u in r.json()["items"]]


def create_unit(client: Any, home: Org) -> CourseUnit:
    r = post(client, home, ex("CREATE_COURSEUNIT_REQUEST"))
    assert r.status_code == 202, r.json()
    return CourseUnit.objects.get(organisation_id=home.id, external_id="TILA-101")


def test_r_net_1_cooperation_networks_target_the_unit_and_its_realisations(client, home, host, net, other) -> None:
    unit = create_unit(client, home)
    assert post(client, home, ex("CREATE_REALISATION_REQUEST")).status_code == 202  # offered in ETELA-RISTIIN
    reals = sorted(Realisation.objects.filter(course_unit=unit).values_list("pk", flat=True))
    assert len(reals) == 1
    assert offering("ETELA-RISTIIN") == {"course_unit_ids": [unit.pk], "realisation_ids": reals}
    assert search("ETELA-RISTIIN") == ["TILA-101"]
    assert offering("POHJOINEN") == {"course_unit_ids": [], "realisation_ids": []}
    assert search("POHJOINEN") == []
    targeting = Targeting.objects.get(course_unit_id=unit.pk)
    assert (targeting.valid_from, targeting.valid_until, targeting.enrollable) == (
        dt.date(2026, 8, 1), dt.date(2028, 7, 31), True)
    change = NetworkChange.objects.filter(kind="targeting_added", details__target="course_unit").get()
    assert change.details["from"] == "exchange"


def test_r_net_1_a_non_members_offering_is_refused_and_nothing_stored(client, home, host) -> None:
    outsider = make_org("02535")
    make_network(home.org, [host.org], code="ETELA-RISTIIN")
    env = ex("CREATE_COURSEUNIT_REQUEST")
    unit = env["payload"]["courseUnits"][0]
    unit["organisationReferences"][0]["target"]["organisationTkCode"] = "02535"
    r = post(client, outsider, env)
    assert r.status_code == 403
    assert errors(r)[0] == ("exchange.not_network_member", "payload/courseUnits/0/cooperationNetworks/0/id")
    assert (CourseUnit.objects.count(), Realisation.objects.count(), Targeting.objects.count()) == (0, 0, 0)
    assert offering("ETELA-RISTIIN") == {"course_unit_ids": [], "realisation_ids": []}


def test_r_net_1_a_member_whose_membership_has_ended_cannot_offer(client, home, host) -> None:
    from joopas.networks.tests.factories import add_member

    network = make_network(host.org, [], code="ETELA-RISTIIN")
    add_member(network, home.org, valid_from=today() - dt.timedelta(days=100),
               valid_until=today() - dt.timedelta(days=1))
    r = post(client, home, ex("CREATE_COURSEUNIT_REQUEST"))
    assert r.status_code == 403
    assert errors(r)[0] == ("exchange.not_network_member", "payload/courseUnits/0/cooperationNetworks/0/id")
    assert (CourseUnit.objects.count(), Targeting.objects.count()) == (0, 0)


def test_an_ended_network_is_refused_naming_the_entry(client, home, host) -> None:
    make_network(home.org, [host.org], code="ETELA-RISTIIN", start=today() - dt.timedelta(days=200),
                 end=today() - dt.timedelta(days=1))
    from joopas.networks.models import Membership

    Membership.objects.update(valid_until=None)  # members still listed, the network itself has ended
    r = post(client, home, ex("CREATE_COURSEUNIT_REQUEST"))
    assert r.status_code == 422
    assert errors(r) == [("networks.network_not_valid", "payload/courseUnits/0/cooperationNetworks/0/validityStartDate")]
    assert (CourseUnit.objects.count(), Targeting.objects.count()) == (0, 0)


def test_dates_out_of_order_are_refused_naming_the_field(client, home, host, net) -> None:
    env = ex("CREATE_COURSEUNIT_REQUEST")
    env["payload"]["courseUnits"][0]["cooperationNetworks"][0]["validityEndDate"] = "2026-07-01"
    r = post(client, home, env)
    assert r.status_code == 422
    assert errors(r) == [("networks.dates_out_of_order", "payload/courseUnits/0/cooperationNetworks/0/validityEndDate")]
    assert (CourseUnit.objects.count(), Targeting.objects.count()) == (0, 0)


def test_an_update_moves_the_unit_to_the_networks_it_names(client, home, host, net, other) -> None:
    unit = create_unit(client, home)
    env = ex("UPDATE_COURSEUNIT_REQUEST")
    env["payload"] = {"courseUnit": {"studyElementId": "TILA-101", "cooperationNetworks": [
        {"id": "POHJOINEN", "enrollable": False}]}}
    r = post(client, home, env)
    assert r.status_code == 202, r.json()
    assert offering("POHJOINEN")["course_unit_ids"] == [unit.pk]
    assert offering("ETELA-RISTIIN")["course_unit_ids"] == []
    assert search("POHJOINEN") == ["TILA-101"]
    moved = Targeting.objects.get(course_unit_id=unit.pk)
    assert (moved.network.code, moved.valid_from, moved.valid_until, moved.enrollable) == (
        "POHJOINEN", today(), None, False)


def test_an_update_without_cooperation_networks_keeps_the_targeting(client, home, host, net) -> None:
    unit = create_unit(client, home)
    assert post(client, home, ex("UPDATE_COURSEUNIT_REQUEST")).status_code == 202
    assert offering("ETELA-RISTIIN")["course_unit_ids"] == [unit.pk]


def test_a_realisation_update_targets_the_realisation(client, home, host, net, other) -> None:
    create_unit(client, home)
    assert post(client, home, ex("CREATE_REALISATION_REQUEST")).status_code == 202
    real = Realisation.objects.get(organisation_id=home.id, external_id="TILA-101-2027-K")
    env = ex("UPDATE_REALISATION_REQUEST")
    env["payload"]["realisation"]["cooperationNetworks"] = [{"id": "POHJOINEN"}]
    r = post(client, home, env)
    assert r.status_code == 202, r.json()
    assert real.pk in offering("POHJOINEN")["realisation_ids"]
    assert real.pk not in offering("ETELA-RISTIIN")["realisation_ids"]


def test_a_deleted_element_leaves_the_networks_offering(client, home, host, net) -> None:
    create_unit(client, home)
    env = ex("DELETE_COURSEUNIT_REQUEST")
    r = post(client, home, env)
    assert r.status_code == 202, r.json()
    assert Targeting.objects.count() == 0
    assert offering("ETELA-RISTIIN") == {"course_unit_ids": [], "realisation_ids": []}
