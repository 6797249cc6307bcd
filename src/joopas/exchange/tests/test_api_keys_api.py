"""Issue 12: API keys can be created through the API by a main user (and by a platform admin for an
organisation without a key), not only on the pages. Four actors; a denial creates nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest

from joopas.access.api import Role
from joopas.access.models import ApiKey
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import UserFactory
from joopas.exchange.tests.conftest import Org
from joopas.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/exchange/api-keys"


def create(client: Any, oid: str, name: str = "Sisu") -> Any:
    return client.post(URL, data=json.dumps({"organisation": oid, "name": name}), content_type="application/json")


def test_a_main_user_creates_a_working_key(client, home: Org) -> None:
    client.force_login(home.main_user)
    r = create(client, home.org.oid)
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["organisation"], body["name"], body["key"].startswith("jpk_")) == (home.org.oid, "Sisu", True)
    feed = client.get("/api/v1/exchange/feed", HTTP_AUTHORIZATION=f"Bearer {body['key']}")
    assert feed.status_code == 200


def test_a_platform_admin_creates_the_first_key_of_an_organisation(client, db) -> None:
    org, admin = OrganisationFactory(), UserFactory()
    grant(admin, OrganisationFactory(), Role.PLATFORM_ADMIN)
    client.force_login(admin)
    assert create(client, org.oid).status_code == 201
    assert ApiKey.objects.filter(organisation_id=org.pk).count() == 1


def test_another_organisations_main_user_and_a_user_without_a_role_are_refused(client, home: Org, host: Org) -> None:
    before = ApiKey.objects.count()
    client.force_login(host.main_user)
    assert create(client, home.org.oid).status_code == 403
    client.force_login(UserFactory())
    assert create(client, home.org.oid).status_code == 403
    assert ApiKey.objects.count() == before


def test_anonymous_and_an_api_key_cannot_create_keys(client, home: Org) -> None:
    before = ApiKey.objects.count()
    assert create(client, home.org.oid).status_code == 401
    r = client.post(URL, data=json.dumps({"organisation": home.org.oid, "name": "x"}),
                    content_type="application/json", **home.headers())
    assert r.status_code == 401
    assert ApiKey.objects.count() == before


def test_an_unknown_organisation_is_not_found(client, home: Org) -> None:
    client.force_login(home.main_user)
    r = create(client, "1.2.246.562.10.00000000001")
    assert (r.status_code, r.json()["code"]) == (404, "exchange.unknown_organisation")
