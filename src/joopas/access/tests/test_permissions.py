"""Permission matrix (ARCHITECTURE: tests): every page and endpoint of issue 3 for anonymous / own
organisation / other organisation / no role; every denial changes nothing."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from joopas.access.models import AccessRequest, ApiKey, Grant, Invitation, Role
from joopas.access.services import invitation_create
from joopas.access.tests.conftest import snapshot
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import UserFactory
from joopas.core.models import AuditEvent
from joopas.organisations import services as org_services
from joopas.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "own", "other", "no_role"]


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    url: str  # formatted with the world's ids
    kind: str  # public | login | org | admin
    data: dict[str, Any] | None = None
    api: bool = False


CASES = [
    Case("organisation list", "get", "/organisations/", "public"),
    Case("organisation detail", "get", "/organisations/{org_oid}/", "public"),
    Case("register wizard", "get", "/organisations/register/", "public"),
    Case("review queue", "get", "/organisations/registrations/", "admin"),
    Case("review approve", "post", "/organisations/registrations/", "admin", {"ids": ["{reg}"], "action": "approve"}),
    Case("review reject", "post", "/organisations/registrations/", "admin",
         {"ids": ["{reg}"], "action": "reject", "reason": "x"}),
    Case("desk", "get", "/accounts/desk/", "login"),
    Case("access home", "get", "/access/", "login"),
    Case("acting organisation", "get", "/access/acting/", "login"),
    Case("apply", "get", "/access/apply/", "login"),
    Case("organisation access", "get", "/access/organisations/{org}/", "org"),
    Case("grant", "post", "/access/organisations/{org}/grants/", "org", {"email": "{free_email}", "role": "officer"}),
    Case("grant detail", "get", "/access/grants/{grant}/", "org"),
    Case("renew", "post", "/access/grants/{grant}/renew/", "org", {}),
    Case("close", "post", "/access/grants/{grant}/close/", "org", {"reason": "x"}),
    Case("invite form", "get", "/access/organisations/{org}/invite/", "org"),
    Case("invite", "post", "/access/organisations/{org}/invite/", "org",
         {"email": "new@x.fi", "first_name": "N", "last_name": "N", "language": "fi", "roles": ["officer"]}),
    Case("invitation cancel", "post", "/access/invitations/{inv}/cancel/", "org", {}),
    Case("invitation accept page", "get", "/access/invitations/{token}/", "public"),
    Case("api keys", "get", "/access/organisations/{org}/keys/", "org"),
    Case("api key create", "post", "/access/organisations/{org}/keys/", "org", {"name": "Peppi"}),
    Case("api key rotate", "post", "/access/keys/{key}/rotate/", "org", {}),
    Case("api key revoke", "post", "/access/keys/{key}/revoke/", "org", {}),
    Case("organisation audit", "get", "/access/organisations/{org}/audit/", "org"),
    Case("audit csv", "get", "/access/organisations/{org}/audit/?format=csv", "org"),
    Case("whole audit", "get", "/access/audit/", "admin"),
    Case("applications", "get", "/access/applications/", "admin"),
    Case("application decide", "post", "/access/applications/{app}/decide/", "admin", {"decision": "approve"}),
    Case("continuity", "get", "/access/continuity/", "admin"),
    # API
    Case("api org list", "get", "/api/v1/organisations/", "public", api=True),
    Case("api org detail", "get", "/api/v1/organisations/{org_oid}", "public", api=True),
    Case("api registrations", "get", "/api/v1/organisations/registrations", "admin", api=True),
    Case("api approve", "post", "/api/v1/organisations/registrations/approve", "admin", {"ids": ["{reg}"]}, api=True),
    Case("api reject", "post", "/api/v1/organisations/registrations/reject", "admin", {"ids": ["{reg}"], "reason": "x"},
         api=True),
    Case("api my roles", "get", "/api/v1/access/me/roles", "login", api=True),
    Case("api grants", "get", "/api/v1/access/organisations/{org}/grants", "org", api=True),
    Case("api grant", "post", "/api/v1/access/grants", "org",
         {"user_email": "{free_email}", "organisation_id": "{org}", "role": "officer"}, api=True),
    Case("api renew", "post", "/api/v1/access/grants/{grant}/renew", "org", {}, api=True),
    Case("api close", "post", "/api/v1/access/grants/{grant}/close", "org", {}, api=True),
    Case("api invite", "post", "/api/v1/access/invitations", "org",
         {"organisation_id": "{org}", "email": "n@x.fi", "first_name": "N", "last_name": "N", "roles": ["officer"]},
         api=True),
    Case("api audit", "get", "/api/v1/access/audit?organisation_id={org}", "org", api=True),
    Case("api whole audit", "get", "/api/v1/access/audit", "admin", api=True),
]


def _world() -> dict[str, Any]:
    org, other = OrganisationFactory(), OrganisationFactory()
    own = UserFactory(email="own@oma.fi")
    grant(own, org, Role.MAIN_USER)
    outsider = UserFactory(email="other@toinen.fi")
    grant(outsider, other, Role.MAIN_USER)
    no_role = UserFactory(email="none@example.fi")
    target = UserFactory(email="target@oma.fi")
    g = grant(target, org, Role.OFFICER)
    free = UserFactory(email="free@oma.fi")
    inv, token = invitation_create(actor=own, organisation_id=org.pk, email="invitee@oma.fi", first_name="I",
                                    last_name="V", roles=[Role.OFFICER])
    key = ApiKey.objects.create(organisation_id=org.pk, name="Sisu", prefix="abc123", key_hash="0" * 64)
    app = AccessRequest.objects.create(organisation_id=org.pk, user=target, role=Role.MAIN_USER)
    reg = org_services.registration_submit(data=org_services.RegistrationInput(
        org_type="other", name_fi="Uusi Oy", name_sv="", name_en="", business_id="2345678-0", municipality="",
        website="", email="", main_user_first_name="U", main_user_last_name="U", main_user_email="u@uusi.fi",
        main_user_language="fi"))
    return {"org": org.pk, "org_oid": org.oid, "grant": g.pk, "inv": inv.pk, "key": key.pk, "app": app.pk,
            "reg": reg.pk, "token": token, "free_email": free.email, "users": {"own": own, "other": outsider, "no_role": no_role}}


def _fill(value: Any, world: dict[str, Any]) -> Any:
    if isinstance(value, str):
        out = value.format(**world)
        return int(out) if value in ("{org}", "{reg}") and out.isdigit() else out
    if isinstance(value, list):
        return [_fill(v, world) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, world) for k, v in value.items()}
    return value


def _request(client: Client, case: Case, world: dict[str, Any]) -> Any:
    url = case.url.format(**world)
    data = _fill(case.data or {}, world)
    if case.method == "get":
        return client.get(url)
    if case.api:
        return client.post(url, data=json.dumps(data), content_type="application/json")
    return client.post(url, data=data)


def _allowed(case: Case, actor: str) -> bool:
    return {"public": True, "login": actor != "anonymous", "org": actor == "own", "admin": False}[case.kind]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_r_acc_1_permission_matrix(case: Case, actor: str) -> None:
    world = _world()
    client = Client()
    if actor != "anonymous":
        client.force_login(world["users"][actor])
    before, audit_before = snapshot(), AuditEvent.objects.count()
    response = _request(client, case, world)
    if _allowed(case, actor):
        assert response.status_code in (200, 201, 302), (case.name, actor, response.status_code)
        if response.status_code == 302:
            assert "/accounts/login/" not in response["Location"]
        return
    if actor == "anonymous":
        if case.api:
            assert response.status_code == 401
        else:
            assert response.status_code == 302
            assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == 403, (case.name, actor, response.status_code)
        if case.api:
            assert response.json()["code"].startswith(("permission_denied", "access."))
    assert snapshot() == before
    assert AuditEvent.objects.count() == audit_before
    assert Grant.objects.get(pk=world["grant"]).status == "granted"
    assert Invitation.objects.get(pk=world["inv"]).status == "open"


def test_r_acc_1_platform_admin_reaches_the_admin_pages() -> None:
    world = _world()
    admin = UserFactory()
    grant(admin, OrganisationFactory(), Role.PLATFORM_ADMIN)
    client = Client()
    client.force_login(admin)
    for case in CASES:
        if case.kind == "admin" and case.method == "get":
            assert _request(client, case, world).status_code == 200, case.name
