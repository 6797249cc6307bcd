"""Officer pages: the four-actor permission matrix, and a denial changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from joopas.access.api import Role
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import UserFactory
from joopas.exchange.models import Delivery, ExchangeSettings
from joopas.exchange.tests.conftest import envelope, make_org, post, snapshot, student_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(client: Any, home: Any, host: Any) -> str:
    env = envelope("UPDATE_STUDENT_REQUEST", student_update(), recipient=host.org.oid)
    assert post(client, home, env).status_code == 202
    return str(env["message_id"])


def _user(org: Any = None, role: str = Role.OFFICER) -> Any:
    u = UserFactory()
    if org is not None:
        grant(u, org, role)
    return u


def test_message_pages_permission_matrix(client, home, host, sent) -> None:
    url = f"/exchange/messages/{sent}/"
    assert client.get(url).status_code == 302  # anonymous → login
    assert client.get("/exchange/").status_code == 302
    client.force_login(_user(home.org))  # sender's officer
    r = client.get(url)
    assert r.status_code == 200
    assert "UPDATE_STUDENT_REQUEST" in r.content.decode()
    assert sent in client.get("/exchange/").content.decode()
    client.force_login(_user(host.org))  # receiver's officer
    assert client.get(url).status_code == 200
    client.force_login(_user(make_org("33333").org))  # other organisation
    assert client.get(url).status_code == 404
    assert sent not in client.get("/exchange/").content.decode()
    client.force_login(_user())  # no role
    assert client.get(url).status_code == 403
    assert client.get("/exchange/").status_code == 403


def test_replay_permission_matrix_and_denial_changes_nothing(client, home, host, sent) -> None:
    d = Delivery.objects.get()
    Delivery.objects.filter(pk=d.pk).update(status="dead", attempts=10)
    url = f"/exchange/deliveries/{d.pk}/replay/"
    before = snapshot()
    assert client.post(url).status_code == 302 and snapshot() == before  # anonymous → login
    for user in (_user(make_org("33334").org), _user()):  # other organisation, no role
        client.force_login(user)
        assert client.post(url).status_code == 404
        assert client.get(f"/exchange/deliveries/{d.pk}/").status_code == 404
        assert snapshot() == before
    client.force_login(_user(host.org))  # receiver's officer may replay
    assert client.post(url).status_code == 302
    assert Delivery.objects.get().status == "pending"


def test_dead_payload_edit_is_validated_and_audited(client, home, host, sent) -> None:
    from joopas.core.models import AuditEvent

    d = Delivery.objects.get()
    Delivery.objects.filter(pk=d.pk).update(status="dead")
    client.force_login(_user(host.org))
    r = client.post(f"/exchange/deliveries/{d.pk}/", {"payload": '{"oid": "x"}'})
    assert r.status_code == 200
    assert "firstNames" in r.content.decode()
    assert d.message.__class__.objects.get(pk=d.message_id).payload == student_update()
    fixed = {**student_update(), "surName": "Korjattu"}
    import json

    r = client.post(f"/exchange/deliveries/{d.pk}/", {"payload": json.dumps(fixed)})
    assert r.status_code == 302
    assert d.message.__class__.objects.get(pk=d.message_id).payload == fixed
    ev = AuditEvent.objects.get(event="exchange.payload_edited")
    assert (ev.before, ev.after) == (student_update(), fixed)


def test_settings_page_main_user_only(client, home, host) -> None:
    url = f"/exchange/settings/{host.id}/"
    before = snapshot()
    data = {"channel": "webhook", "webhook_url": "https://sis.example.fi/joopas", "max_attempts": "5",
            "contact_email": "sis@example.fi"}
    assert client.post(url, data).status_code == 302  # anonymous
    for user in (_user(host.org, Role.OFFICER), _user(home.org, Role.MAIN_USER), _user()):
        client.force_login(user)
        assert client.post(url, data).status_code == 403
    assert snapshot() == before
    client.force_login(host.main_user)
    assert client.post(url, data).status_code == 302
    conf = ExchangeSettings.objects.get(organisation_id=host.id)
    assert (conf.channel, conf.webhook_url, conf.max_attempts, len(conf.webhook_secret)) == \
        ("webhook", "https://sis.example.fi/joopas", 5, 64)


def test_webhook_must_be_https(client, host, settings) -> None:
    settings.EXCHANGE_WEBHOOK_ALLOW_HTTP = False
    client.force_login(host.main_user)
    r = client.post(f"/exchange/settings/{host.id}/", {"channel": "webhook", "webhook_url": "http://sis.example.fi/",
                                                        "max_attempts": "5"})
    assert r.status_code == 200
    assert not ExchangeSettings.objects.filter(organisation_id=host.id).exists()


def test_guide_shows_every_type(client) -> None:
    from joopas.exchange.registry import TYPES

    body = client.get("/exchange/guide/").content.decode()
    for name in TYPES:
        assert f'<code class="type-name">{name}</code></h2>' in body  # issue 11: after its translated label
