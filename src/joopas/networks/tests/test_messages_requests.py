"""Issue 12, "Networks from SIS": CREATE_NETWORK_REQUEST / UPDATE_NETWORK_REQUEST in the RIPA v9 vocabulary from
the coordinating organisation's system (R-EXC-5), mapped onto the networks services — names, type, billing, the
validity period and the members with their own validity (R-NET-1). Only the coordinator (the sender) creates or
changes its network; refusals name the field inside the message and store nothing but the refusal."""

from __future__ import annotations

import copy
import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

import pytest

from joopas.core.models import AuditEvent
from joopas.exchange.models import Message
from joopas.exchange.registry import examples
from joopas.exchange.tests.conftest import Org, make_org, post
from joopas.networks import messages
from joopas.networks.models import Membership, Network, NetworkChange, ValidityPeriod
from joopas.networks.tests.factories import make_network

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(db: Any) -> Org:
    return make_org("01901")


@pytest.fixture
def host(db: Any) -> Org:
    return make_org("10076")


def ex(name: str) -> dict[str, Any]:
    env = copy.deepcopy(examples()[name])
    env["message_id"] = str(uuid.uuid4())
    return env


def errors(r: Any) -> list[tuple[str, str]]:
    return [(e["code"], e["path"]) for e in r.json()["details"]["errors"]]


def state() -> tuple[Any, ...]:
    return (list(Network.objects.values_list("code", "name_fi", "abbreviation", "pricing_basis", "price_per_credit")),
            list(Membership.objects.order_by("network_id", "organisation_id")
                 .values_list("organisation_id", "valid_from", "valid_until", "is_coordinator")),
            list(ValidityPeriod.objects.values_list("start", "end")), NetworkChange.objects.count())


def members(net: Network) -> list[tuple[int, dt.date, dt.date | None, bool]]:
    return list(net.memberships.order_by("organisation_id").values_list("organisation_id", "valid_from", "valid_until",
                                                                       "is_coordinator"))


def created(client: Any, home: Org) -> Network:
    r = post(client, home, ex("CREATE_NETWORK_REQUEST"))
    assert r.status_code == 202, r.json()
    return Network.objects.get(code="ETELA-VALINNAINEN")


# --- create ---------------------------------------------------------------------------------------------

def test_r_exc_5_create_network_request_with_every_v9_field(client, home, host) -> None:
    net = created(client, home)
    assert (net.coordinating_organisation_id, net.name_fi, net.name_sv, net.name_en, net.abbreviation,
            net.network_type, net.pricing_basis, net.price_per_credit) == (
        home.id, "Etelän valinnaisten opintojen verkosto", "Södra nätverket för valfria studier",
        "Southern elective studies network", "EVO", "freedom_of_choice", "euro_per_credit", Decimal("15.50"))
    assert net.description_sv == "Medlemmarnas studerande kan läsa varandras valfria studier."
    assert list(net.periods.values_list("start", "end")) == [(dt.date(2026, 8, 1), dt.date(2029, 7, 31))]
    assert members(net) == [(home.id, dt.date(2026, 8, 1), None, True),
                            (host.id, dt.date(2026, 8, 1), dt.date(2028, 7, 31), False)]
    assert AuditEvent.objects.filter(event="networks.network_created", subject_id=str(net.pk)).count() == 1
    # the members are told, with the fields Joopas has no column for passed on as sent
    assert messages.network_changes_notify() == 1
    note = Message.objects.get(type="NETWORK_CREATED_NOTIFICATION")
    body = note.payload["network"]
    sent = examples()["CREATE_NETWORK_REQUEST"]["payload"]["network"]
    assert {k: body[k] for k in messages.KEPT} == {k: sent[k] for k in messages.KEPT}
    assert sorted(note.deliveries.values_list("receiver_id", flat=True)) == sorted([home.id, host.id])


def test_r_net_1_only_the_coordinator_creates_its_network(client, home, host) -> None:
    """The example names HY (01901) as the coordinator: Aalto cannot send it."""
    before = state()
    r = post(client, host, ex("CREATE_NETWORK_REQUEST"))
    assert r.status_code == 403
    assert errors(r) == [("networks.sender_not_coordinator", "payload/network/organisations")]
    assert state() == before


def test_the_sender_must_be_listed_as_coordinator_not_only_as_a_member(client, home, host) -> None:
    env = ex("CREATE_NETWORK_REQUEST")
    env["payload"]["network"]["organisations"][0]["isCoordinator"] = False
    r = post(client, home, env)
    assert (r.status_code, errors(r)) == (403, [("networks.sender_not_coordinator", "payload/network/organisations")])
    assert Network.objects.count() == 0


def test_an_unknown_member_is_refused_naming_it(client, home) -> None:
    env = ex("CREATE_NETWORK_REQUEST")
    r = post(client, home, env)  # 10076 (Aalto) is not in Joopas in this test
    assert r.status_code == 422
    assert errors(r) == [("networks.unknown_organisation", "payload/network/organisations/1/organisationTkCode")]
    assert Network.objects.count() == 0


def test_an_existing_identifier_is_refused(client, home, host) -> None:
    created(client, home)
    before = state()
    r = post(client, home, ex("CREATE_NETWORK_REQUEST"))
    assert (r.status_code, errors(r)) == (409, [("networks.code_taken", "payload/network/id")])
    assert state() == before


def test_other_pricing_basis_is_refused_naming_the_field(client, home, host) -> None:
    env = ex("CREATE_NETWORK_REQUEST")
    env["payload"]["network"]["expenses"] = {"pay": True, "pricingBasis": "OTHER_PRICING_BASIS", "price": 100}
    r = post(client, home, env)
    assert (r.status_code, errors(r)) == (422, [("networks.unsupported_pricing",
                                                 "payload/network/expenses/pricingBasis")])
    assert Network.objects.count() == 0


@pytest.mark.parametrize(("change", "code", "path"), [
    ({"name": {"values": {"fi": "<b>x</b><script>alert(1)</script>"}}}, "schema.markup",
     "payload/network/name/values/fi"),
    ({"id": "X" * 41}, "schema.string_too_long", "payload/network/id"),
    ({"name": {"values": {"fi": "x" * 201}}}, "schema.string_too_long", "payload/network/name/values/fi"),
    ({"validity": {"continuity": "FIXED", "start": "2026-08-01T00:00:00+03:00"}}, "schema.value_error",
     "payload/network/validity"),
])
def test_bad_fields_are_refused_by_the_schema(client, home, host, change: dict[str, Any], code: str,
                                              path: str) -> None:
    env = ex("CREATE_NETWORK_REQUEST")
    env["payload"]["network"].update(change)
    r = post(client, home, env)
    assert r.status_code == 422
    assert errors(r) == [(code, path)]
    assert Network.objects.count() == 0


# --- update -------------------------------------------------------------------------------------------

def test_r_exc_5_update_changes_only_the_fields_sent(client, home, host) -> None:
    net = created(client, home)
    env = ex("UPDATE_NETWORK_REQUEST")
    env["payload"] = {"network": {"id": "ETELA-VALINNAINEN", "abbreviation": "EVO-2"}}
    r = post(client, home, env)
    assert r.status_code == 202, r.json()
    net.refresh_from_db()
    assert (net.abbreviation, net.name_fi, net.pricing_basis) == ("EVO-2", "Etelän valinnaisten opintojen verkosto",
                                                                  "euro_per_credit")
    assert members(net)[1] == (host.id, dt.date(2026, 8, 1), dt.date(2028, 7, 31), False)


def test_r_net_1_update_sets_members_and_their_validity(client, home, host) -> None:
    net = created(client, home)
    messages.network_changes_notify()
    r = post(client, home, ex("UPDATE_NETWORK_REQUEST"))
    assert r.status_code == 202, r.json()
    net.refresh_from_db()
    assert (net.abbreviation, net.pricing_basis, net.price_per_credit) == ("EVO-2", "free", None)
    assert members(net) == [(home.id, dt.date(2026, 8, 1), None, True), (host.id, dt.date(2026, 8, 1), None, False)]
    change = NetworkChange.objects.filter(network=net).last()
    assert change is not None and change.kind == "network_updated"
    assert change.details["members"] == {"added": [], "changed": [host.id], "removed": []}
    assert messages.network_changes_notify() == 1
    note = Message.objects.get(type="NETWORK_UPDATED_NOTIFICATION")
    assert note.payload["network"]["expenses"] == {"pay": False}


def test_r_net_1_a_member_left_out_leaves_the_network(client, home, host) -> None:
    third = make_org("02535")
    net = created(client, home)
    env = ex("UPDATE_NETWORK_REQUEST")
    env["payload"]["network"]["organisations"][1]["organisationTkCode"] = "02535"
    r = post(client, home, env)
    assert r.status_code == 202, r.json()
    assert [m[0] for m in members(net)] == sorted([home.id, third.id])
    change = NetworkChange.objects.filter(network=net).last()
    assert change is not None and host.id in change.affected_organisation_ids  # the leaver is told too
    assert AuditEvent.objects.filter(event="networks.member_removed").count() == 1


def test_update_validity_replaces_the_networks_periods(client, home, host) -> None:
    net = created(client, home)
    env = ex("UPDATE_NETWORK_REQUEST")
    env["payload"] = {"network": {"id": "ETELA-VALINNAINEN",
                                  "validity": {"continuity": "INDEFINITELY", "start": "2026-09-01T00:00:00+03:00"}}}
    r = post(client, home, env)
    assert r.status_code == 202, r.json()
    assert list(net.periods.values_list("start", "end")) == [(dt.date(2026, 9, 1), None)]


def test_r_net_1_only_the_coordinator_updates_its_network(client, home, host) -> None:
    """A member — even one named coordinator in the message — cannot change a network it does not coordinate."""
    make_network(home.org, [host.org], code="ETELA-VALINNAINEN")
    before = state()
    env = ex("UPDATE_NETWORK_REQUEST")
    for o in env["payload"]["network"]["organisations"]:
        o["isCoordinator"] = True
    r = post(client, host, env)
    assert (r.status_code, errors(r)) == (403, [("networks.sender_not_coordinator", "payload/network/id")])
    assert state() == before


def test_the_coordinator_cannot_leave_its_own_network(client, home, host) -> None:
    created(client, home)
    before = state()
    env = ex("UPDATE_NETWORK_REQUEST")
    env["payload"]["network"]["organisations"] = [
        {**env["payload"]["network"]["organisations"][1], "isCoordinator": True}]
    r = post(client, home, env)
    assert r.status_code == 422  # RIPA: at least two organisations
    assert errors(r) == [("schema.too_short", "payload/network/organisations")]
    third = make_org("02535")
    env = ex("UPDATE_NETWORK_REQUEST")
    env["payload"]["network"]["organisations"][0]["organisationTkCode"] = third.org.tk_code
    r = post(client, home, env)
    assert (r.status_code, errors(r)) == (403, [("networks.sender_not_coordinator", "payload/network/organisations")])
    assert state() == before


def test_update_of_an_unknown_network_is_refused(client, home, host) -> None:
    r = post(client, home, ex("UPDATE_NETWORK_REQUEST"))
    assert (r.status_code, errors(r)) == (404, [("networks.not_found", "payload/network/id")])


@pytest.mark.parametrize("field", ["organisations", "validity", "name", "networkType"])
def test_update_cannot_empty_a_required_field(client, home, host, field: str) -> None:
    created(client, home)
    before = state()
    env = ex("UPDATE_NETWORK_REQUEST")
    env["payload"] = {"network": {"id": "ETELA-VALINNAINEN", field: None}}
    r = post(client, home, env)
    assert r.status_code == 422
    code = "networks.bad_type" if field == "networkType" else "networks.required_missing"
    assert errors(r) == [(code, f"payload/network/{field}")]
    assert state() == before


def test_an_organisation_without_a_statistics_code_may_not_send_network_messages(client, home, host) -> None:
    home.org.tk_code = ""
    home.org.save(update_fields=["tk_code"])
    r = post(client, home, ex("CREATE_NETWORK_REQUEST"))
    assert (r.status_code, r.json()["details"]["errors"][0]["code"]) == (403, "exchange.sender_not_allowed")
    assert Network.objects.count() == 0


def test_a_member_listed_twice_is_refused(client, home, host) -> None:
    created(client, home)
    before = state()
    env = ex("UPDATE_NETWORK_REQUEST")
    orgs = env["payload"]["network"]["organisations"]
    orgs.append({**orgs[1], "isCoordinator": True})
    r = post(client, home, env)
    assert (r.status_code, errors(r)) == (422, [("networks.duplicate_member",
                                                 "payload/network/organisations/2/organisationTkCode")])
    assert state() == before
    env = ex("CREATE_NETWORK_REQUEST")
    env["payload"]["network"]["organisations"].append(env["payload"]["network"]["organisations"][1])
    r = post(client, home, env)
    assert (r.status_code, errors(r)) == (422, [("schema.value_error", "payload/network")])
