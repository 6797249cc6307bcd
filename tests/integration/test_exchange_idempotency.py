"""R-EXC-1 under concurrency on PostgreSQL: ten copies of one message at once, one effect."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from joopas.exchange.models import Delivery, Message, StatusEvent
from joopas.exchange.tests.conftest import (
    envelope,
    make_org,
    student_update,
    transport_only,  # noqa: F401  (the transport alone)
)

pytestmark = [pytest.mark.pg, pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("transport_only")]


def test_r_exc_1_ten_concurrent_copies_have_one_effect_and_one_answer() -> None:
    home, host = make_org("01901"), make_org("10076")
    env = envelope("UPDATE_STUDENT_REQUEST", student_update(), recipient=host.org.oid)
    body = json.dumps(env)
    barrier = threading.Barrier(10)
    answers: list[tuple[int, Any]] = []
    lock = threading.Lock()

    def send() -> None:
        try:
            barrier.wait()
            r = Client().post("/api/v1/exchange/messages", data=body, content_type="application/json",
                              HTTP_AUTHORIZATION=f"Bearer {home.key}")
            with lock:
                answers.append((r.status_code, r.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(answers) == 10
    assert {a[0] for a in answers} == {202}
    assert len({json.dumps(a[1], sort_keys=True) for a in answers}) == 1  # the same first answer
    assert Message.objects.filter(message_id=env["message_id"]).count() == 1
    assert Delivery.objects.count() == 1
    assert list(StatusEvent.objects.values_list("status", flat=True).order_by("id")) == ["received", "validated"]
