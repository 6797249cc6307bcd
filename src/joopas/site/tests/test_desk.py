"""The desk (site) assembled from the sections the apps register (core.desk): same links, same visibility."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from joopas.access.models import Role
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import PASSWORD, UserFactory
from joopas.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _desk(role: str | None, *, user: Any = None, org: Any = None) -> str:
    user = user or UserFactory()
    if role:
        grant(user, org or OrganisationFactory(), role)
    client = Client()
    client.cookies["joopas_language"] = "en"
    client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
    return client.get("/accounts/desk/").content.decode()


def test_catalogue_editor_desk_links_to_offering_work() -> None:
    html = _desk(Role.CATALOGUE_EDITOR)
    assert 'href="/catalogue/edit/"' in html
    assert 'href="/catalogue/edit/joo/"' in html
    assert 'href="/networks/targeting/"' in html
    assert 'href="/exchange/"' not in html


def test_officer_desk_links_to_exchange_messages() -> None:
    html = _desk(Role.OFFICER)
    assert 'href="/exchange/"' in html
    assert 'href="/exchange/dead-letters/"' in html
    assert 'href="/catalogue/edit/"' not in html


def test_student_desk_has_no_officer_links() -> None:
    html = _desk(None)
    for href in ('href="/catalogue/edit/"', 'href="/exchange/"', 'href="/networks/targeting/"'):
        assert href not in html


def test_platform_admin_desk_counts_what_waits() -> None:
    from joopas.access.models import AccessRequest
    from joopas.organisations import services as organisations_services
    from joopas.organisations.tests.factories import registration_input

    organisations_services.registration_submit(data=registration_input())
    organisations_services.registration_submit(data=registration_input())
    user, other = UserFactory(), UserFactory()
    org = OrganisationFactory()
    AccessRequest.objects.create(organisation_id=org.pk, user=other, role=Role.MAIN_USER)
    html = _desk(Role.PLATFORM_ADMIN, user=user, org=org)
    waiting = '<span class="count">{}<span class="visually-hidden"> waiting</span></span>'
    assert f'<a href="/organisations/registrations/">Registrations to review</a> {waiting.format(2)}' in html
    assert f'<a href="/access/applications/">Access applications</a> {waiting.format(1)}' in html
    assert "3 items wait for you." in html
    assert '<a href="/exchange/dead-letters/">Undelivered messages</a></li>' in html  # none dead: no count


def test_desk_sections_come_in_order_and_empty_ones_are_left_out() -> None:
    html = _desk(Role.MAIN_USER)
    assert [k for k in ("desk-access", "desk-organisations", "desk-catalogue", "desk-networks", "desk-exchange")
            if f'id="{k}"' in html] == ["desk-access", "desk-catalogue", "desk-networks", "desk-exchange"]
    assert html.index('id="desk-access"') < html.index('id="desk-catalogue"') < html.index('id="desk-exchange"')


def test_anonymous_desk_redirects_to_login() -> None:
    r = Client().get("/accounts/desk/")
    assert (r.status_code, r["Location"]) == (302, "/accounts/login/?next=/accounts/desk/")


def test_desk_says_when_nothing_waits() -> None:
    html = _desk(None)
    assert "<p>Nothing waits for you right now.</p>" in html
    assert "<p>You have no roles in any organisation.</p>" in html


def test_desk_shows_organisation_names_in_the_page_language() -> None:
    org = OrganisationFactory(name_fi="Testiyliopisto", name_sv="Testuniversitetet", name_en="Test University")
    html = _desk(Role.OFFICER, org=org)
    assert "<td>Test University</td>" in html and "Testiyliopisto" not in html
