"""R-ACC-6: the audit log shows the acting organisation (whose role the actor used) beside the organisation
concerned, in the search pages, the CSV export (headers in fi/sv/en) and the API; platform admins filter by it."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client

from joopas.access.models import Role
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import UserFactory
from joopas.core import audit, context
from joopas.core.models import AuditEvent
from joopas.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _event(name: str, *, acting: str, concerned: str) -> AuditEvent:
    token = context.set_current(context.RequestContext(request_id="r", ip=None, organisation_oid=acting))
    try:
        return audit.record(name, actor="tester@example.fi", organisation=concerned)
    finally:
        context.reset(token)


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    org, parent, other = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    main = UserFactory(email="paa@oma.fi")
    grant(main, org, Role.MAIN_USER)
    admin = UserFactory(email="admin@joopas.fi")
    grant(admin, OrganisationFactory(), Role.PLATFORM_ADMIN)
    _event("test.by_parent", acting=parent.oid, concerned=org.oid)
    _event("test.by_self", acting=org.oid, concerned=org.oid)
    _event("test.elsewhere", acting=parent.oid, concerned=other.oid)
    return {"org": org, "parent": parent, "other": other, "main": main, "admin": admin}


def _client(user: Any, lang: str = "fi") -> Client:
    c = Client(HTTP_ACCEPT_LANGUAGE=lang)
    c.force_login(user)
    return c


@pytest.mark.parametrize(("lang", "acting", "concerned"), [
    ("fi", "Asiointiorganisaatio", "Kohdeorganisaatio"),
    ("sv", "Organisation du agerar för", "Berörd organisation"),
    ("en", "Acting organisation", "Organisation concerned"),
])
def test_r_acc_6_csv_has_both_organisations_with_translated_headers(world: dict[str, Any], lang: str,
                                                                     acting: str, concerned: str) -> None:
    r = _client(world["main"], lang).get(f"/access/organisations/{world['org'].pk}/audit/?format=csv&event=test.")
    rows = list(csv.reader(io.StringIO(r.content.decode())))
    assert rows[0][3:5] == [acting, concerned]
    assert sorted((row[1], row[3], row[4]) for row in rows[1:]) == [
        ("test.by_parent", world["parent"].oid, world["org"].oid),
        ("test.by_self", world["org"].oid, world["org"].oid)]


def test_r_acc_6_page_shows_both_organisations(world: dict[str, Any]) -> None:
    page = _client(world["main"]).get(f"/access/organisations/{world['org'].pk}/audit/?event=test.").content.decode()
    # Issue 11: names in the table (the OID in a title), the acting organisation in the row's details.
    org, parent = world["org"], world["parent"]
    assert "<th scope=\"col\">Kohdeorganisaatio</th>" in page
    assert f'<span title="{org.oid}">{org.name_fi}</span>' in page
    assert f"<dt>Asiointiorganisaatio</dt><dd>{parent.name_fi} (<code>{parent.oid}</code>)</dd>" in page
    assert world["other"].oid not in page


def test_r_acc_6_platform_admin_filters_by_acting_organisation(world: dict[str, Any]) -> None:
    c = _client(world["admin"])
    page = c.get(f"/access/audit/?event=test.&acting_organisation={world['parent'].oid}").content.decode()
    assert ("test.by_parent" in page, "test.elsewhere" in page, "test.by_self" in page) == (True, True, False)
    r = c.get(f"/access/audit/?format=csv&event=test.&acting_organisation={world['org'].oid}")
    assert [row[1] for row in list(csv.reader(io.StringIO(r.content.decode())))[1:]] == ["test.by_self"]
    api = c.get(f"/api/v1/access/audit?event=test.&acting_organisation_oid={world['parent'].oid}").json()
    assert sorted((e["event"], e["acting_organisation_oid"], e["organisation_oid"]) for e in api) == [
        ("test.by_parent", world["parent"].oid, world["org"].oid),
        ("test.elsewhere", world["parent"].oid, world["other"].oid)]


def test_r_acc_6_main_user_has_no_acting_organisation_filter(world: dict[str, Any]) -> None:
    """A main user's search stays within the organisation concerned; the filter field is not offered."""
    c = _client(world["main"])
    page = c.get(f"/access/organisations/{world['org'].pk}/audit/?event=test.&acting_organisation="
                 f"{world['other'].oid}").content.decode()
    assert 'name="acting_organisation"' not in page
    assert ("test.by_parent" in page, "test.by_self" in page) == (True, True)
    api = c.get(f"/api/v1/access/audit?organisation_id={world['org'].pk}&event=test."
                f"&acting_organisation_oid={world['other'].oid}").json()
    assert sorted(e["event"] for e in api) == ["test.by_parent", "test.by_self"]
