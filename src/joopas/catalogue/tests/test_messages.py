"""The catalogue's exchange messages: offering requests onto catalogue.api (a registered handler), and
notifications to the members of the affected networks (emitted through the exchange)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from joopas.catalogue.api import get_course_unit, get_realisation
from joopas.exchange.models import Delivery, Message
from joopas.exchange.registry import examples
from joopas.exchange.tests.conftest import Org, make_org, post, snapshot
from joopas.networks.tests.factories import make_network

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(db: Any) -> Org:
    return make_org("01901")


@pytest.fixture
def host(db: Any) -> Org:
    return make_org("10076")


@pytest.fixture
def net(home: Any, host: Any) -> Any:
    return make_network(home.org, [host.org], code="ETELA-RISTIIN")


def ex(name: str, **changes: Any) -> dict[str, Any]:
    env = copy.deepcopy(examples()[name])
    env.update(changes)
    return env


def notifications(type_: str) -> list[tuple[int, int]]:
    return sorted((m.sender_id, d.receiver_id) for m in Message.objects.filter(type=type_)
                  for d in m.deliveries.all())


def test_create_course_unit_with_realisation_notifies_network_members(client, home, host, net) -> None:
    outsider = make_org("02000")
    r = post(client, home, ex("CREATE_COURSEUNIT_REQUEST", payload={"courseUnits": [{
        **examples()["CREATE_COURSEUNIT_REQUEST"]["payload"]["courseUnits"][0],
        "realisations": [examples()["CREATE_REALISATION_REQUEST"]["payload"]["realisations"][0]]}]}))
    assert r.status_code == 202, r.json()
    unit = get_course_unit(organisation_id=home.id, external_id="TILA-101")
    assert unit is not None and unit.name_fi == "Tilastotieteen perusteet" and unit.assessment_scale == "0-5"
    real = get_realisation(organisation_id=home.id, external_id="TILA-101-2027-K")
    assert real is not None and real.course_unit_id == unit.id and real.max_seats == 40
    assert notifications("COURSEUNIT_CREATED_NOTIFICATION") == [(home.id, host.id)]
    assert notifications("REALISATION_CREATED_NOTIFICATION") == [(home.id, host.id)]
    note = Message.objects.get(type="COURSEUNIT_CREATED_NOTIFICATION")
    [item] = note.payload["created"]
    assert {k: v for k, v in item.items() if k != "element"} == {
        "referenceIdentifier": "TILA-101", "referenceOrganizer": "01901", "type": "COURSE_UNIT"}
    assert item["element"]["studyElementId"] == "TILA-101"  # R-EXC-5: the element is passed on
    assert note.caused_by.message_id.hex == ex("CREATE_COURSEUNIT_REQUEST")["message_id"].replace("-", "")
    assert not Delivery.objects.filter(receiver_id=outsider.id).exists()


def test_update_and_delete_notify(client, home, host, net) -> None:
    assert post(client, home, ex("CREATE_COURSEUNIT_REQUEST")).status_code == 202
    r = post(client, home, ex("UPDATE_COURSEUNIT_REQUEST"))
    assert r.status_code == 202, r.json()
    assert get_course_unit(organisation_id=home.id, external_id="TILA-101").credits_max == 6
    assert notifications("COURSEUNIT_UPDATED_NOTIFICATION") == [(home.id, host.id)]
    r = post(client, home, ex("DELETE_COURSEUNIT_REQUEST"))
    assert r.status_code == 202, r.json()
    assert get_course_unit(organisation_id=home.id, external_id="TILA-101") is None
    assert notifications("COURSEUNIT_DELETED_NOTIFICATION") == [(home.id, host.id)]


def test_r_exc_4_update_of_another_organisations_course_unit_is_refused(client, home, host, net) -> None:
    assert post(client, home, ex("CREATE_COURSEUNIT_REQUEST")).status_code == 202
    before = snapshot()
    unit_before = get_course_unit(organisation_id=home.id, external_id="TILA-101")
    r = post(client, host, ex("UPDATE_COURSEUNIT_REQUEST"))
    assert r.status_code == 404
    assert [(e["code"], e["path"]) for e in r.json()["details"]["errors"]] == \
        [("exchange.not_found", "payload/courseUnit/studyElementId")]
    assert get_course_unit(organisation_id=home.id, external_id="TILA-101") == unit_before
    assert get_course_unit(organisation_id=host.id, external_id="TILA-101") is None
    assert snapshot()["deliveries"] == before["deliveries"]
    r = post(client, host, ex("DELETE_COURSEUNIT_REQUEST"))
    assert r.status_code == 404
    assert get_course_unit(organisation_id=home.id, external_id="TILA-101") == unit_before


def test_realisation_of_another_organisations_course_unit_is_refused(client, home, host, net) -> None:
    assert post(client, home, ex("CREATE_COURSEUNIT_REQUEST")).status_code == 202
    env = ex("CREATE_REALISATION_REQUEST")  # the host as organiser, referring to HY's course unit
    env["payload"]["realisations"][0]["organisationReferences"] = [
        {"organisationRole": 1, "target": {"organisationTkCode": "10076"}}]
    r = post(client, host, env)
    assert r.status_code == 403
    assert r.json()["details"]["errors"][0]["code"] == "exchange.not_own_course_unit"
    assert get_realisation(organisation_id=host.id, external_id="TILA-101-2027-K") is None


def test_create_twice_with_new_message_id_is_a_conflict(client, home, host, net) -> None:
    assert post(client, home, ex("CREATE_COURSEUNIT_REQUEST")).status_code == 202
    r = post(client, home, ex("CREATE_COURSEUNIT_REQUEST", message_id="5f0c6a1e-3b1d-4c8e-9a57-999999999999"))
    assert r.status_code == 409
    assert r.json()["details"]["errors"][0]["code"] == "exchange.already_exists"


def test_catalogue_refusal_is_reported_and_changes_nothing(client, home, host) -> None:
    env = ex("CREATE_COURSEUNIT_REQUEST")  # no network JOO-HY-AALTO exists
    before = snapshot()
    r = post(client, home, env)
    assert r.status_code >= 400
    assert r.json()["details"]["errors"][0]["code"] == "catalogue.unknown_network"
    assert get_course_unit(organisation_id=home.id, external_id="TILA-101") is None
    assert snapshot()["deliveries"] == before["deliveries"]


def test_study_module_create_update_delete(client, home, host, net) -> None:
    for name in ("CREATE_STUDYMODULE_REQUEST", "UPDATE_STUDYMODULE_REQUEST", "DELETE_STUDYMODULE_REQUEST"):
        r = post(client, home, ex(name))
        assert r.status_code == 202, (name, r.json())
    assert notifications("STUDYMODULE_CREATED_NOTIFICATION") == [(home.id, host.id)]
    assert notifications("STUDYMODULE_UPDATED_NOTIFICATION") == [(home.id, host.id)]
    assert notifications("STUDYMODULE_DELETED_NOTIFICATION") == [(home.id, host.id)]


def test_realisation_create_update_delete(client, home, host, net) -> None:
    assert post(client, home, ex("CREATE_COURSEUNIT_REQUEST")).status_code == 202
    for name in ("CREATE_REALISATION_REQUEST", "UPDATE_REALISATION_REQUEST", "DELETE_REALISATION_REQUEST"):
        r = post(client, home, ex(name))
        assert r.status_code == 202, (name, r.json())
    assert notifications("REALISATION_CREATED_NOTIFICATION") == [(home.id, host.id)]
    assert notifications("REALISATION_UPDATED_NOTIFICATION") == [(home.id, host.id)]
    assert notifications("REALISATION_DELETED_NOTIFICATION") == [(home.id, host.id)]
