"""The login listeners access registers with accounts: audit of every attempt, the acting organisation.
(Lives in access: it needs grants, which accounts' own tests may not import - the app graph points one way.)"""

from __future__ import annotations

import pytest
from django.test import Client

from joopas.access.models import Role
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import PASSWORD, UserFactory
from joopas.core.models import AuditEvent
from joopas.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_r_acc_6_repeated_failures_lock_the_account_and_every_attempt_is_audited(settings):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(email="lukko@oma.fi")
    c = Client()
    for _ in range(3):
        c.post("/accounts/login/", {"username": "lukko@oma.fi", "password": "väärä-salasana"})
    r = c.post("/accounts/login/", {"username": "lukko@oma.fi", "password": PASSWORD})
    assert r.status_code == 429
    assert "_auth_user_id" not in c.session
    rows = list(AuditEvent.objects.order_by("id").values_list("event", "after__locked_out"))
    assert rows == [("auth.login.failed", False), ("auth.login.failed", False), ("auth.login.failed", True),
                    ("auth.login.failed", True)]


def test_r_acc_3_login_sets_acting_organisation_and_desk_warns_and_links_by_role():
    org = OrganisationFactory(name_fi="Oma")
    user = UserFactory(email="paa@oma.fi")
    grant(user, org, Role.MAIN_USER)
    c = Client()
    c.post("/accounts/login/", {"username": "paa@oma.fi", "password": PASSWORD})
    assert c.session["acting_organisation"] == org.oid
    assert AuditEvent.objects.get(event="auth.login.succeeded").organisation_oid == org.oid
    desk = c.get("/accounts/desk/").content.decode()
    assert f'href="/access/organisations/{org.pk}/"' in desk
    assert "Oma: alle kaksi" not in desk
    assert "Organisaatiolla Oma on alle kaksi voimassa olevaa pääkäyttäjää." in desk  # R-ACC-3
    assert "/organisations/registrations/" not in desk
    admin = UserFactory()
    grant(admin, org, Role.PLATFORM_ADMIN)
    c.force_login(admin)
    desk = c.get("/accounts/desk/").content.decode()
    for url in ("/organisations/registrations/", "/access/applications/", "/access/continuity/", "/access/audit/"):
        assert f'href="{url}"' in desk
