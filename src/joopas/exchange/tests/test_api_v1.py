"""The integration API through the test client: inbound, idempotency, replies, feed, acknowledgement."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from joopas.exchange.models import Delivery, Message, StatusEvent
from joopas.exchange.tests.conftest import envelope, post, snapshot, student_update

pytestmark = pytest.mark.django_db

MSGS = "/api/v1/exchange/messages"


def send_update(client: Any, home: Any, host: Any, **kw: Any) -> dict[str, Any]:
    env = envelope("UPDATE_STUDENT_REQUEST", student_update(), recipient=host.org.oid, **kw)
    r = post(client, home, env)
    assert r.status_code == 202, r.json()
    return env


def test_student_update_is_accepted_and_routed_to_the_recipient(client, home, host) -> None:
    env = send_update(client, home, host)
    msg = Message.objects.get(message_id=env["message_id"])
    assert (msg.sender_id, msg.recipient_id, msg.status) == (home.id, host.id, "validated")
    assert msg.order_key == "student:1.2.246.562.24.10000000008"
    assert list(Delivery.objects.filter(message=msg).values_list("receiver_id", "status", "channel")) == \
        [(host.id, "pending", "pull")]
    assert list(StatusEvent.objects.filter(message=msg).values_list("status", flat=True)) == ["received", "validated"]


def test_r_exc_1_same_message_id_returns_first_answer_without_second_effect(client, home, host) -> None:
    env = send_update(client, home, host)
    first = Message.objects.get(message_id=env["message_id"]).response
    before = snapshot()
    changed = {**env, "payload": {**env["payload"], "surName": "Toinen"}}
    r = post(client, home, changed)
    assert r.status_code == 202
    assert r.json() == first
    assert snapshot() == before


def test_r_exc_1_refused_message_id_repeats_its_refusal(client, home) -> None:
    env = envelope("UPDATE_STUDENT_REQUEST", {"oid": "x"})
    r1 = post(client, home, env)
    assert r1.status_code == 422
    before = snapshot()
    r2 = post(client, home, env)
    assert (r2.status_code, r2.json()) == (422, r1.json())
    assert snapshot() == before


def test_same_message_id_from_two_senders_are_two_messages(client, home, host) -> None:
    mid = str(uuid.uuid4())
    assert post(client, home, envelope("UPDATE_STUDENT_REQUEST", student_update(), message_id=mid,
                                       recipient=host.org.oid)).status_code == 202
    assert post(client, host, envelope("UPDATE_STUDENT_REQUEST", student_update(), message_id=mid,
                                       recipient=home.org.oid)).status_code == 202
    assert Message.objects.filter(message_id=mid).count() == 2


def test_r_exc_4_reply_accepted_from_the_addressed_organisation(client, home, host) -> None:
    env = send_update(client, home, host)
    reply = envelope("UPDATE_STUDENT_REPLY_REQUEST", {"studentRequestId": env["message_id"], "status": "UPDATED"})
    r = post(client, host, reply)
    assert r.status_code == 202, r.json()
    msg = Message.objects.get(message_id=reply["message_id"])
    assert msg.in_reply_to.message_id == uuid.UUID(env["message_id"])
    assert list(msg.deliveries.values_list("receiver_id", flat=True)) == [home.id]


def test_r_exc_4_reply_from_another_organisation_is_refused(client, home, host) -> None:
    from joopas.exchange.tests.conftest import make_org

    stranger = make_org("99999")
    env = send_update(client, home, host)
    before = snapshot()
    reply = envelope("UPDATE_STUDENT_REPLY_REQUEST", {"studentRequestId": env["message_id"], "status": "UPDATED"})
    r = post(client, stranger, reply)
    assert r.status_code == 403
    assert [(e["code"], e["path"]) for e in r.json()["details"]["errors"]] == \
        [("exchange.reply_not_allowed", "payload/studentRequestId")]
    # Only the refused message itself was recorded; nothing was routed.
    after = snapshot()
    assert after["deliveries"] == before["deliveries"]
    assert Message.objects.get(message_id=reply["message_id"]).status == "refused"


def test_r_exc_4_the_sender_cannot_answer_its_own_update(client, home, host) -> None:
    env = send_update(client, home, host)
    reply = envelope("UPDATE_STUDENT_REPLY_REQUEST", {"studentRequestId": env["message_id"], "status": "UPDATED"})
    r = post(client, home, reply)
    assert r.status_code == 403
    assert r.json()["details"]["errors"][0]["code"] == "exchange.reply_not_allowed"


def test_r_exc_2_pull_feed_acknowledgement_and_status_visible_to_both(client, home, host) -> None:
    env = send_update(client, home, host)
    r = client.get("/api/v1/exchange/feed?after=0", **host.headers())
    assert r.status_code == 200
    body = r.json()
    assert [m["message_id"] for m in body["messages"]] == [env["message_id"]]
    item = body["messages"][0]
    assert (item["sender"], item["receiver"], item["type"]) == (home.org.oid, host.org.oid, "UPDATE_STUDENT_REQUEST")
    assert item["payload"] == env["payload"]
    assert Delivery.objects.get().status == "delivered"
    # the next poll with the cursor is empty
    assert client.get(f"/api/v1/exchange/feed?after={body['next_cursor']}", **host.headers()).json()["messages"] == []
    ack = envelope("ACKNOWLEDGEMENT", {"requestId": env["message_id"], "receivingOrganisationTkCode": "01901"})
    assert post(client, host, ack).status_code == 202
    assert Delivery.objects.get().status == "acknowledged"
    status = client.get(f"{MSGS}/{env['message_id']}", **home.headers()).json()
    assert status["status"] == "acknowledged"
    assert [h["status"] for h in status["history"]] == ["received", "validated", "delivered", "acknowledged"]
    # the receiver sees the same message's status too (R-EXC-2)
    assert client.get(f"{MSGS}/{env['message_id']}", **host.headers()).json()["status"] == "acknowledged"


def test_acknowledging_a_message_not_delivered_to_you_is_refused(client, home, host) -> None:
    env = send_update(client, home, host)
    ack = envelope("ACKNOWLEDGEMENT", {"requestId": env["message_id"]})
    r = post(client, home, ack)  # home is the sender, not a receiver
    assert r.status_code == 422
    assert r.json()["details"]["errors"][0]["code"] == "exchange.ack_unknown_message"
    assert Delivery.objects.get().status == "pending"


def test_message_status_hidden_from_unrelated_organisation(client, home, host) -> None:
    from joopas.exchange.tests.conftest import make_org

    env = send_update(client, home, host)
    stranger = make_org("99998")
    r = client.get(f"{MSGS}/{env['message_id']}", **stranger.headers())
    assert r.status_code == 404
    assert r.json()["code"] == "exchange.message_not_found"


# --- bad input ---------------------------------------------------------------------------------------

def _refused(r: Any, status: int) -> list[dict[str, str]]:
    assert r.status_code == status, r.content
    assert r.json()["code"] == "exchange.refused"
    return r.json()["details"]["errors"]


def test_malformed_json_is_refused(client, home) -> None:
    before = snapshot()
    errors = _refused(post(client, home, b'{"message_id": '), 400)
    assert [(e["code"], e["path"]) for e in errors] == [("exchange.malformed_json", "")]
    assert snapshot() == before


def test_wrong_types_are_refused_with_paths(client, home, host) -> None:
    payload = {**student_update(), "firstNames": 5, "email": "not-a-list"}
    errors = _refused(post(client, home, envelope("UPDATE_STUDENT_REQUEST", payload, recipient=host.org.oid)), 422)
    assert sorted((e["code"], e["path"]) for e in errors) == [("schema.list_type", "payload/email"),
                                                              ("schema.string_type", "payload/firstNames")]
    assert Delivery.objects.count() == 0


def test_unknown_field_is_refused(client, home, host) -> None:
    payload = {**student_update(), "shoeSize": 44}
    errors = _refused(post(client, home, envelope("UPDATE_STUDENT_REQUEST", payload, recipient=host.org.oid)), 422)
    assert [(e["code"], e["path"]) for e in errors] == [("schema.unknown_field", "payload/shoeSize")]


def test_unknown_message_type_is_refused(client, home) -> None:
    errors = _refused(post(client, home, envelope("CREATE_UNICORN_REQUEST", {})), 422)
    assert [(e["code"], e["path"]) for e in errors] == [("exchange.unknown_type", "type")]
    assert Message.objects.get().status == "refused"


def test_notification_types_cannot_be_posted(client, home) -> None:
    errors = _refused(post(client, home, envelope("COURSEUNIT_CREATED_NOTIFICATION", {})), 422)
    assert [e["code"] for e in errors] == ["exchange.type_not_accepted"]


def test_oversize_message_is_refused(client, home, host) -> None:
    payload = {**student_update(), "givenName": "x" * 1_000_001}
    before = snapshot()
    errors = _refused(post(client, home, envelope("UPDATE_STUDENT_REQUEST", payload, recipient=host.org.oid)), 413)
    assert [e["code"] for e in errors] == ["exchange.too_large"]
    assert snapshot() == before


def test_wrong_api_key_is_refused(client, home, host) -> None:
    before = snapshot()
    env = envelope("UPDATE_STUDENT_REQUEST", student_update(), recipient=host.org.oid)
    r = client.post(MSGS, data=json.dumps(env), content_type="application/json",
                    HTTP_AUTHORIZATION="Bearer jpk_wrong_key")
    assert r.status_code == 401
    assert r.json()["code"] == "not_authenticated"
    r = client.post(MSGS, data=json.dumps(env), content_type="application/json")
    assert r.status_code == 401
    assert snapshot() == before


def test_x_api_key_header_works_too(client, home, host) -> None:
    env = envelope("UPDATE_STUDENT_REQUEST", student_update(), recipient=host.org.oid)
    r = client.post(MSGS, data=json.dumps(env), content_type="application/json", HTTP_X_API_KEY=home.key)
    assert r.status_code == 202


def test_unknown_recipient_is_refused(client, home) -> None:
    env = envelope("UPDATE_STUDENT_REQUEST", student_update(), recipient="1.2.246.562.10.00000000001")
    errors = _refused(post(client, home, env), 422)
    assert [(e["code"], e["path"]) for e in errors] == [("exchange.unknown_recipient", "recipient")]


def test_validate_endpoint_gives_the_same_errors_and_changes_nothing(client, home, host) -> None:
    payload = {**student_update(), "firstNames": 5}
    env = envelope("UPDATE_STUDENT_REQUEST", payload, recipient=host.org.oid)
    before = snapshot()
    v = post(client, home, env, path="/api/v1/exchange/validate")
    assert snapshot() == before
    real = post(client, home, env)
    assert (v.status_code, v.json()) == (real.status_code, real.json())
    ok = envelope("UPDATE_STUDENT_REQUEST", student_update(), recipient=host.org.oid)
    r = post(client, home, ok, path="/api/v1/exchange/validate")
    assert (r.status_code, r.json()) == (200, {"message_id": ok["message_id"], "status": "valid"})
    assert not Message.objects.filter(message_id=ok["message_id"]).exists()


def test_text_postgresql_cannot_store_is_refused(client, home, host) -> None:
    env = envelope("UPDATE_STUDENT_REQUEST", {**student_update(), "givenName": "a\u0000b"}, recipient=host.org.oid)
    errors = _refused(post(client, home, env), 422)
    assert [e["code"] for e in errors] == ["exchange.invalid_text"]
    body = json.dumps(envelope("UPDATE_STUDENT_REQUEST", student_update(), recipient=host.org.oid))
    errors = _refused(post(client, home, body.replace("Olli Ilmari", "\\ud800")), 422)
    assert [e["code"] for e in errors] == ["exchange.invalid_text"]


def test_odd_sent_at_and_long_type_are_refused_cleanly(client, home, host) -> None:
    env = {**envelope("UPDATE_STUDENT_REQUEST", student_update(), recipient=host.org.oid),
           "sent_at": "6060-08-26T19:17:52+16:00"}
    errors = _refused(post(client, home, env), 422)
    assert [(e["code"], e["path"]) for e in errors] == [("schema.value_error", "")]
    errors = _refused(post(client, home, envelope("X" * 61, {})), 422)
    assert [(e["code"], e["path"]) for e in errors] == [("schema.string_too_long", "type")]
