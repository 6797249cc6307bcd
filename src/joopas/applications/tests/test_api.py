"""`GET /api/v1/joo-students` (R-JOO-6) and `GET /api/v1/joo-applications`: the caller's own organisation only
(R-EXC-4), audited (R-ACC-6), errors `{code, message, details}` and never a 500."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from joopas.access.api import Role, create_api_key
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import UserFactory
from joopas.applications.codes import Event
from joopas.applications.tests.factories import granted, make_world, submitted
from joopas.core.clock import today
from joopas.core.models import AuditEvent
from joopas.rights import api as rights_api

pytestmark = pytest.mark.django_db
STUDENTS = "/api/v1/joo-students"
APPLICATIONS = "/api/v1/joo-applications"


def _key(org: Any) -> str:
    user = UserFactory()
    grant(user, org, Role.MAIN_USER)
    return create_api_key(actor=user, organisation_id=org.pk, name="SIS")[1]


@pytest.fixture
def w() -> dict[str, Any]:
    w = make_world()
    w["app"] = granted(w)
    w["joo"] = rights_api.get_joo_right(w["app"].joo_right_id)
    for name in ("hy", "aalto", "tuni"):
        w[f"{name}_key"] = _key(w[name])
    return w


def _get(client: Client, url: str, key: str | None = None, header: str = "bearer", **params: Any) -> Any:
    extra = {}
    if key and header == "bearer":
        extra["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    elif key:
        extra["HTTP_X_API_KEY"] = key
    return client.get(url, params, **extra)


def test_r_joo_6_host_api_key_sees_its_joo_student(client: Client, w: dict[str, Any]) -> None:
    answer = _get(client, STUDENTS, w["aalto_key"])
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    joo = w["joo"]
    assert (body["on"], body["total"]) == (today().isoformat(), 1)
    [item] = body["items"]
    assert item == {
        "learner_oid": joo.learner_oid, "first_names": joo.first_names, "last_name": joo.last_name,
        "email": joo.email, "host_student_number": joo.host_student_number, "host": w["aalto"].oid,
        "home": w["hy"].oid, "joo_right": joo.identifier, "valid_from": joo.start_date.isoformat(),
        "valid_until": joo.end_date.isoformat() if joo.end_date else None,
        "granted": [{"type": "STUDY_MODULE", "identifier": w["module_a"].external_id, "code": w["module_a"].code}]}


def test_r_joo_6_x_api_key_header_works_too(client: Client, w: dict[str, Any]) -> None:
    answer = _get(client, STUDENTS, w["aalto_key"], header="x-api-key")
    assert (answer.status_code, answer.json()["total"]) == (200, 1)


def test_r_exc_4_another_organisations_key_sees_none(client: Client, w: dict[str, Any]) -> None:
    for key in (w["hy_key"], w["tuni_key"]):
        answer = _get(client, STUDENTS, key)
        assert (answer.status_code, answer.json()["total"], answer.json()["items"]) == (200, 0, [])


def test_r_joo_6_not_in_force_on_the_day_is_not_listed(client: Client, w: dict[str, Any]) -> None:
    before = (w["joo"].start_date - dt.timedelta(days=1)).isoformat()
    assert _get(client, STUDENTS, w["aalto_key"], on=before).json()["total"] == 0
    assert _get(client, STUDENTS, w["aalto_key"], on=w["joo"].start_date.isoformat()).json()["total"] == 1


def test_anonymous_is_401(client: Client, w: dict[str, Any]) -> None:
    for url in (STUDENTS, APPLICATIONS):
        answer = client.get(url)
        assert answer.status_code == 401
        assert answer.json()["code"] == "not_authenticated"
    bad_key = _get(client, STUDENTS, "jpk_nope")
    assert bad_key.status_code == 401


@pytest.mark.parametrize("value", ["2026-13-45", "tomorrow", "<b>", "2026-02-30"])
def test_bad_date_is_422_translated(client: Client, w: dict[str, Any], value: str) -> None:
    audit_rows = AuditEvent.objects.filter(event=Event.LIST_READ).count()
    auth = f"Bearer {w['aalto_key']}"
    en = client.get(STUDENTS, {"on": value}, HTTP_AUTHORIZATION=auth, HTTP_ACCEPT_LANGUAGE="en")
    fi = client.get(STUDENTS, {"on": value}, HTTP_AUTHORIZATION=auth, HTTP_ACCEPT_LANGUAGE="fi")
    assert (en.status_code, fi.status_code) == (422, 422)
    assert en.json()["code"] == fi.json()["code"] == "validation_failed"
    assert en.json()["details"]["errors"][0]["path"].endswith("on")
    assert (en.json()["message"], fi.json()["message"]) == ("Some of the data is not valid.",
                                                            "Osa tiedoista ei ole kelvollisia.")
    assert AuditEvent.objects.filter(event=Event.LIST_READ).count() == audit_rows


def test_r_acc_6_every_read_writes_an_audit_row(client: Client, w: dict[str, Any]) -> None:
    _get(client, STUDENTS, w["aalto_key"])
    row = AuditEvent.objects.filter(event=Event.LIST_READ).latest("id")
    assert row.after["what"] == "joo-students"
    assert row.after["person_oids"] == [w["joo"].learner_oid]
    assert row.person_oid == w["joo"].learner_oid
    assert row.after["count"] == 1


def test_officer_session_of_the_host_sees_the_list(client: Client, w: dict[str, Any]) -> None:
    client.force_login(w["host_officer"])
    assert client.get(STUDENTS).json()["total"] == 1
    client.force_login(w["home_officer"])
    assert client.get(STUDENTS).json()["total"] == 0


def test_logged_in_user_without_an_office_role_is_403_and_nothing_read(client: Client, w: dict[str, Any]) -> None:
    client.force_login(w["student"])
    rows = AuditEvent.objects.filter(event=Event.LIST_READ).count()
    for url in (STUDENTS, APPLICATIONS):
        answer = client.get(url)
        assert answer.status_code == 403
        assert answer.json()["code"] == "applications.permission_denied"
    assert AuditEvent.objects.filter(event=Event.LIST_READ).count() == rows


def test_r_joo_1_applications_as_home_and_host(client: Client, w: dict[str, Any]) -> None:
    waiting = submitted(w, ("course_unit", w["single"]))  # not endorsed yet: the host sees nothing of it
    host = _get(client, APPLICATIONS, w["aalto_key"], side="host").json()
    assert [i["number"] for i in host["items"]] == [w["app"].number]
    [item] = host["items"]
    assert (item["status"], item["home"], item["host"]) == ("decided", w["hy"].oid, w["aalto"].oid)
    assert [(e["identifier"], e["decision"]) for e in item["entities"]] == [
        (w["module_a"].external_id, "granted"), (w["module_b"].external_id, "rejected")]
    home = _get(client, APPLICATIONS, w["hy_key"], side="home").json()
    assert sorted(i["number"] for i in home["items"]) == sorted([w["app"].number, waiting.number])
    only = _get(client, APPLICATIONS, w["hy_key"], side="home", status="submitted").json()
    assert [i["number"] for i in only["items"]] == [waiting.number]
    assert _get(client, APPLICATIONS, w["tuni_key"], side="host").json()["total"] == 0
    assert _get(client, APPLICATIONS, w["hy_key"], side="host").json()["total"] == 0
    bad = _get(client, APPLICATIONS, w["hy_key"], side="nobody")
    assert bad.status_code == 422
