"""Permission matrix (ARCHITECTURE: tests): every exchange page and endpoint for anonymous / own organisation /
other organisation / no role; every denial changes nothing.

Pages: "own" is the main user of the receiving organisation, "other" the main user of an organisation that
neither sent nor received the message, "no role" a user without grants. API (authenticated by organisation
keys): "own" is the receiving organisation's key, "other" another organisation's key, "no role" a key no
organisation holds.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client

from joopas.access.api import Role
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import UserFactory
from joopas.core.models import AuditEvent
from joopas.exchange.models import Delivery, ExchangeSettings, Message
from joopas.exchange.tests.conftest import envelope, make_org, post, student_update

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "own", "other", "no_role"]


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    url: str  # formatted with the world's ids
    expected: dict[str, int]  # actor → status
    data: Any = None
    api: bool = False
    hidden: tuple[str, ...] = field(default=("other",))  # actors that must not see the message id in the body


PAGE_DENIED = {"anonymous": 302, "no_role": 403}
CASES = [
    Case("message list", "get", "/exchange/", {**PAGE_DENIED, "own": 200, "other": 200}),
    Case("message detail", "get", "/exchange/messages/{msg}/", {**PAGE_DENIED, "own": 200, "other": 404}),
    Case("dead letters", "get", "/exchange/dead-letters/", {**PAGE_DENIED, "own": 200, "other": 200}),
    Case("delivery detail", "get", "/exchange/deliveries/{delivery}/",
         {"anonymous": 302, "own": 200, "other": 404, "no_role": 404}),
    Case("payload edit", "post", "/exchange/deliveries/{delivery}/",
         {"anonymous": 302, "own": 302, "other": 404, "no_role": 404},
         {"payload": json.dumps({**student_update(), "surName": "Korjattu"})}),
    Case("replay", "post", "/exchange/deliveries/{delivery}/replay/",
         {"anonymous": 302, "own": 302, "other": 404, "no_role": 404}, {}),
    Case("settings", "get", "/exchange/settings/{org}/", {**PAGE_DENIED, "own": 200, "other": 403}),
    Case("settings save", "post", "/exchange/settings/{org}/", {**PAGE_DENIED, "own": 302, "other": 403},
         {"channel": "pull", "webhook_url": "", "max_attempts": "7", "contact_email": "sis@example.fi"}),
    Case("guide", "get", "/exchange/guide/", dict.fromkeys(ACTORS, 200)),
    # API
    Case("api message status", "get", "/api/v1/exchange/messages/{msg}",
         {"anonymous": 401, "own": 200, "other": 404, "no_role": 401}, api=True),
    Case("api feed", "get", "/api/v1/exchange/feed", {"anonymous": 401, "own": 200, "other": 200, "no_role": 401},
         api=True),
    Case("api validate ack", "post", "/api/v1/exchange/validate",
         {"anonymous": 401, "own": 200, "other": 422, "no_role": 401}, "ack", api=True),
    Case("api send ack", "post", "/api/v1/exchange/messages",
         {"anonymous": 401, "own": 202, "other": 422, "no_role": 401}, "ack", api=True),
]


def _world() -> dict[str, Any]:
    home, host, outsider = make_org("01901"), make_org("10076"), make_org("02000")
    env = envelope("UPDATE_STUDENT_REQUEST", student_update(), recipient=host.org.oid)
    assert post(Client(), home, env).status_code == 202
    d = Delivery.objects.get()
    Delivery.objects.filter(pk=d.pk).update(status="dead", attempts=10)
    no_role = UserFactory()
    other_user = UserFactory()
    grant(other_user, outsider.org, Role.MAIN_USER)
    return {"msg": env["message_id"], "delivery": d.pk, "org": host.id,
            "users": {"own": host.main_user, "other": outsider.main_user, "no_role": no_role},
            "keys": {"own": host.key, "other": outsider.key, "no_role": "jpk_000000000000_nobodyholdsthiskey"},
            "ack": envelope("ACKNOWLEDGEMENT", {"requestId": env["message_id"]})}


def _state() -> dict[str, Any]:
    """What a denial must leave alone (a refused API message is itself recorded, by design: R-EXC-1)."""
    return {"deliveries": sorted(Delivery.objects.values_list("id", "status", "attempts", "max_attempts")),
            "validated": sorted(Message.objects.exclude(status="refused").values_list("id", "status", "payload")),
            "settings": sorted(ExchangeSettings.objects.values_list("organisation_id", "channel", "max_attempts")),
            "audit": AuditEvent.objects.count()}


def _request(client: Client, case: Case, world: dict[str, Any], actor: str) -> Any:
    url = case.url.format(**world)
    if case.api:
        headers = {} if actor == "anonymous" else {"HTTP_AUTHORIZATION": f"Bearer {world['keys'][actor]}"}
        if case.method == "get":
            return client.get(url, **headers)
        return client.post(url, data=json.dumps(world[case.data]), content_type="application/json", **headers)
    if actor != "anonymous":
        client.force_login(world["users"][actor])
    return client.get(url) if case.method == "get" else client.post(url, data=case.data)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_r_exc_4_permission_matrix(case: Case, actor: str) -> None:
    world = _world()
    before = _state()
    response = _request(Client(), case, world, actor)
    assert response.status_code == case.expected[actor], (case.name, actor, response.status_code)
    if actor in case.hidden and response.status_code == 200 and not case.url.startswith("/exchange/guide"):
        assert world["msg"] not in response.content.decode()
    if response.status_code == 302:
        assert response["Location"].startswith("/accounts/login/") == (actor == "anonymous")
    if response.status_code >= 300 and actor != "own":
        assert _state() == before
