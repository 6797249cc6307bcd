"""Officer message status page in the browser: login, history, and 0 axe-core violations."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from joopas.access.api import Role
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import UserFactory
from joopas.exchange.models import Delivery
from joopas.exchange.tests.conftest import (
    envelope,
    make_org,
    student_update,
    transport_only,  # noqa: F401  (the transport alone)
)
from tests.e2e.conftest import axe_violations, describe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("transport_only")]


def test_officer_message_status_page_has_no_axe_violations(live_server, page) -> None:
    home, host = make_org("01901"), make_org("10076")
    env = envelope("UPDATE_STUDENT_REQUEST", student_update(), recipient=host.org.oid)
    r = Client().post("/api/v1/exchange/messages", data=json.dumps(env), content_type="application/json",
                      HTTP_AUTHORIZATION=f"Bearer {home.key}")
    assert r.status_code == 202
    Delivery.objects.update(status="dead", attempts=10, last_error="HTTP 500: receiver down")
    officer = UserFactory(email="virkailija@example.fi")
    officer.set_password("kelpo-salasana-2026")
    officer.save()
    grant(officer, home.org, Role.OFFICER)

    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=username]", "virkailija@example.fi")
    page.fill("input[name=password]", "kelpo-salasana-2026")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.goto(f"{live_server.url}/exchange/messages/{env['message_id']}/")
    assert page.locator("h1").inner_text() == "Opiskelijan tietojen päivitys"  # issue 11: words, not codes
    assert page.locator("#message-status").inner_text() == "Ei toimitettu"
    assert page.locator("ol.history li").count() == 2
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    page.goto(f"{live_server.url}/exchange/")
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/exchange/dead-letters/")
    violations = axe_violations(page)
    assert violations == [], describe(violations)
