"""The public JOO page `/applications/joo/` (R-JOO-8, SPEC §3 "information on flexible studies"): no login, in
fi/sv/en, each host's open and coming rounds and its published terms, a link to apply; no personal data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from joopas.applications import services
from joopas.applications.tests.factories import make_round, make_world
from joopas.core import formats
from joopas.core.clock import today
from joopas.core.models import AuditEvent
from joopas.organisations import api as organisations_api

pytestmark = pytest.mark.django_db
URL = "/applications/joo/"


@pytest.fixture
def w() -> dict[str, Any]:
    w = make_world()
    services.terms_save(actor=w["host_officer"], organisation_id=w["aalto"].pk, values={
        "guidance_fi": "Hae viimeistään määräpäivänä.", "guidance_sv": "Ansök senast på sista dagen.",
        "guidance_en": "Apply by the closing day.",
        "admission_en": "JOO students enrol in the courses on the course pages.",
        "services_en": "You get a library card and an IT account."})
    return w


def _name(org: Any, lang: str) -> str:
    ref = organisations_api.get_by_id(org.pk)
    assert ref is not None
    return escape(ref.name(lang))


def _get(client: Client, lang: str, url: str = URL) -> str:
    client.cookies["joopas_language"] = lang
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_r_joo_8_public_page_for_anonymous_in_each_language(client: Client, w: dict[str, Any], lang: str) -> None:
    html = _get(client, lang)
    assert f'<html lang="{lang}"' in html
    assert html.count("<h1") == 1
    assert _name(w["aalto"], lang) in html
    assert formats.format_date(w["round"].closes_on) in html
    expected = {"fi": "Hae viimeistään määräpäivänä.", "sv": "Ansök senast på sista dagen.",
                "en": "Apply by the closing day."}[lang]
    assert expected in html
    assert f'href="{reverse("applications:new")}"' in html


def test_r_joo_8_host_rounds_and_terms_are_shown(client: Client, w: dict[str, Any]) -> None:
    make_round(w["tuni"], kind="continuous", opens=today() - dt.timedelta(days=1))
    html = _get(client, "en")
    assert f'>{_name(w["aalto"], "en")}</h3>' in html
    assert f'>{_name(w["tuni"], "en")}</h3>' in html
    assert f"Open until {formats.format_date(w['round'].closes_on)}" in html
    assert f"The studies start on {formats.format_date(w['round'].studies_start)}." in html
    assert "JOO students enrol in the courses on the course pages." in html
    assert "You get a library card and an IT account." in html
    assert "Continuous application." in html
    assert "This university has not published its JOO terms yet." in html  # the second host has none


def test_closed_rounds_are_not_shown(client: Client, w: dict[str, Any]) -> None:
    old = make_round(w["tuni"], opens=today() - dt.timedelta(days=100), closes=today() - dt.timedelta(days=50))
    html = _get(client, "en")
    assert f"closed on {formats.format_date(old.closes_on)}" not in html.lower()
    assert html.count('class="card"') == 1


def test_no_rounds_shows_the_empty_state(client: Client) -> None:
    html = _get(client, "en")
    assert "No university has an application period open or coming up right now." in html


def test_no_personal_data_and_no_audit_row(client: Client, w: dict[str, Any]) -> None:
    before = AuditEvent.objects.count()
    html = _get(client, "en")
    for secret in (w["person"].last_name, w["person"].learner_oid, w["right"].identifier):
        assert secret not in html
    assert AuditEvent.objects.count() == before


def test_only_get(client: Client, w: dict[str, Any]) -> None:
    assert client.post(URL).status_code == 405
