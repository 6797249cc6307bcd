"""The same registration sent twice at the same moment (PostgreSQL, threads): one registration (R-EXC-1,
R-REG-1's duplicate rule held by a per-student lock and the database's unique constraint)."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from joopas.exchange.models import Delivery
from joopas.registrations.models import Registration, Selection
from joopas.registrations.tests.messaging import envelope, make_keyed_world, post, request

pytestmark = [pytest.mark.pg, pytest.mark.django_db(transaction=True)]


def _at_once(bodies: list[dict[str, Any]], key: str) -> list[tuple[int, dict[str, Any]]]:
    barrier = threading.Barrier(len(bodies))
    answers: list[tuple[int, dict[str, Any]]] = []
    lock = threading.Lock()

    def send(body: dict[str, Any]) -> None:
        try:
            barrier.wait()
            answer = post(Client(), key, body)
            with lock:
                answers.append((answer.status_code, answer.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(b,)) for b in bodies]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return answers


def test_r_reg_1_the_same_registration_sent_twice_at_once_makes_one() -> None:
    w = make_keyed_world()
    bodies = [envelope("CREATE_REGISTRATION_REQUEST", request(w)) for _ in range(6)]
    answers = _at_once(bodies, w["hy_key"])
    assert sorted(status for status, _body in answers) == [202] + [409] * 5
    refused = [body for status, body in answers if status == 409]
    assert {b["details"]["errors"][0]["code"] for b in refused} == {"registrations.duplicate"}
    assert Registration.objects.count() == 1
    assert Selection.objects.count() == 1
    assert Delivery.objects.filter(receiver_id=w["aalto"].pk, message__type="CREATE_REGISTRATION_REQUEST").count() == 1


def test_r_exc_1_the_same_message_id_sent_at_once_makes_one() -> None:
    w = make_keyed_world()
    body = envelope("CREATE_REGISTRATION_REQUEST", request(w))
    answers = _at_once([body] * 6, w["hy_key"])
    assert [status for status, _body in answers] == [202] * 6
    assert len({json.dumps(b, sort_keys=True) for _s, b in answers}) == 1
    assert Registration.objects.count() == 1
