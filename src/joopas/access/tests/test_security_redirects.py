"""Issue 10, item 13: the acting-organisation form follows `next` only within this site (no open redirect)."""

from __future__ import annotations

import pytest
from django.test import Client

from joopas.access.models import Role
from joopas.access.tests.conftest import main_user, org, other_org  # noqa: F401 - fixtures
from joopas.access.tests.factories import grant

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("given", "followed"), [
    ("https://evil.example/phish", "/accounts/desk/"),
    ("//evil.example/phish", "/accounts/desk/"),
    ("javascript:alert(1)", "/accounts/desk/"),
    ("https://testserver.evil.example/", "/accounts/desk/"),
    ("", "/accounts/desk/"),
    ("/catalogue/?q=tilasto", "/catalogue/?q=tilasto"),
    ("http://testserver/access/", "http://testserver/access/"),
])
def test_acting_organisation_follows_only_local_next(org, other_org, main_user, given, followed):  # noqa: F811
    grant(main_user, other_org, Role.OFFICER)
    c = Client()
    c.force_login(main_user)
    r = c.post("/access/acting/", {"organisation": other_org.oid, "next": given})
    assert (r.status_code, r["Location"]) == (302, followed)
    assert c.session["acting_organisation"] == other_org.oid
