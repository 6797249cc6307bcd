from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client, override_settings
from django.urls import path
from django.utils import timezone
from ninja import NinjaAPI

from joopas.core.idempotency import purge_idempotency_records
from joopas.core.models import AuditEvent, IdempotencyRecord

pytestmark = pytest.mark.django_db
PASSWORD = "test-password-123"  # core imports no app, so users are made through the auth API


def make_user(n: int = 0):  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(f"idem{n}@example.fi", PASSWORD)

api = NinjaAPI(urls_namespace="idem-test")


@api.post("/things")
def make_thing(request):  # type: ignore[no-untyped-def]
    from joopas.core import audit

    event = audit.record("test.thing.created", actor=request.user)
    return {"id": event.pk}


@api.post("/boom")
def boom(request):  # type: ignore[no-untyped-def]
    raise RuntimeError("server error")


urlpatterns = [path("api/test/", api.urls)]


@pytest.fixture
def user_client(client: Client) -> Client:
    user = make_user()
    client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
    return client


@override_settings(ROOT_URLCONF=__name__)
def test_repeated_key_replays_the_first_answer_without_a_second_effect(user_client: Client) -> None:
    first = user_client.post("/api/test/things", content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1")
    second = user_client.post("/api/test/things", content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert second["Idempotent-Replayed"] == "true"
    assert AuditEvent.objects.filter(event="test.thing.created").count() == 1
    third = user_client.post("/api/test/things", content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-2")
    assert third.json()["id"] != first.json()["id"]


@override_settings(ROOT_URLCONF=__name__)
def test_same_key_with_another_body_is_refused_and_changes_nothing(user_client: Client) -> None:
    user_client.post("/api/test/things", {"a": 1}, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k")
    again = user_client.post("/api/test/things", {"a": 2}, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k")
    assert again.status_code == 422
    assert again.json()["code"] == "idempotency.key_reused"
    assert AuditEvent.objects.filter(event="test.thing.created").count() == 1


@override_settings(ROOT_URLCONF=__name__)
def test_keys_are_scoped_to_the_caller(client: Client) -> None:
    clients = []
    for n in range(2):
        c = Client()
        user = make_user(n + 1)
        c.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
        clients.append(c)
    a = clients[0].post("/api/test/things", content_type="application/json", HTTP_IDEMPOTENCY_KEY="same")
    b = clients[1].post("/api/test/things", content_type="application/json", HTTP_IDEMPOTENCY_KEY="same")
    assert a.json()["id"] != b.json()["id"]
    assert AuditEvent.objects.filter(event="test.thing.created").count() == 2


@override_settings(ROOT_URLCONF=__name__)
def test_server_errors_are_not_stored_so_the_key_can_be_retried(user_client: Client) -> None:
    user_client.raise_request_exception = False
    response = user_client.post("/api/test/boom", content_type="application/json", HTTP_IDEMPOTENCY_KEY="b")
    assert response.status_code == 500
    assert IdempotencyRecord.objects.count() == 0


@override_settings(ROOT_URLCONF=__name__)
def test_anonymous_requests_are_not_deduplicated(client: Client) -> None:
    client.post("/api/test/things", content_type="application/json", HTTP_IDEMPOTENCY_KEY="anon")
    client.post("/api/test/things", content_type="application/json", HTTP_IDEMPOTENCY_KEY="anon")
    assert IdempotencyRecord.objects.count() == 0
    assert AuditEvent.objects.filter(event="test.thing.created").count() == 2


@override_settings(ROOT_URLCONF=__name__)
def test_records_are_purged_after_the_ttl(user_client: Client) -> None:
    user_client.post("/api/test/things", content_type="application/json", HTTP_IDEMPOTENCY_KEY="old")
    with time_machine.travel(timezone.now() + dt.timedelta(hours=25), tick=False):
        purge_idempotency_records()
    assert IdempotencyRecord.objects.count() == 0
