"""The deliver loop's wake-ups (LISTEN/NOTIFY on PostgreSQL) and its per-chunk, pipelined recording."""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any

import pytest
from django.db import connection, transaction

from joopas.exchange.models import Delivery, DeliveryAttempt
from joopas.exchange.services import operations, outbound
from joopas.exchange.testing import Receiver
from joopas.exchange.tests.conftest import envelope, post, student_update
from joopas.exchange.worker import DeliveryWorker


@pytest.fixture(autouse=True)
def _fast(settings: Any) -> None:
    settings.EXCHANGE_WEBHOOK_ALLOW_HTTP = True
    settings.EXCHANGE_RETRY_BASE_SECONDS = 0.0


def _send(client: Any, home: Any, host: Any, oid: str) -> str:
    env = envelope("UPDATE_STUDENT_REQUEST", student_update(oid), recipient=host.org.oid)
    assert post(client, home, env).status_code == 202
    return str(env["message_id"])


@pytest.mark.django_db
def test_each_chunk_is_recorded_with_its_own_outcome(client, home, host, settings) -> None:
    settings.EXCHANGE_WEBHOOK_BATCH = 2
    with Receiver(fail_first=1) as rx:  # the first POST (first chunk) fails, the others succeed
        rx.secret = operations.ensure_settings(organisation_id=host.id, channel="webhook",
                                             webhook_url=rx.url).webhook_secret
        mids = [_send(client, home, host, f"1.2.246.562.24.3000000{i:04d}") for i in range(5)]
        w = DeliveryWorker(poll_seconds=0, batch=100)
        assert w.pipeline
        assert w.run_once() == 5
        w.webhook.close()
    by_mid = dict(Delivery.objects.values_list("message__message_id", "status"))
    assert [by_mid[uuid.UUID(m)] for m in mids] == ["failed", "failed", "delivered", "delivered",
                                                                   "delivered"]
    assert rx.requests == 3
    assert sorted(DeliveryAttempt.objects.values_list("outcome", flat=True)) == ["delivered"] * 3 + ["failed"] * 2


@pytest.mark.django_db
def test_without_pipeline_the_outcome_is_the_same(client, home, host, settings) -> None:
    settings.EXCHANGE_WEBHOOK_BATCH = 2
    with Receiver(fail_first=1) as rx:
        rx.secret = operations.ensure_settings(organisation_id=host.id, channel="webhook",
                                             webhook_url=rx.url).webhook_secret
        for i in range(5):
            _send(client, home, host, f"1.2.246.562.24.3100000{i:04d}")
        w = DeliveryWorker(poll_seconds=0, batch=100, pipeline=False)
        assert w.run_once() == 5
        w.webhook.close()
    assert sorted(Delivery.objects.values_list("status", flat=True)) == ["delivered"] * 3 + ["failed"] * 2


def _commit_in_thread(delay: float, work: Any) -> threading.Thread:
    def run() -> None:
        try:
            time.sleep(delay)
            with transaction.atomic():
                work()
        finally:
            connection.close()

    t = threading.Thread(target=run)
    t.start()
    return t


@pytest.mark.pg
@pytest.mark.django_db(transaction=True)
def test_notify_at_commit_wakes_an_idle_loop_well_before_its_poll_interval(home, host) -> None:
    from joopas.exchange.models import Message

    operations.ensure_settings(organisation_id=host.id, channel="webhook", webhook_url="https://example.invalid/")
    w = DeliveryWorker(poll_seconds=10)
    w._listener()  # LISTEN before the writer commits (the loop does this on its first idle wait)

    def write() -> None:  # the write path: message + delivery to a push receiver, as outbound.emit does
        msg = Message.objects.create(sender_id=home.id, type="UPDATE_STUDENT_REQUEST", inbound=True)
        outbound.create_deliveries(msg, [host.id])

    t = _commit_in_thread(0.3, write)
    start = time.monotonic()
    w.wait_for_work()
    waited = time.monotonic() - start
    t.join()
    assert 0.2 < waited < 3, waited  # woken by the commit, not by the 10 s poll
    assert Delivery.objects.filter(receiver_id=host.id, status="pending").count() == 1


@pytest.mark.pg
@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_does_not_wake_the_loop_and_polling_still_does(home, host) -> None:
    w = DeliveryWorker(poll_seconds=0.8)
    w._listener()

    def write_then_roll_back() -> None:
        outbound.notify_due()
        transaction.set_rollback(True)

    t = _commit_in_thread(0.1, write_then_roll_back)
    start = time.monotonic()
    w.wait_for_work()
    waited = time.monotonic() - start
    t.join()
    assert waited >= 0.7, waited  # nothing committed: the fallback poll interval ends the wait


@pytest.mark.pg
@pytest.mark.django_db(transaction=True)
def test_listen_survives_a_reconnect(home, host) -> None:
    w = DeliveryWorker(poll_seconds=10)
    w._listener()
    connection.close()  # e.g. a failed round closes the connection; the next idle wait listens again
    w._listener()
    t = _commit_in_thread(0.2, outbound.notify_due)
    start = time.monotonic()
    w.wait_for_work()
    t.join()
    assert time.monotonic() - start < 3
