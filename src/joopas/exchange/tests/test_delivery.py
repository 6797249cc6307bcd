"""Push delivery in-process: signed webhooks, back-off, dead letters, replay, ordering per student, RabbitMQ."""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any

import pika
import pytest
from django.utils import timezone

from joopas.exchange.models import Delivery, DeliveryAttempt, StatusEvent
from joopas.exchange.services import delivery, operations
from joopas.exchange.testing import Receiver
from joopas.exchange.tests.conftest import envelope, post, student_update
from joopas.exchange.worker import DeliveryWorker

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast(settings: Any) -> None:
    settings.EXCHANGE_WEBHOOK_ALLOW_HTTP = True
    settings.EXCHANGE_RETRY_BASE_SECONDS = 0.0


def _webhook(host: Any, url: str, max_attempts: int = 10) -> str:
    conf = operations.ensure_settings(organisation_id=host.id, channel="webhook", webhook_url=url)
    conf.max_attempts = max_attempts
    conf.save()
    return conf.webhook_secret


def _send(client: Any, home: Any, host: Any, oid: str = "1.2.246.562.24.10000000008") -> str:
    env = envelope("UPDATE_STUDENT_REQUEST", student_update(oid), recipient=host.org.oid)
    assert post(client, home, env).status_code == 202
    return str(env["message_id"])


def test_webhook_delivery_is_signed_and_recorded(client, home, host) -> None:
    with Receiver() as rx:
        rx.secret = _webhook(host, rx.url)
        mid = _send(client, home, host)
        assert DeliveryWorker(poll_seconds=0).run_until_empty() == 1
    assert (rx.copies[mid], rx.bad_signatures) == (1, 0)
    d = Delivery.objects.get()
    assert (d.status, d.attempts) == ("delivered", 1)
    assert list(DeliveryAttempt.objects.values_list("outcome", flat=True)) == ["delivered"]
    assert list(StatusEvent.objects.filter(delivery=d).values_list("status", flat=True)) == ["delivered"]


def test_r_exc_3_failures_retry_then_dead_then_replay(client, home, host, settings) -> None:
    with Receiver(always_fail=True) as rx:
        rx.secret = _webhook(host, rx.url, max_attempts=3)
        mid = _send(client, home, host)
        w = DeliveryWorker(poll_seconds=0)
        for _ in range(3):
            w.run_once()
        d = Delivery.objects.get()
        assert (d.status, d.attempts) == ("dead", 3)
        assert list(DeliveryAttempt.objects.values_list("outcome", flat=True)) == ["failed", "failed", "dead"]
        assert w.run_once() == 0  # dead letters are not retried
        rx.always_fail = False
        from joopas.access.api import Role
        from joopas.access.tests.factories import grant
        from joopas.accounts.tests.factories import UserFactory

        officer = UserFactory()
        grant(officer, host.org, Role.OFFICER)
        operations.replay(actor=officer, delivery_id=d.pk)
        assert w.run_once() == 1
    d.refresh_from_db()
    assert d.status == "delivered"
    assert rx.copies[mid] == 1
    assert list(StatusEvent.objects.filter(delivery=d).values_list("status", flat=True)) == \
        ["failed", "failed", "dead", "pending", "delivered"]


def test_r_exc_3_order_per_student_without_blocking_other_students(client, home, host) -> None:
    with Receiver(always_fail=True) as rx:
        rx.secret = _webhook(host, rx.url)
        a1 = _send(client, home, host, "1.2.246.562.24.10000000001")
        a2 = _send(client, home, host, "1.2.246.562.24.10000000001")
        b1 = _send(client, home, host, "1.2.246.562.24.10000000002")
        w = DeliveryWorker(poll_seconds=0)
        claimed = delivery.claim_batch(worker="probe", limit=10)
        assert sorted(c.id for c in claimed) == sorted(Delivery.objects.filter(
            message__message_id__in=[a1, b1]).values_list("pk", flat=True))  # a2 waits behind a1
        delivery.record_results(worker="probe", results=[delivery.Result(c, c.id == claimed[-1].id and False)
                                                         for c in claimed])
        # a1 failed → a2 still waits; b1 failed too. Let b-student recover alone:
        rx.always_fail = False
        Delivery.objects.filter(message__message_id=a1).update(next_attempt_at=timezone.now() + dt.timedelta(hours=1))
        w.run_until_empty()
        assert rx.order == [b1]  # b is not blocked behind a
        Delivery.objects.filter(message__message_id=a1).update(next_attempt_at=timezone.now())
        w.run_until_empty()
    assert rx.order == [b1, a1, a2]


def test_late_worker_whose_lease_was_taken_changes_nothing(client, home, host) -> None:
    _webhook(host, "http://127.0.0.1:9/none")
    _send(client, home, host)
    first = delivery.claim_batch(worker="slow", limit=10, lease_seconds=60)
    Delivery.objects.update(lease_until=timezone.now() - dt.timedelta(seconds=1))
    second = delivery.claim_batch(worker="fast", limit=10)
    assert delivery.record_results(worker="fast", results=[delivery.Result(second[0], True)]) == \
        {"delivered": 1, "failed": 0, "dead": 0}
    assert delivery.record_results(worker="slow", results=[delivery.Result(first[0], False, "x")]) == \
        {"delivered": 0, "failed": 0, "dead": 0}
    assert Delivery.objects.get().status == "delivered"
    assert list(DeliveryAttempt.objects.values_list("outcome", flat=True)) == ["lost", "delivered"]


def _queue_messages(queue: str) -> list[dict[str, Any]]:
    conn = pika.BlockingConnection(pika.URLParameters("amqp://guest:guest@127.0.0.1:5672/%2F"))
    ch = conn.channel()
    out = []
    while True:
        method, _props, body = ch.basic_get(queue, auto_ack=True)
        if method is None:
            break
        out.append(json.loads(body))
    conn.close()
    return out


def _purge(queue: str) -> None:
    conn = pika.BlockingConnection(pika.URLParameters("amqp://guest:guest@127.0.0.1:5672/%2F"))
    ch = conn.channel()
    ch.queue_declare(queue, durable=True)
    ch.queue_purge(queue)
    conn.close()


def test_rabbitmq_delivery_to_durable_queue(client, home, host, settings) -> None:
    settings.EXCHANGE_QUEUE_PREFIX = f"test.exchange.{time.time_ns()}."
    queue = settings.EXCHANGE_QUEUE_PREFIX + host.org.oid
    _purge(queue)
    operations.ensure_settings(organisation_id=host.id, channel="rabbitmq")
    mids = [_send(client, home, host, f"1.2.246.562.24.1000000{i:04d}") for i in range(5)]
    w = DeliveryWorker(poll_seconds=0)
    assert w.run_until_empty() == 5
    w.rabbit.close()
    got = _queue_messages(queue)
    assert sorted(m["message_id"] for m in got) == sorted(mids)
    assert {m["receiver"] for m in got} == {host.org.oid}
    assert set(Delivery.objects.values_list("status", flat=True)) == {"delivered"}


def test_rabbitmq_connection_dropped_mid_publish_loses_nothing(client, home, host, settings) -> None:
    settings.EXCHANGE_QUEUE_PREFIX = f"test.exchange.{time.time_ns()}."
    queue = settings.EXCHANGE_QUEUE_PREFIX + host.org.oid
    _purge(queue)
    operations.ensure_settings(organisation_id=host.id, channel="rabbitmq")
    mids = [_send(client, home, host, f"1.2.246.562.24.2000000{i:04d}") for i in range(20)]
    w = DeliveryWorker(poll_seconds=0)

    def drop(i: int) -> None:
        if i == 9:  # the socket goes away after ten publishes
            import socket

            w.rabbit.conn._impl._transport._sock.shutdown(socket.SHUT_RDWR)  # type: ignore[union-attr]

    w.rabbit.fault = drop
    w.rabbit.confirm_timeout = 2
    w.run_once()
    w.rabbit.fault = None
    assert Delivery.objects.filter(status="failed").count() == 20  # unconfirmed → retried, none marked delivered
    w.run_until_empty()
    w.rabbit.close()
    got = _queue_messages(queue)
    assert set(mids) <= {m["message_id"] for m in got}  # none lost (some may arrive twice: at-least-once)
    assert set(Delivery.objects.values_list("status", flat=True)) == {"delivered"}
