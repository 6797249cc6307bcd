"""Issue 10, items 2, 3, 5 and 7: webhook addresses (SSRF), audited reads of payloads (R-ACC-6), reply and
acknowledgement routing when two senders use one message_id (R-EXC-4), and the webhook signing secret."""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any

import httpx
import pytest
from django.utils import timezone

from joopas.access.api import Role
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import UserFactory
from joopas.core.models import AuditEvent
from joopas.exchange import netguard, rules
from joopas.exchange.codes import ErrorCode
from joopas.exchange.models import Delivery, ExchangeSettings, Message
from joopas.exchange.services import operations
from joopas.exchange.testing import Receiver
from joopas.exchange.tests.conftest import envelope, make_org, post, student_update
from joopas.exchange.transports import SIGNATURE_HEADER, Webhook
from joopas.exchange.worker import DeliveryWorker

pytestmark = pytest.mark.django_db

OID = "1.2.246.562.24.10000000008"


def _fake_dns(monkeypatch: Any, table: dict[str, list[str]]) -> list[str]:
    """Resolve names from `table`; returns the list of names looked up (to count resolutions)."""
    asked: list[str] = []

    def resolve(host: str, port: int) -> list[str]:
        asked.append(host)
        if host in table:
            return table[host]
        return netguard.literal(host) or []

    monkeypatch.setattr(netguard, "_getaddrinfo", resolve)
    return asked


# --- 2: SSRF through the webhook address ----------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "https://127.0.0.1/hook", "https://localhost/hook", "https://10.0.0.5/hook", "https://192.168.1.1/hook",
    "https://172.16.3.4/hook", "https://169.254.169.254/latest/meta-data", "https://[::1]/hook",
    "https://0.0.0.0/hook", "https://224.0.0.1/hook", "https://[fe80::1]/hook", "https://240.0.0.1/hook",
    "https://internal.example.fi/hook",  # resolves to a private address
    "https://mixed.example.fi/hook",  # one public, one private address: every address must be allowed
    "https://sis.example.fi:5432/hook", "https://sis.example.fi:6379/hook",  # ports other than 443/8443
])
def test_webhook_address_refused_when_saved(host, monkeypatch, settings, url) -> None:
    settings.EXCHANGE_WEBHOOK_ALLOW_LOOPBACK = False
    _fake_dns(monkeypatch, {"localhost": ["127.0.0.1", "::1"], "internal.example.fi": ["10.1.2.3"],
                            "mixed.example.fi": ["93.184.215.14", "192.168.0.10"],
                            "sis.example.fi": ["93.184.215.14"]})
    with pytest.raises(operations.ValidationFailed) as exc:
        operations.settings_update(actor=host.main_user, organisation_id=host.id, channel="webhook",
                                   webhook_url=url)
    assert exc.value.details == {"path": "webhook_url"}
    assert exc.value.code in (ErrorCode.WEBHOOK_ADDRESS_NOT_ALLOWED, ErrorCode.WEBHOOK_PORT_NOT_ALLOWED)
    assert not ExchangeSettings.objects.filter(organisation_id=host.id).exists()


@pytest.mark.parametrize("url", ["https://sis.example.fi/hook", "https://sis.example.fi:8443/hook",
                                 "https://93.184.215.14/hook"])
def test_public_webhook_address_on_an_allowed_port_is_saved(host, monkeypatch, settings, url) -> None:
    settings.EXCHANGE_WEBHOOK_ALLOW_LOOPBACK = False
    _fake_dns(monkeypatch, {"sis.example.fi": ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"]})
    saved = operations.settings_update(actor=host.main_user, organisation_id=host.id, channel="webhook",
                                       webhook_url=url)
    assert saved.settings.webhook_url == url


def test_settings_page_names_the_refused_field(client, host, monkeypatch, settings) -> None:
    settings.EXCHANGE_WEBHOOK_ALLOW_LOOPBACK = False
    _fake_dns(monkeypatch, {})
    client.force_login(host.main_user)
    r = client.post(f"/exchange/settings/{host.id}/", {"channel": "webhook", "webhook_url": "https://10.0.0.1/",
                                                        "max_attempts": "5"})
    assert r.status_code == 200
    assert "webhook_url" in r.context["form"].errors
    assert not ExchangeSettings.objects.filter(organisation_id=host.id).exists()


def test_worker_checks_the_address_at_connect_time_and_pins_it(client, home, host, monkeypatch, settings) -> None:
    """DNS rebinding: the name was public when saved, now resolves to loopback; the worker does not connect."""
    settings.EXCHANGE_WEBHOOK_ALLOW_LOOPBACK = False
    settings.EXCHANGE_RETRY_BASE_SECONDS = 0.0
    table = {"sis.example.fi": ["93.184.215.14"]}
    asked = _fake_dns(monkeypatch, table)
    operations.settings_update(actor=host.main_user, organisation_id=host.id, channel="webhook",
                               webhook_url="https://sis.example.fi/hook")
    table["sis.example.fi"] = ["127.0.0.1"]
    with Receiver() as rx:
        assert post(client, home, envelope("UPDATE_STUDENT_REQUEST", student_update(),
                                           recipient=host.org.oid)).status_code == 202
        asked.clear()
        DeliveryWorker(poll_seconds=0, pipeline=False).run_once()
        assert rx.requests == 0
    d = Delivery.objects.get()
    assert (d.status, d.last_error) == ("failed", "address not allowed")
    assert asked == ["sis.example.fi"]  # resolved once per send


def test_connection_goes_to_the_checked_address_with_the_original_host(monkeypatch, settings) -> None:
    """The request is sent to the address that was checked (no second resolution), with Host and SNI kept."""
    settings.EXCHANGE_WEBHOOK_ALLOW_LOOPBACK = True
    asked = _fake_dns(monkeypatch, {"sis.example.fi": ["127.0.0.1"]})
    with Receiver() as rx:
        port = rx.server.server_address[1]
        seen: dict[str, Any] = {}
        real = Webhook(timeout=5.0)
        original_send = real.client.send

        def spy(request: Any, **kw: Any) -> Any:
            seen["url"], seen["host"] = str(request.url), request.headers["host"]
            seen["sni"] = request.extensions.get("sni_hostname")
            return original_send(request, **kw)

        monkeypatch.setattr(real.client, "send", spy)
        err = real.send(f"http://sis.example.fi:{port}/joopas", ["s3cret"], [{"message_id": "m1"}])
    assert err is None
    assert asked == ["sis.example.fi"]
    assert seen["url"] == f"http://127.0.0.1:{port}/joopas"
    assert seen["host"] == f"sis.example.fi:{port}"
    assert seen["sni"] is None  # no TLS on http
    # https: the name goes into SNI (and so into the certificate check), the connection to the checked address
    _fake_dns(monkeypatch, {"sis.example.fi": ["93.184.215.14"]})
    monkeypatch.setattr(real.client, "send", lambda request, **kw: (
        seen.update(url=str(request.url), host=request.headers["host"],
                    sni=request.extensions.get("sni_hostname")), httpx.Response(204))[1])
    assert real.send("https://sis.example.fi/joopas", ["s3cret"], [{"message_id": "m1"}]) is None
    assert (seen["url"], seen["host"], seen["sni"]) == ("https://93.184.215.14/joopas", "sis.example.fi",
                                                        "sis.example.fi")


def test_receiver_body_is_never_echoed_to_the_sender(client, home, host, monkeypatch, settings) -> None:
    settings.EXCHANGE_WEBHOOK_ALLOW_LOOPBACK = True
    settings.EXCHANGE_RETRY_BASE_SECONDS = 0.0
    with Receiver(always_fail=True) as rx:
        rx.body = b"FATAL: password authentication failed for user postgres; redis 6.2 ready"
        operations.ensure_settings(organisation_id=host.id, channel="webhook", webhook_url=rx.url)
        env = envelope("UPDATE_STUDENT_REQUEST", student_update(), recipient=host.org.oid)
        assert post(client, home, env).status_code == 202
        DeliveryWorker(poll_seconds=0, pipeline=False).run_once()
    assert Delivery.objects.get().last_error == "HTTP 500"
    body = client.get(f"/api/v1/exchange/messages/{env['message_id']}", **home.headers()).content.decode()
    assert "FATAL" not in body and "redis" not in body
    assert "HTTP 500" in body


def test_connection_errors_are_short_and_generic(settings) -> None:
    settings.EXCHANGE_WEBHOOK_ALLOW_LOOPBACK = True
    w = Webhook(timeout=2.0)
    with Receiver() as rx:
        port = rx.server.server_address[1]
    # the receiver is gone: nothing listens on the port any more
    assert w.send(f"http://127.0.0.1:{port}/joopas", ["s"], [{"message_id": "m"}]) == "connection refused"
    settings.EXCHANGE_WEBHOOK_ALLOW_LOOPBACK = False
    settings.EXCHANGE_WEBHOOK_ALLOW_HTTP = True
    assert w.send(f"http://127.0.0.1:{port}/joopas", ["s"], [{"message_id": "m"}]) == "address not allowed"
    assert w.send("https://127.0.0.1:8443/joopas", ["s"], [{"message_id": "m"}]) == "address not allowed"
    w.close()


# --- 3: reads of payloads are audited (R-ACC-6) ---------------------------------------------------------------

def _reads() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event__in=["exchange.message.read", "exchange.feed.read",
                                                     "exchange.delivery.read"]).order_by("id"))


def test_r_acc_6_every_exchange_read_of_a_payload_writes_one_audit_row(client, home, host) -> None:
    env = envelope("UPDATE_STUDENT_REQUEST", student_update(OID), recipient=host.org.oid)
    assert post(client, home, env).status_code == 202
    mid = env["message_id"]
    msg = Message.objects.get(message_id=mid)
    d = Delivery.objects.get()
    officer = UserFactory()
    grant(officer, host.org, Role.OFFICER)
    client.force_login(officer)

    cases: list[tuple[str, Any, str]] = [
        ("message page", lambda: client.get(f"/exchange/messages/{mid}/"), "exchange.message.read"),
        ("api status", lambda: client.get(f"/api/v1/exchange/messages/{mid}", **host.headers()),
         "exchange.message.read"),
        ("api feed", lambda: client.get("/api/v1/exchange/feed?after=0", **host.headers()), "exchange.feed.read"),
    ]
    for name, get, event in cases:
        before = len(_reads())
        r = get()
        assert r.status_code == 200, name
        rows = _reads()[before:]
        assert [row.event for row in rows] == [event], name
        row = rows[0]
        assert row.person_oid == OID, name
        assert row.organisation_oid == host.org.oid, name
        if event == "exchange.feed.read":
            assert row.after["messages"] == [str(mid)], name
        else:
            assert (row.subject_type, row.subject_id) == ("exchange.message", str(msg.pk)), name

    # the dead-letter page shows the payload in its form: recorded too
    Delivery.objects.filter(pk=d.pk).update(status="dead")
    before = len(_reads())
    assert client.get(f"/exchange/deliveries/{d.pk}/").status_code == 200
    rows = _reads()[before:]
    assert [(r.event, r.person_oid) for r in rows] == [("exchange.delivery.read", OID)]

    # an empty feed page shows no payload and writes nothing; a refused read writes nothing
    before = len(_reads())
    assert client.get("/api/v1/exchange/feed?after=999999", **host.headers()).status_code == 200
    outsider = make_org("02358")
    assert client.get(f"/api/v1/exchange/messages/{mid}", **outsider.headers()).status_code == 404
    client.force_login(outsider.main_user)
    assert client.get(f"/exchange/messages/{mid}/").status_code == 404
    assert len(_reads()) == before


def test_r_acc_6_message_list_shows_no_payload_and_is_not_a_read(client, home, host) -> None:
    assert post(client, home, envelope("UPDATE_STUDENT_REQUEST", student_update(OID),
                                       recipient=host.org.oid)).status_code == 202
    client.force_login(host.main_user)
    before = len(_reads())
    r = client.get("/exchange/")
    assert r.status_code == 200 and OID not in r.content.decode()
    assert len(_reads()) == before


# --- 5: replies and acknowledgements when two senders use one message_id (R-EXC-4) -----------------------------

def _update(client: Any, sender: Any, recipient: Any, mid: str, oid: str = OID) -> None:
    r = post(client, sender, envelope("UPDATE_STUDENT_REQUEST", student_update(oid), message_id=mid,
                                      recipient=recipient.org.oid))
    assert r.status_code == 202, r.json()


def _feed_ids(client: Any, org: Any) -> list[tuple[str, str]]:
    body = client.get("/api/v1/exchange/feed?after=0&limit=500", **org.headers()).json()
    return [(m["type"], m["payload"].get("studentRequestId") or m["message_id"]) for m in body["messages"]]


def test_r_exc_4_reply_goes_to_the_original_sender_when_another_sender_reuses_the_id(client, home, host) -> None:
    jyu = make_org("01906")
    mid = "7d1e1b8e-0000-4000-8000-000000000001"
    _update(client, home, host, mid)  # HY → Aalto
    _update(client, jyu, host, mid)  # JYU reuses HY's id towards Aalto
    reply = envelope("UPDATE_STUDENT_REPLY_REQUEST", {"studentRequestId": mid, "status": "UPDATED"})
    r = post(client, host, reply)
    assert r.status_code == 202, r.json()
    msg = Message.objects.get(message_id=reply["message_id"])
    assert (msg.recipient_id, msg.in_reply_to.sender_id) == (home.id, home.id)
    assert ("UPDATE_STUDENT_REPLY_REQUEST", mid) in _feed_ids(client, home)
    assert ("UPDATE_STUDENT_REPLY_REQUEST", mid) not in _feed_ids(client, jyu)


def test_r_exc_4_reply_finds_the_original_among_messages_addressed_to_the_replier(client, home, host) -> None:
    jyu, lapland = make_org("01906"), make_org("10108")
    mid = "7d1e1b8e-0000-4000-8000-000000000002"
    _update(client, home, host, mid)  # HY → Aalto
    _update(client, jyu, lapland, mid)  # JYU → Lapland, same id, later
    for replier, original_sender in ((host, home), (lapland, jyu)):
        reply = envelope("UPDATE_STUDENT_REPLY_REQUEST", {"studentRequestId": mid, "status": "UPDATED"})
        r = post(client, replier, reply)
        assert r.status_code == 202, r.json()
        assert Message.objects.get(message_id=reply["message_id"]).recipient_id == original_sender.id
    # an organisation the id was never addressed to still may not answer it
    r = post(client, make_org("02358"), envelope("UPDATE_STUDENT_REPLY_REQUEST",
                                                 {"studentRequestId": mid, "status": "UPDATED"}))
    assert r.status_code == 403
    assert r.json()["details"]["errors"][0]["code"] == ErrorCode.REPLY_NOT_ALLOWED


def test_acknowledgement_acknowledges_only_the_named_senders_delivery(client, home, host) -> None:
    jyu = make_org("01906")
    mid = "7d1e1b8e-0000-4000-8000-000000000003"
    _update(client, home, host, mid)
    _update(client, jyu, host, mid)
    client.get("/api/v1/exchange/feed?after=0", **host.headers())
    ack = envelope("ACKNOWLEDGEMENT", {"requestId": mid, "receivingOrganisationTkCode": "01906"})
    assert post(client, host, ack).status_code == 202
    states = dict(Delivery.objects.values_list("message__sender_id", "status"))
    assert states == {jyu.id: "acknowledged", home.id: "delivered"}
    assert Message.objects.get(message_id=ack["message_id"]).in_reply_to.sender_id == jyu.id


def test_acknowledgement_without_a_code_acknowledges_one_message_only(client, home, host) -> None:
    jyu = make_org("01906")
    mid = "7d1e1b8e-0000-4000-8000-000000000004"
    _update(client, home, host, mid)
    _update(client, jyu, host, mid)
    client.get("/api/v1/exchange/feed?after=0", **host.headers())
    assert post(client, host, envelope("ACKNOWLEDGEMENT", {"requestId": mid})).status_code == 202
    states = dict(Delivery.objects.values_list("message__sender_id", "status"))
    assert states == {home.id: "acknowledged", jyu.id: "delivered"}  # the first use of the id


# --- 7: the webhook signing secret ----------------------------------------------------------------------------

def test_secret_shown_once_then_never_again(client, host, monkeypatch, settings) -> None:
    settings.EXCHANGE_WEBHOOK_ALLOW_LOOPBACK = False
    _fake_dns(monkeypatch, {"sis.example.fi": ["93.184.215.14"]})
    client.force_login(host.main_user)
    url = f"/exchange/settings/{host.id}/"
    data = {"channel": "webhook", "webhook_url": "https://sis.example.fi/joopas", "max_attempts": "5"}
    r = client.post(url, data, follow=True)
    assert r.status_code == 200
    secret = ExchangeSettings.objects.get(organisation_id=host.id).webhook_secret
    assert len(secret) == 64
    assert secret in r.content.decode()  # once, right after creation
    assert secret not in client.get(url).content.decode()
    other_main = UserFactory()
    grant(other_main, host.org, Role.MAIN_USER)
    client.force_login(other_main)
    assert secret not in client.get(url).content.decode()
    # saving without rotating does not show it again
    r = client.post(url, data, follow=True)
    assert secret not in r.content.decode()
    # rotation shows the new one once
    r = client.post(url, {**data, "new_secret": "on"}, follow=True)
    new = ExchangeSettings.objects.get(organisation_id=host.id).webhook_secret
    assert new != secret and new in r.content.decode()
    assert new not in client.get(url).content.decode()
    # nowhere in the audit trail either
    for ev in AuditEvent.objects.all():
        assert secret not in json.dumps([ev.before, ev.after]) and new not in json.dumps([ev.before, ev.after])


def test_secret_is_stored_encrypted(host) -> None:
    conf = operations.ensure_settings(organisation_id=host.id, channel="webhook",
                                      webhook_url="https://sis.example.fi/joopas")
    secret = conf.webhook_secret
    raw = ExchangeSettings.objects.filter(pk=conf.pk).values_list("webhook_secret_sealed", flat=True).get()
    assert secret not in raw and raw.startswith("s1.")
    assert ExchangeSettings.objects.get(pk=conf.pk).webhook_secret == secret


def test_rotation_keeps_the_old_secret_valid_for_the_overlap_window(client, home, host, settings) -> None:
    settings.EXCHANGE_WEBHOOK_ALLOW_LOOPBACK = True
    settings.EXCHANGE_WEBHOOK_SECRET_OVERLAP_HOURS = 24
    with Receiver() as rx:
        old = operations.ensure_settings(organisation_id=host.id, channel="webhook", webhook_url=rx.url).webhook_secret
        saved = operations.settings_update(actor=host.main_user, organisation_id=host.id, channel="webhook",
                                           webhook_url=rx.url, new_secret=True)
        new = saved.new_secret
        assert new and new != old == saved.settings.previous_secret
        headers: list[str] = []
        real_handle = rx.handle

        def handle(body: bytes, ts: str, sig: str) -> int:
            headers.append(sig)
            return real_handle(body, ts, sig)

        rx.handle = handle  # type: ignore[method-assign]
        rx.secret = old  # a receiver that has not switched yet
        assert post(client, home, envelope("UPDATE_STUDENT_REQUEST", student_update(),
                                           recipient=host.org.oid)).status_code == 202
        DeliveryWorker(poll_seconds=0, pipeline=False).run_until_empty()
        assert rx.bad_signatures == 0 and len(rx.copies) == 1
        parts = headers[-1].split(",")
        assert len(parts) == 2 and all(p.startswith("v1=") for p in parts)
        # after the window only the new secret signs
        ExchangeSettings.objects.filter(organisation_id=host.id).update(
            previous_secret_until=timezone.now() - dt.timedelta(seconds=1))
        rx.secret = new
        assert post(client, home, envelope("UPDATE_STUDENT_REQUEST", student_update(),
                                           recipient=host.org.oid)).status_code == 202
        DeliveryWorker(poll_seconds=0, pipeline=False).run_until_empty()
        assert rx.bad_signatures == 0 and len(rx.copies) == 2
        assert "," not in headers[-1]
        # and the old one no longer verifies
        body, ts = b"{}", int(time.time())
        assert not rules.verify_signature(old, ts, body, rules.signature_header([new], ts, body), now=ts)
    assert SIGNATURE_HEADER == "X-Joopas-Signature"
