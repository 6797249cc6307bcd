"""/api/v1/networks/: public reads, R-NET-3 preview/confirm over HTTP, and the permission matrix."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from joopas.core.clock import today
from joopas.core.models import AuditEvent
from joopas.networks.models import Membership, Network, NetworkChange, Targeting
from joopas.networks.tests.factories import make_realisation, make_targeting, make_unit

pytestmark = pytest.mark.django_db
TODAY = today()
BASE = "/api/v1/networks/"


def client_for(user: Any = None, lang: str = "fi") -> Client:
    c = Client(HTTP_ACCEPT_LANGUAGE=lang)
    if user is not None:
        c.force_login(user)
    return c


def post(c: Client, url: str, data: dict[str, Any]) -> Any:
    return c.post(url, json.dumps(data, default=str), content_type="application/json")


def state() -> tuple[Any, ...]:
    return (Network.objects.count(), Targeting.objects.count(), NetworkChange.objects.count(),
            AuditEvent.objects.count(),
            list(Membership.objects.order_by("id").values_list("organisation_id", "valid_from", "valid_until",
                                                                "is_coordinator")),
            list(Network.objects.order_by("id").values_list("name_fi", "pricing_basis", "price_per_credit")))


def test_list_and_detail_are_public(world: Any) -> None:
    r = client_for().get(BASE)
    assert r.status_code == 200
    body = r.json()
    assert body["next_cursor"] is None
    [item] = body["items"]
    assert (item["code"], item["valid_today"], item["pricing_basis"]) == (world.network.code, True, "free")
    assert sorted(m["organisation_id"] for m in item["members"]) == sorted([world.hy.pk, world.aalto.pk,
                                                                            world.tuni.pk])
    assert [m["is_coordinator"] for m in item["members"] if m["organisation_id"] == world.hy.pk] == [True]
    detail = client_for().get(f"{BASE}{world.network.code}")
    assert detail.status_code == 200 and detail.json()["id"] == world.network.pk
    assert client_for().get(f"{BASE}NOPE").json()["code"] == "networks.not_found"


def test_list_is_cursor_paginated(world: Any) -> None:
    from joopas.networks.tests.factories import make_network

    second = make_network(world.tuni)
    page1 = client_for().get(BASE, {"limit": 1}).json()
    assert [i["id"] for i in page1["items"]] == [world.network.pk]
    assert page1["next_cursor"] == world.network.pk
    page2 = client_for().get(BASE, {"limit": 1, "cursor": page1["next_cursor"]}).json()
    assert ([i["id"] for i in page2["items"]], page2["next_cursor"]) == ([second.pk], None)


def test_public_offering_of_network(world: Any) -> None:
    unit = make_unit(world.aalto)
    make_targeting(world.network, course_unit=unit)
    r = client_for().get(f"{BASE}{world.network.pk}/offering")
    assert r.json() == {"course_unit_ids": [unit.pk], "realisation_ids": []}


def test_create_network_by_coordinator(world: Any) -> None:
    payload = {"code": "UUSI", "name": {"fi": "Uusi verkosto", "sv": "Nytt nätverk", "en": "New network"},
               "network_type": "freedom_of_choice", "coordinating_organisation_id": world.hy.pk,
               "pricing_basis": "euro_per_credit", "price_per_credit": "15.50", "valid_from": str(TODAY)}
    r = post(client_for(world.coordinator), BASE, payload)
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["code"], body["price_per_credit"], body["name"]["sv"]) == ("UUSI", "15.50", "Nytt nätverk")


@pytest.mark.parametrize(("who", "status", "code"), [
    (None, 401, "not_authenticated"),
    ("other_coordinator", 403, "networks.forbidden"),
    ("editor", 403, "networks.forbidden"),
    ("no_role", 403, "networks.forbidden"),
])
def test_permission_matrix_update_network(world: Any, who: str | None, status: int, code: str) -> None:
    before = state()
    c = client_for(getattr(world, who) if who else None)
    r = c.patch(f"{BASE}{world.network.pk}", json.dumps({"name": {"fi": "X", "sv": "X", "en": "X"}}),
                content_type="application/json")
    assert (r.status_code, r.json()["code"]) == (status, code)
    assert state() == before


def test_permission_matrix_update_network_own_coordinator(world: Any) -> None:
    r = client_for(world.coordinator).patch(f"{BASE}{world.network.pk}",
                                            json.dumps({"eligibility": {"fi": "Kaikki", "sv": "Alla", "en": "All"},
                                                        "pricing_basis": "euro_per_credit",
                                                        "price_per_credit": "20"}),
                                            content_type="application/json")
    assert r.status_code == 200
    assert (r.json()["eligibility"], r.json()["price_per_credit"]) == ({"fi": "Kaikki", "sv": "Alla", "en": "All"},
                                                                       "20.00")


def test_r_net_3_member_preview_then_confirm_over_http(world: Any) -> None:
    c = client_for(world.coordinator)
    payload = {"organisation_id": world.outsider.pk, "valid_from": str(TODAY), "is_coordinator": False}
    r = post(c, f"{BASE}{world.network.pk}/members", payload)
    assert (r.status_code, r.json()["code"]) == (422, "networks.confirmation_required")
    preview = post(c, f"{BASE}{world.network.pk}/members/preview", payload).json()
    assert (preview["realisations"], preview["study_rights"]) == (0, 0)
    r = post(c, f"{BASE}{world.network.pk}/members", {**payload, "confirm": preview["token"]})
    assert r.status_code == 200
    assert (r.json()["organisation_id"], r.json()["valid_until"]) == (world.outsider.pk, None)
    remove = post(c, f"{BASE}{world.network.pk}/members/{world.outsider.pk}/remove/preview", {}).json()
    r = c.post(f"{BASE}{world.network.pk}/members/{world.outsider.pk}/remove?confirm={remove['token']}")
    assert r.status_code == 204
    assert not Membership.objects.filter(organisation_id=world.outsider.pk).exists()


@pytest.mark.parametrize(("who", "status", "code"), [
    (None, 401, "not_authenticated"),
    ("other_coordinator", 403, "networks.forbidden"),
    ("editor", 403, "networks.forbidden"),
    ("no_role", 403, "networks.forbidden"),
])
def test_permission_matrix_members(world: Any, who: str | None, status: int, code: str) -> None:
    before = state()
    c = client_for(getattr(world, who) if who else None)
    payload = {"organisation_id": world.outsider.pk, "valid_from": str(TODAY), "confirm": "x"}
    for url in (f"{BASE}{world.network.pk}/members/preview", f"{BASE}{world.network.pk}/members"):
        r = post(c, url, payload)
        assert (r.status_code, r.json()["code"]) == (status, code)
    assert state() == before


def test_member_bad_dates_are_reported_in_swedish(world: Any) -> None:
    c = client_for(world.coordinator, lang="sv")
    r = post(c, f"{BASE}{world.network.pk}/members/preview",
             {"organisation_id": world.outsider.pk, "valid_from": str(TODAY),
              "valid_until": str(TODAY - dt.timedelta(days=1))})
    assert r.status_code == 422
    assert r.json() == {"code": "networks.dates_out_of_order",
                        "message": "Slutdatumet kan inte vara före startdatumet.", "details": {"field": "valid_until"}}


def test_r_net_3_targeting_preview_then_confirm_over_http(world: Any) -> None:
    unit = make_unit(world.aalto)
    make_realisation(unit)
    make_realisation(unit)
    c = client_for(world.editor)
    payload = {"course_unit_id": unit.pk, "valid_from": str(TODAY), "enrollable": True}
    preview = post(c, f"{BASE}{world.network.pk}/targetings/preview", payload)
    assert preview.status_code == 200
    assert (preview.json()["realisations"], preview.json()["organisations"]) == (
        2, sorted([world.hy.pk, world.aalto.pk, world.tuni.pk]))
    r = post(c, f"{BASE}{world.network.pk}/targetings", {**payload, "confirm": preview.json()["token"]})
    assert r.status_code == 200
    assert (r.json()["course_unit_id"], r.json()["organisation_id"]) == (unit.pk, world.aalto.pk)
    rm = post(c, f"{BASE}{world.network.pk}/targetings/remove/preview", {"course_unit_id": unit.pk}).json()
    r = post(c, f"{BASE}{world.network.pk}/targetings/remove", {"course_unit_id": unit.pk, "confirm": rm["token"]})
    assert r.status_code == 204 and Targeting.objects.count() == 0


@pytest.mark.parametrize(("who", "status", "code"), [
    (None, 401, "not_authenticated"),
    ("outsider_editor", 403, "networks.not_organiser"),  # other organisation
    ("coordinator", 403, "networks.not_organiser"),  # role, but not an offering role of the organiser
    ("no_role", 403, "networks.not_organiser"),
])
def test_permission_matrix_targeting(world: Any, who: str | None, status: int, code: str) -> None:
    unit = make_unit(world.aalto)
    before = state()
    c = client_for(getattr(world, who) if who else None)
    payload = {"course_unit_id": unit.pk, "valid_from": str(TODAY), "confirm": "x"}
    for url in (f"{BASE}{world.network.pk}/targetings/preview", f"{BASE}{world.network.pk}/targetings"):
        r = post(c, url, payload)
        assert (r.status_code, r.json()["code"]) == (status, code)
    assert state() == before


def test_changes_visible_to_members_only(world: Any) -> None:
    from joopas.networks import services

    services.network_update(actor=world.coordinator, network=world.network, name_fi="Muutos")
    url = f"{BASE}{world.network.pk}/changes"
    r = client_for(world.editor).get(url)  # a member's catalogue editor sees the log
    assert r.status_code == 200
    assert [(c["kind"], c["details"]) for c in r.json()][-1] == ("network_updated", {"fields": ["name_fi"]})
    assert [c["kind"] for c in r.json()][:-1] == ["network_created", "member_added", "member_added"]  # the set-up
    assert client_for(world.outsider_editor).get(url).status_code == 403
    assert client_for(world.no_role).get(url).status_code == 403
    assert client_for().get(url).status_code == 401


def test_bad_payload_is_422(world: Any) -> None:
    r = post(client_for(world.coordinator), f"{BASE}{world.network.pk}/members/preview",
             {"organisation_id": "abc", "valid_from": "not a date"})
    assert r.status_code == 422 and r.json()["code"] == "validation_failed"
