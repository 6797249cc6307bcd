"""R-JOO-4 and R-JOO-5 "automatically when home or host data changes", the way the data really changes: the home
institution's system ends the home study right through the exchange, and the host imports the student as its own
degree student from its student file. The JOO right ends the same day, the student is told and both systems get
the JOO_STUDYRIGHT_ENDED_NOTIFICATION."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest
from django.test import Client

from joopas.access.api import Role, create_api_key
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import UserFactory
from joopas.applications.tests import factories as joo
from joopas.core.clock import today
from joopas.exchange.models import Delivery, Message
from joopas.notifications import api as notifications_api
from joopas.rights import api as rights_api
from joopas.rights import importer

pytestmark = pytest.mark.django_db


def _world() -> dict[str, Any]:
    w = joo.make_world()
    for name, tk in (("hy", "01901"), ("aalto", "10076")):
        w[name].tk_code = tk
        w[name].save(update_fields=["tk_code"])
    user = UserFactory()
    grant(user, w["hy"], Role.MAIN_USER)
    w["hy_key"] = create_api_key(actor=user, organisation_id=w["hy"].pk, name="SIS")[1]
    w["app"] = joo.granted(w)
    return w


def _ended_notifications(w: dict[str, Any]) -> list[tuple[int, str]]:
    msgs = Message.objects.filter(type="JOO_STUDYRIGHT_ENDED_NOTIFICATION")
    return sorted(Delivery.objects.filter(message__in=msgs).values_list("receiver_id", "message__type"))


def test_r_joo_4_the_home_system_ends_the_home_right_and_the_joo_right_ends_that_day() -> None:
    w = _world()
    right = w["right"]
    payload = {"oid": w["person"].learner_oid, "homeStudyRight": {
        "identifiers": {"organisationTkCodeReference": "01901", "studyRightId": right.identifier},
        "studyRightStatus": {"studyRightStatusValue": 3, "startDate": right.start_date.isoformat(),
                             "endDate": today().isoformat()}}}
    env = {"message_id": str(uuid.uuid4()), "type": "UPDATE_STUDENT_STUDYRIGHT_REQUEST", "schema_version": "1",
           "sent_at": "2026-12-18T14:00:00+02:00", "payload": payload, "recipient": w["aalto"].oid}
    r = Client().post("/api/v1/exchange/messages", data=json.dumps(env), content_type="application/json",
                      HTTP_AUTHORIZATION=f"Bearer {w['hy_key']}")
    assert r.status_code == 202, r.json()
    ended = rights_api.get_joo_right(w["app"].joo_right_id)
    assert ended is not None
    assert (ended.end_date, ended.end_reason, ended.status) == (today(), "home_right_ended", "ended")
    assert _ended_notifications(w) == sorted([(w["hy"].pk, "JOO_STUDYRIGHT_ENDED_NOTIFICATION"),
                                              (w["aalto"].pk, "JOO_STUDYRIGHT_ENDED_NOTIFICATION")])
    assert len([s for s in notifications_api.subjects_of(w["student"].pk) if "JOO" in s]) >= 1


def test_r_joo_5_the_host_imports_the_student_as_its_degree_student_and_the_joo_right_ends_that_day() -> None:
    w = _world()
    start = today() + dt.timedelta(days=30)
    line = ",".join({"hetu": "", "learner_oid": w["person"].learner_oid, "student_number": "AALTO-77",
                     "first_names": "Aino", "last_name": "Virtanen", "email": "", "right_identifier": "AALTO-DEG-1",
                     "start_date": start.isoformat(), "end_date": "", "status": "active",
                     "degree_programme": "Tietotekniikka", "networks": ""}[c] for c in importer.COLUMNS)
    plan = importer.plan("\n".join([",".join(importer.COLUMNS), line]), organisation_id=w["aalto"].pk)
    assert plan.ok, plan.errors
    importer.apply(plan, actor=w["host_officer"], organisation_id=w["aalto"].pk)
    ended = rights_api.get_joo_right(w["app"].joo_right_id)
    assert ended is not None
    # the cut-off is the first day as a degree student; until then the JOO right is still in force (R-BIL-2)
    assert (ended.end_date, ended.end_reason, ended.status) == (start, "host_degree", "active")
    assert ended.in_force_on(today()) and not ended.in_force_on(start + dt.timedelta(days=1))
    assert _ended_notifications(w) == sorted([(w["hy"].pk, "JOO_STUDYRIGHT_ENDED_NOTIFICATION"),
                                              (w["aalto"].pk, "JOO_STUDYRIGHT_ENDED_NOTIFICATION")])
