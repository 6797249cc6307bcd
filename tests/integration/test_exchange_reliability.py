"""R-EXC-3 with real `joopas deliver` processes on PostgreSQL: SIGKILL mid-flight, failing receivers."""

from __future__ import annotations

import itertools
import signal
import uuid

import pytest
from django.utils import timezone

from joopas.exchange.models import Delivery, DeliveryAttempt, Message, StatusEvent
from joopas.exchange.services import operations
from joopas.exchange.testing import Receiver
from joopas.exchange.tests.conftest import make_org
from tests.integration.processes import spawn, stop, wait_for

pytestmark = [pytest.mark.pg, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _bulk_messages(sender_id: int, receiver_id: int, n: int) -> list[str]:
    now = timezone.now()
    msgs = Message.objects.bulk_create([
        Message(message_id=uuid.uuid4(), sender_id=sender_id, type="COURSEUNIT_UPDATED_NOTIFICATION", inbound=False,
                sent_at=now, status="validated", order_key=f"COURSE_UNIT:01901:CU-{i}",
                payload={"sendingOrganisationTkCode": "01901", "timestamp": now.isoformat(),
                         "updated": [{"referenceIdentifier": f"CU-{i}", "referenceOrganizer": "01901",
                                      "type": "COURSE_UNIT"}]})
        for i in range(n)], batch_size=2000)
    Delivery.objects.bulk_create([Delivery(message=m, receiver_id=receiver_id, channel="webhook",
                                           order_key=m.order_key) for m in msgs], batch_size=2000)
    return [str(m.message_id) for m in msgs]


def test_r_exc_3_sigkill_with_10000_in_flight_delivers_every_message(tmp_path) -> None:
    home, host = make_org("01901"), make_org("10076")
    with Receiver() as rx:
        rx.secret = operations.ensure_settings(organisation_id=host.id, channel="webhook",
                                             webhook_url=rx.url).webhook_secret
        mids = _bulk_messages(home.id, host.id, 10_000)
        args = ("deliver", "--batch", "500", "--lease", "3", "--poll", "0.05")
        first = spawn(*args, log=tmp_path / "d1.log")
        try:
            assert wait_for(lambda: len(rx.copies) >= 2_000, timeout=90), (tmp_path / "d1.log").read_text()
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        finally:
            stop(first)
        killed_at = len(rx.copies)
        assert killed_at < 10_000  # really killed mid-way
        second = spawn(*args, log=tmp_path / "d2.log")
        try:
            assert wait_for(lambda: Delivery.objects.exclude(status="delivered").count() == 0, timeout=120), \
                (tmp_path / "d2.log").read_text()
        finally:
            stop(second)
    print(f"SIGKILL after {killed_at} messages had arrived; {sum(rx.copies.values())} copies of "
          f"{len(rx.copies)} messages in total")
    assert rx.bad_signatures == 0
    assert set(rx.copies) == set(mids)  # every message arrived ...
    assert len(rx.copies) == 10_000  # ... and exactly once after deduplication on message_id
    assert sum(rx.copies.values()) >= 10_000  # (a batch cut off by the kill may have arrived twice)
    assert DeliveryAttempt.objects.filter(outcome="delivered").count() == 10_000


def test_r_exc_3_webhook_answering_500_for_a_while_backs_off_then_delivers(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("EXCHANGE_RETRY_BASE_SECONDS", "0.3")
    home, host = make_org("01901"), make_org("10076")
    with Receiver(fail_first=3) as rx:
        rx.secret = operations.ensure_settings(organisation_id=host.id, channel="webhook",
                                             webhook_url=rx.url).webhook_secret
        [mid] = _bulk_messages(home.id, host.id, 1)
        worker = spawn("deliver", "--poll", "0.05", log=tmp_path / "d.log")
        try:
            assert wait_for(lambda: Delivery.objects.get().status == "delivered", timeout=60), \
                (tmp_path / "d.log").read_text()
        finally:
            stop(worker)
    assert rx.copies[mid] == 1
    attempts = list(DeliveryAttempt.objects.order_by("number").values_list("outcome", "started_at"))
    assert [a[0] for a in attempts] == ["failed", "failed", "failed", "delivered"]
    gaps = [(b[1] - a[1]).total_seconds() for a, b in itertools.pairwise(attempts)]
    assert gaps[0] >= 0.15 and gaps[2] >= 0.6  # 0.3·2^(n-1) with jitter in [½, 1]: it backs off


def test_r_exc_3_receiver_that_never_recovers_goes_dead_then_replay_succeeds(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("EXCHANGE_RETRY_BASE_SECONDS", "0.05")
    home, host = make_org("01901"), make_org("10076")
    conf = operations.ensure_settings(organisation_id=host.id, channel="webhook", webhook_url="http://x")
    conf.max_attempts = 4
    conf.save()
    with Receiver(always_fail=True) as rx:
        conf.webhook_url = rx.url
        conf.save()
        rx.secret = conf.webhook_secret
        [mid] = _bulk_messages(home.id, host.id, 1)
        Delivery.objects.update(max_attempts=4)
        worker = spawn("deliver", "--poll", "0.05", log=tmp_path / "d.log")
        try:
            assert wait_for(lambda: Delivery.objects.get().status == "dead", timeout=60), \
                (tmp_path / "d.log").read_text()
            d = Delivery.objects.get()
            assert d.attempts == 4
            assert StatusEvent.objects.filter(delivery=d, status="dead").get().reason.startswith(
                "retry limit reached after 4 attempts: HTTP 500")
            rx.always_fail = False
            operations.replay(actor=host.main_user, delivery_id=d.pk)
            assert wait_for(lambda: Delivery.objects.get().status == "delivered", timeout=60), \
                (tmp_path / "d.log").read_text()
        finally:
            stop(worker)
    assert rx.copies[mid] == 1
