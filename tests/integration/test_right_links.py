"""The host's study office sees, on a student's page, what each cross-study right was granted on: the registration
(R-REG-3) or the JOO application (R-JOO-3) — links registered by the apps above rights (rights.api hooks)."""

from __future__ import annotations

import pytest
from django.test import Client

from joopas.applications.tests import factories as joo
from joopas.registrations.tests import factories as reg_factories
from joopas.rights import api as rights_api

pytestmark = pytest.mark.django_db


def test_r_joo_3_the_joo_right_links_to_its_application_on_the_host_person_page() -> None:
    w = joo.make_world()
    app = joo.granted(w)
    right = rights_api.get_joo_right(app.joo_right_id)
    assert right is not None
    client = Client()
    client.force_login(w["host_officer"])
    page = client.get(f"/rights/students/{right.host_person_id}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert f'href="/applications/office/{app.pk}/"'.encode() in page.content
    assert f"JOO application {app.number}".encode() in page.content


def test_r_reg_3_the_host_right_links_to_its_registration_on_the_host_person_page() -> None:
    w = reg_factories.make_world()
    reg = reg_factories.accepted(w)
    sel = reg.selections.get()
    client = Client()
    client.force_login(w["host_officer"])
    page = client.get(f"/rights/students/{reg.host_person_id}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert f'href="/registrations/queue/{sel.pk}/"'.encode() in page.content
    assert f"Registration: {w['unit'].code}".encode() in page.content
