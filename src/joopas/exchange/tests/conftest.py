from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from joopas.access.api import Role, create_api_key
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import UserFactory
from joopas.exchange.models import Delivery, DeliveryAttempt, ExchangeSettings, Message, StatusEvent
from joopas.organisations.tests.factories import OrganisationFactory


@dataclass
class Org:
    org: Any
    key: str
    main_user: Any

    @property
    def id(self) -> int:
        return int(self.org.pk)

    def headers(self) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.key}"}


def make_org(tk: str) -> Org:
    org = OrganisationFactory(tk_code=tk)
    user = UserFactory()
    grant(user, org, Role.MAIN_USER)
    _client, raw = create_api_key(actor=user, organisation_id=org.pk, name="SIS")
    return Org(org, raw, user)


@pytest.fixture(autouse=True)
def _loopback_webhooks(settings: Any) -> None:
    """The exchange tests' webhook receivers listen on loopback (`exchange.testing.Receiver`); production
    refuses such addresses (issue 10). Tests of the refusal turn this off."""
    settings.EXCHANGE_WEBHOOK_ALLOW_LOOPBACK = True


@pytest.fixture
def transport_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The exchange's tests exercise the transport with the student updates as its addressed type and their
    replies: the owning apps' handlers and recipient checks (R-REG-7, tested in the rights and records apps)
    are switched off, as for any type a domain app registers."""
    from dataclasses import replace

    from joopas.exchange import registry

    for name, mtype in list(registry.TYPES.items()):
        if mtype.addressed or mtype.reply_to:
            monkeypatch.setitem(registry.TYPES, name, replace(mtype, handler=None))
    for name in list(registry.RECIPIENT_CHECKS):
        monkeypatch.delitem(registry.RECIPIENT_CHECKS, name)


@pytest.fixture(autouse=True)
def _transport_only(transport_only: None) -> None:
    """Every test of the exchange app tests the transport alone (see `transport_only`)."""


@pytest.fixture
def home(db: Any) -> Org:
    return make_org("01901")


@pytest.fixture
def host(db: Any) -> Org:
    return make_org("10076")


def envelope(type_: str, payload: dict[str, Any], *, message_id: str | None = None,
             recipient: str | None = None) -> dict[str, Any]:
    env: dict[str, Any] = {"message_id": message_id or str(uuid.uuid4()), "type": type_, "schema_version": "1",
                           "sent_at": dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC).isoformat(),
                           "payload": payload}
    if recipient:
        env["recipient"] = recipient
    return env


def post(client: Any, org: Org, body: Any, path: str = "/api/v1/exchange/messages") -> Any:
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    return client.post(path, data=data, content_type="application/json", **org.headers())


def snapshot() -> dict[str, Any]:
    return {
        "messages": sorted(Message.objects.values_list("id", "status", "payload")),
        "deliveries": sorted(Delivery.objects.values_list("id", "status", "attempts")),
        "events": StatusEvent.objects.count(),
        "attempts": DeliveryAttempt.objects.count(),
        "settings": sorted(ExchangeSettings.objects.values_list("organisation_id", "channel", "webhook_url")),
    }


def student_update(oid: str = "1.2.246.562.24.10000000008") -> dict[str, Any]:
    return {"oid": oid, "firstNames": "Olli Ilmari", "surName": "Opiskelija",
            "email": ["olli.opiskelija@example.fi"]}
