from __future__ import annotations

import pytest
from django.test import Client

from joopas.access.models import Role
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import PASSWORD, UserFactory
from joopas.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _desk(role: str | None) -> str:
    user = UserFactory()
    if role:
        grant(user, OrganisationFactory(), role)
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
