"""The exchange as a transport: a message type registered by an app is accepted, validated, refused by
its handler, exported and shown like the built-in ones."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command

from joopas.core.errors import DomainError
from joopas.exchange import api
from joopas.exchange.data import Inbound, NonEmpty, Strict
from joopas.exchange.models import Delivery, Message
from joopas.exchange.registry import TYPES, json_schemas
from joopas.exchange.tests.conftest import envelope, post

pytestmark = pytest.mark.django_db


class ToyRequest(Strict):
    name: NonEmpty
    tell: list[int] = []


class ToyNotification(Strict):
    name: NonEmpty


SEEN: list[Inbound] = []


def _handle(inbound: Inbound) -> None:
    assert isinstance(inbound.payload, ToyRequest)
    if inbound.payload.name == "bad":
        raise DomainError("No bad toys.", code="toy.bad", status=422, details={"path": "payload/name"})
    SEEN.append(inbound)
    if inbound.payload.tell:
        api.emit(sender_id=inbound.sender_id, type_name="TOY_NOTIFICATION", payload={"name": inbound.payload.name},
                 receivers=inbound.payload.tell, caused_by=inbound)


@pytest.fixture
def toy() -> Iterator[None]:
    SEEN.clear()
    api.register_message_type("TOY_REQUEST", ToyRequest, inbound=True, handler=_handle, summary="Make a toy",
                              may_send=lambda org_id: org_id != -1,
                              example=envelope("TOY_REQUEST", {"name": "ball"}))
    api.register_message_type("TOY_NOTIFICATION", ToyNotification, inbound=False, summary="A toy was made")
    yield
    api.unregister_message_type("TOY_REQUEST")
    api.unregister_message_type("TOY_NOTIFICATION")


def test_a_registered_type_is_accepted_and_handled(client: Any, home: Any, host: Any, toy: None) -> None:
    env = envelope("TOY_REQUEST", {"name": "ball", "tell": [host.id]})
    r = post(client, home, env)
    assert r.status_code == 202, r.json()
    assert [(i.type, i.sender_id, i.payload) for i in SEEN] == [("TOY_REQUEST", home.id, ToyRequest(name="ball",
                                                                                                    tell=[host.id]))]
    assert SEEN[0].sender_tk_code == "01901"
    msg = Message.objects.get(message_id=env["message_id"])
    assert msg.status == "validated"
    note = Message.objects.get(type="TOY_NOTIFICATION")
    assert note.caused_by_id == msg.pk and not note.inbound
    assert list(Delivery.objects.filter(message=note).values_list("receiver_id", flat=True)) == [host.id]


def test_a_registered_type_is_validated_without_effect(client: Any, home: Any, toy: None) -> None:
    r = post(client, home, envelope("TOY_REQUEST", {"name": "ball"}), path="/api/v1/exchange/validate")
    assert r.status_code == 200 and r.json()["status"] == "valid"
    assert [i.type for i in SEEN] == ["TOY_REQUEST"]  # the handler ran (a validation is a real send rolled back)
    assert not Message.objects.exists()
    r = post(client, home, envelope("TOY_REQUEST", {"name": "ball", "colour": "red"}),
             path="/api/v1/exchange/validate")
    assert r.status_code == 422
    assert [(e["code"], e["path"]) for e in r.json()["details"]["errors"]] == \
        [("schema.unknown_field", "payload/colour")]


def test_the_handler_refuses_with_its_own_code_and_path(client: Any, home: Any, toy: None) -> None:
    r = post(client, home, envelope("TOY_REQUEST", {"name": "bad"}))
    assert r.status_code == 422
    assert r.json()["details"]["errors"] == [{"code": "toy.bad", "path": "payload/name", "message": "No bad toys."}]
    assert Message.objects.get().status == "refused"


def test_may_send_and_platform_types(client: Any, home: Any, toy: None) -> None:
    r = post(client, home, envelope("TOY_NOTIFICATION", {"name": "ball"}))
    assert r.status_code == 422
    assert r.json()["details"]["errors"][0]["code"] == "exchange.type_not_accepted"
    api.register_message_type("TOY_REQUEST", ToyRequest, inbound=True, handler=_handle, summary="Make a toy",
                              may_send=lambda org_id: org_id != home.id)  # replaces the fixture's registration
    r = post(client, home, envelope("TOY_REQUEST", {"name": "ball"}))
    assert r.status_code == 403
    assert r.json()["details"]["errors"][0] == {"code": "exchange.sender_not_allowed", "path": "type",
                                                "message": "Organisaatiosi ei voi lähettää tämän tyyppistä viestiä."}
    assert SEEN == []


def test_a_registered_type_appears_in_the_schema_export_and_guide(client: Any, toy: None, tmp_path: Any) -> None:
    schemas = json_schemas()
    assert schemas["toy_request.json"]["title"] == "TOY_REQUEST"
    assert schemas["toy_request.json"]["description"] == "Make a toy"
    assert schemas["toy_request.json"]["$id"] == "https://joopas.fi/schemas/exchange/v1/toy_request.json"
    assert set(schemas["toy_request.json"]["properties"]) == {"name", "tell"}
    call_command("exchange", "export-schemas", "--out", str(tmp_path))
    assert (tmp_path / "toy_request.json").exists() and (tmp_path / "examples" / "toy_request.json").exists()
    assert "TOY_REQUEST" in client.get("/exchange/guide/").content.decode()


def test_unregistered_after_the_fixture() -> None:
    assert "TOY_REQUEST" not in TYPES and "TOY_NOTIFICATION" not in TYPES


def test_an_inbound_type_needs_somewhere_to_go() -> None:
    with pytest.raises(ValueError, match="needs a handler"):
        api.register_message_type("NOWHERE_REQUEST", ToyRequest, inbound=True, summary="x")
    assert "NOWHERE_REQUEST" not in TYPES
