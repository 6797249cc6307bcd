"""Issue 12, "Markup in a name": every text field of the networks JSON API is plain text (docs/security.md, "input
policy"; the one validator, `joopas.core.text.plain_text`). Markup is refused with 422 naming the field, and
nothing is stored."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from joopas.core.clock import today
from joopas.networks.models import Network, NetworkChange

pytestmark = pytest.mark.django_db
BASE = "/api/v1/networks/"
MARKUP = "<b>x</b><script>alert(1)</script>"


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def send(c: Client, method: str, url: str, data: dict[str, Any]) -> Any:
    return getattr(c, method)(url, json.dumps(data, default=str), content_type="application/json")


def errors(r: Any) -> list[tuple[str, str]]:
    return [(e["code"], e["path"]) for e in r.json()["details"]["errors"]]


def body(world: Any, **changes: Any) -> dict[str, Any]:
    return {"code": "UUSI", "name": {"fi": "Uusi verkosto", "sv": "Nytt nätverk", "en": "New network"},
            "network_type": "freedom_of_choice", "coordinating_organisation_id": world.hy.pk,
            "valid_from": str(today()), **changes}


@pytest.mark.parametrize(("changes", "path"), [
    ({"name": {"fi": MARKUP, "sv": "", "en": ""}}, "name/fi"),
    ({"code": "<b>X</b>"}, "code"),
    ({"abbreviation": "<i>V</i>"}, "abbreviation"),
    ({"description": {"fi": "ok", "sv": MARKUP, "en": ""}}, "description/sv"),
    ({"eligibility": {"fi": "", "sv": "", "en": "<img src=x onerror=alert(1)>"}}, "eligibility/en"),
])
def test_create_refuses_markup_naming_the_field(world: Any, changes: dict[str, Any], path: str) -> None:
    before = (Network.objects.count(), NetworkChange.objects.count())
    r = send(client_for(world.coordinator), "post", BASE, body(world, **changes))
    assert r.status_code == 422, r.content
    assert errors(r) == [("markup", path)]
    assert (Network.objects.count(), NetworkChange.objects.count()) == before


def test_update_refuses_markup_and_changes_nothing(world: Any) -> None:
    before = list(Network.objects.values_list("name_fi", "description_fi"))
    r = send(client_for(world.coordinator), "patch", f"{BASE}{world.network.code}",
             {"description": {"fi": MARKUP, "sv": "", "en": ""}})
    assert r.status_code == 422, r.content
    assert errors(r) == [("markup", "description/fi")]
    assert list(Network.objects.values_list("name_fi", "description_fi")) == before


def test_a_name_longer_than_the_column_is_refused_not_a_server_error(world: Any) -> None:
    r = send(client_for(world.coordinator), "post", BASE, body(world, name={"fi": "x" * 201, "sv": "", "en": ""}))
    assert r.status_code == 422, r.content
    assert errors(r)[0][1] == "name/fi"
    assert not Network.objects.filter(code="UUSI").exists()


def test_plain_text_with_a_lone_less_than_sign_is_kept(world: Any) -> None:
    r = send(client_for(world.coordinator), "post", BASE, body(world, name={"fi": "Opinnot < 5 op", "sv": "", "en": ""}))
    assert r.status_code == 201, r.content
    assert Network.objects.get(code="UUSI").name_fi == "Opinnot < 5 op"
