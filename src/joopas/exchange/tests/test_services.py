"""Services without HTTP: failure digest, payload retention, replay, the pull feed, periodic tasks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from joopas.core.errors import IllegalTransition
from joopas.exchange.models import Delivery, Message, StatusEvent
from joopas.exchange.services import maintenance, operations, outbound
from joopas.exchange.tests.conftest import envelope, post, student_update

pytestmark = pytest.mark.django_db


def _send(client: Any, home: Any, host: Any) -> Message:
    env = envelope("UPDATE_STUDENT_REQUEST", student_update(), recipient=host.org.oid)
    assert post(client, home, env).status_code == 202
    return Message.objects.get(message_id=env["message_id"])


def test_failure_digest_goes_to_the_contact(client, home, host, settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    operations.ensure_settings(organisation_id=host.id, contact_email="sis@host.example")
    msg = _send(client, home, host)
    d = Delivery.objects.get(message=msg)
    StatusEvent.objects.create(message=msg, delivery=d, receiver_id=host.id, status="dead", reason="HTTP 500")
    assert maintenance.failure_digest() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sis@host.example"]
    assert str(msg.message_id) in mail.outbox[0].body and "dead" in mail.outbox[0].body
    assert maintenance.failure_digest(since=timezone.now()) == 0  # nothing new


def test_payloads_purged_after_retention_status_kept(client, home, host, settings) -> None:
    settings.EXCHANGE_PAYLOAD_RETENTION_DAYS = 30
    old = _send(client, home, host)
    pending = _send(client, home, host)
    Message.objects.filter(pk__in=[old.pk, pending.pk]).update(received_at=timezone.now() - dt.timedelta(days=31))
    Delivery.objects.filter(message=old).update(status="delivered")
    assert maintenance.purge_payloads() == 1
    old.refresh_from_db()
    pending.refresh_from_db()
    assert old.payload is None and old.payload_purged_at is not None
    assert pending.payload == student_update()  # still on its way: kept
    assert list(StatusEvent.objects.filter(message=old).values_list("status", flat=True)) == ["received", "validated"]


def test_replay_of_a_delivered_message_is_refused(client, home, host) -> None:
    _send(client, home, host)
    d = Delivery.objects.get()
    Delivery.objects.filter(pk=d.pk).update(status="delivered")
    with pytest.raises(IllegalTransition):
        operations.replay(actor=host.main_user, delivery_id=d.pk)


def test_periodic_tasks_are_registered() -> None:
    from joopas.core.jobs import discover, registered_periodic, registered_tasks

    discover()
    periodic = registered_periodic()
    assert {n: (p.task, p.every) for n, p in periodic.items() if n.startswith("exchange.")} == {
        "exchange.network_changes": ("exchange.network_changes", dt.timedelta(minutes=1)),
        "exchange.failure_digest": ("exchange.failure_digest", dt.timedelta(days=1)),
        "exchange.purge_payloads": ("exchange.purge_payloads", dt.timedelta(days=1)),
    }
    assert {"exchange.network_changes", "exchange.failure_digest", "exchange.purge_payloads"} <= set(registered_tasks())


def test_feed_does_not_skip_a_late_commit_below_the_cursor(client, home, host) -> None:
    first, second = _send(client, home, host), _send(client, home, host)
    d1, d2 = Delivery.objects.get(message=first), Delivery.objects.get(message=second)
    Delivery.objects.filter(pk=d2.pk).update(status="delivered")  # the reader saw d2 before d1 committed
    rows = outbound.feed(organisation_id=host.id, after=d2.pk)
    assert [d.pk for d in rows] == [d1.pk]
    assert outbound.feed(organisation_id=host.id, after=d2.pk) == []  # handed out once
