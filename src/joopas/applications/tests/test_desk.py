"""The desk: the student's JOO applications with the number waiting for the student's supplement (R-JOO-2), and
the study offices' queues with their counts (R-JOO-1, R-JOO-2)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from joopas.applications import services
from joopas.applications.tests.factories import endorsed, make_world, submitted

pytestmark = pytest.mark.django_db


def _desk(user: object) -> str:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    response = client.get("/accounts/desk/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def _count(html: str, href: str) -> str:
    match = re.search(rf'<a href="{re.escape(href)}">[^<]*</a>(?: <span class="count">(\d+))?', html)
    assert match is not None, href
    return match.group(1) or ""


def test_r_joo_2_the_student_desk_counts_the_applications_waiting_for_a_supplement() -> None:
    w = make_world()
    app = endorsed(w)
    assert _count(_desk(w["student"]), "/applications/") == ""
    services.request_supplement(actor=w["host_officer"], application_id=app.pk, text="Lisää HOPS.")
    html = _desk(w["student"])
    assert _count(html, "/applications/") == "1"
    assert 'href="/applications/new/"' in html


def test_r_joo_1_the_office_desks_count_what_waits_for_each_side() -> None:
    w = make_world()
    submitted(w)
    assert _count(_desk(w["home_officer"]), "/applications/office/endorse/?status=submitted") == "1"
    assert _count(_desk(w["host_officer"]), "/applications/office/decide/?status=endorsed") == ""  # not yet endorsed
    w2 = make_world()
    endorsed(w2)
    assert _count(_desk(w2["host_officer"]), "/applications/office/decide/?status=endorsed") == "1"
