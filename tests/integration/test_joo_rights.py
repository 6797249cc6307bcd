"""JOO study rights in the rights app (R-JOO-3..6): the longest right, the grant on a home right in force, the end
with the home right, the end when the student becomes the host's degree student, the host's list of JOO
students."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from joopas.accounts import api as accounts_api
from joopas.accounts.tests.factories import UserFactory
from joopas.applications import notices
from joopas.applications.tests.factories import granted, make_world
from joopas.core.clock import add_academic_years, today
from joopas.core.errors import ValidationFailed
from joopas.core.identifiers import hetu_check_char
from joopas.core.models import AuditEvent
from joopas.notifications.models import Notification
from joopas.rights import api as rights_api
from joopas.rights import rules
from joopas.rights import services as rights_services
from joopas.rights.codes import ErrorCode, Event
from joopas.rights.models import GrantedStudy, StudyRight
from joopas.rights.tests.factories import make_home_right, make_person, person_input

pytestmark = pytest.mark.django_db

D = dt.date


# --- R-JOO-3: at most two academic years, never past the home right (pure) ----------------------------------

@pytest.mark.parametrize(("start", "home_end", "requested", "end"), [
    (D(2026, 12, 1), None, None, D(2028, 7, 31)),
    (D(2026, 8, 1), None, None, D(2028, 7, 31)),
    (D(2026, 7, 31), None, None, D(2027, 7, 31)),  # still the academic year 2025–2026
    (D(2026, 12, 1), D(2027, 12, 31), None, D(2027, 12, 31)),
    (D(2026, 12, 1), D(2030, 1, 1), None, D(2028, 7, 31)),
    (D(2026, 12, 1), None, D(2027, 5, 31), D(2027, 5, 31)),
    (D(2026, 12, 1), D(2027, 3, 1), D(2027, 5, 31), D(2027, 3, 1)),
])
def test_r_joo_3_joo_right_end(start: dt.date, home_end: dt.date | None, requested: dt.date | None,
                               end: dt.date) -> None:
    assert rules.joo_right_end(start, home_end, requested) == end
    assert rights_api.joo_right_end(start, home_end, requested) == end


@pytest.mark.parametrize(("joo_end", "degree_start", "end"), [
    (D(2028, 7, 31), D(2027, 1, 1), D(2027, 1, 1)),
    (None, D(2027, 1, 1), D(2027, 1, 1)),
    (D(2026, 12, 31), D(2027, 1, 1), D(2026, 12, 31)),  # already ended earlier: kept
])
def test_r_joo_5_joo_end_on_host_degree(joo_end: dt.date | None, degree_start: dt.date, end: dt.date) -> None:
    assert rules.joo_end_on_host_degree(joo_end, degree_start) == end


# --- R-JOO-3: the grant ------------------------------------------------------------------------------------

@pytest.fixture
def w() -> dict[str, Any]:
    return make_world()


def test_r_joo_3_granted_right_carries_its_entities(w: dict[str, Any]) -> None:
    joo = rights_api.joo_right_grant(actor=w["host_officer"], home_right_id=w["right"].pk,
                                     host_organisation_id=w["aalto"].pk, identifier="JOO-TEST-1", start_date=today(),
                                     entities=[("study_module", w["module_a"].pk), ("course_unit", w["single"].pk),
                                               ("study_module", w["module_a"].pk)])
    assert [(g.entity_kind, g.entity_id) for g in joo.granted] == [("study_module", w["module_a"].pk),
                                                                   ("course_unit", w["single"].pk)]
    assert (joo.host_organisation_id, joo.home_organisation_id, joo.home_right_id, joo.status) == (
        w["aalto"].pk, w["hy"].pk, w["right"].pk, "active")
    assert joo.start_date == today()
    assert joo.end_date == min(add_academic_years(today(), 2), w["right"].end_date)
    right = StudyRight.objects.get(pk=joo.id)
    assert (right.kind, right.organisation_id, right.person.organisation_id) == ("joo", w["aalto"].pk, w["aalto"].pk)
    assert right.person.home_person_id == w["person"].pk
    assert AuditEvent.objects.filter(event=Event.JOO_RIGHT_GRANTED, subject_id=str(joo.id)).count() == 1


def test_r_joo_3_end_never_past_the_home_right(w: dict[str, Any]) -> None:
    short = make_home_right(w["person"], actor=w["home_officer"], end=today() + dt.timedelta(days=100))
    joo = rights_api.joo_right_grant(actor=w["host_officer"], home_right_id=short.pk,
                                     host_organisation_id=w["aalto"].pk, identifier="JOO-TEST-2", start_date=today(),
                                     entities=[("course_unit", w["single"].pk)])
    assert joo.end_date == today() + dt.timedelta(days=100)


@pytest.mark.parametrize("case", ["ended_status", "ended_date", "not_started", "passivated"])
def test_r_joo_3_grant_on_a_home_right_not_in_force_refused(w: dict[str, Any], case: str) -> None:
    kwargs: dict[str, Any] = {
        "ended_status": {"status": "ended"},
        "ended_date": {"end": today() - dt.timedelta(days=1)},
        "not_started": {"start": today() + dt.timedelta(days=10)},
        "passivated": {"status": "passivated"},
    }[case]
    home = make_home_right(w["person"], actor=w["home_officer"], **kwargs)
    rights_before, granted_before = StudyRight.objects.count(), GrantedStudy.objects.count()
    audit_before = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as err:
        rights_api.joo_right_grant(actor=w["host_officer"], home_right_id=home.pk, host_organisation_id=w["aalto"].pk,
                                   identifier="JOO-X", start_date=today(), entities=[("course_unit", w["single"].pk)])
    assert err.value.code == ErrorCode.JOO_HOME_RIGHT_NOT_IN_FORCE
    assert (StudyRight.objects.count(), GrantedStudy.objects.count(), AuditEvent.objects.count()) == (
        rights_before, granted_before, audit_before)


def test_r_joo_3_grant_without_entities_refused(w: dict[str, Any]) -> None:
    before = StudyRight.objects.count()
    with pytest.raises(ValidationFailed) as err:
        rights_api.joo_right_grant(actor=w["host_officer"], home_right_id=w["right"].pk,
                                   host_organisation_id=w["aalto"].pk, identifier="JOO-X", start_date=today(),
                                   entities=[])
    assert err.value.code == ErrorCode.JOO_NOTHING_GRANTED
    assert StudyRight.objects.count() == before


# --- R-JOO-4: the JOO right ends with the home right ------------------------------------------------------

def test_r_joo_4_home_right_ended_ends_the_joo_right_that_day(w: dict[str, Any]) -> None:
    app = granted(w)
    rights_services.right_status_change(actor=w["home_officer"], right_id=w["right"].pk, to="ended",
                                        reason="valmistunut")
    joo = rights_api.get_joo_right(app.joo_right_id)
    assert joo is not None
    assert (joo.end_date, joo.end_reason) == (today(), "home_right_ended")
    assert AuditEvent.objects.filter(event=Event.JOO_RIGHT_ENDED, subject_id=str(joo.id)).count() == 1
    ended = Notification.objects.filter(user=w["student"], event=notices.RIGHT_ENDED)
    assert ended.count() == 1
    assert joo.identifier in ended.get().body


def test_r_joo_4_home_right_forfeited_ends_the_joo_right_too(w: dict[str, Any]) -> None:
    app = granted(w)
    rights_services.right_status_change(actor=w["home_officer"], right_id=w["right"].pk, to="forfeited")
    joo = rights_api.get_joo_right(app.joo_right_id)
    assert joo is not None and (joo.end_date, joo.end_reason) == (today(), "home_right_ended")


def test_r_joo_4_home_end_date_moved_earlier_the_joo_end_follows(w: dict[str, Any]) -> None:
    app = granted(w)
    earlier = today() + dt.timedelta(days=100)
    rights_services.right_dates_update(actor=w["home_officer"], right_id=w["right"].pk,
                                       start_date=w["right"].start_date, end_date=earlier)
    joo = rights_api.get_joo_right(app.joo_right_id)
    assert joo is not None and joo.end_date == earlier
    assert joo.status == "active"


# --- R-JOO-5: the student becomes a degree student of the host -------------------------------------------

def _hetu() -> str:
    birth6, individual = "151085", "345"
    return f"{birth6}-{individual}{hetu_check_char(birth6, individual)}"


def _student_with_hetu(w: dict[str, Any], hetu: str) -> dict[str, Any]:
    """The world with its student replaced by one whose identity code the test knows."""
    person = make_person(w["hy"], actor=w["home_officer"], hetu=hetu)
    right = make_home_right(person, actor=w["home_officer"], end=today() + dt.timedelta(days=1200))
    student = UserFactory()
    accounts_api.identity_bind(user_id=student.pk, key=person.hetu_key)
    return {**w, "person": person, "right": right, "student": student}


def test_r_joo_5_host_degree_right_ends_the_joo_right_on_its_start(w: dict[str, Any]) -> None:
    w = _student_with_hetu(w, _hetu())
    app = granted(w)
    joo = rights_api.get_joo_right(app.joo_right_id)
    assert joo is not None
    host_person = rights_services.person_upsert(actor=w["host_officer"], organisation_id=w["aalto"].pk,
                                                data=person_input(hetu=_hetu(), learner_oid=""))
    assert host_person.pk == joo.host_person_id  # the host's existing record of the person (R-REG-6)
    degree_start = today() + dt.timedelta(days=10)
    rights_services.home_right_create(actor=w["host_officer"], person_id=host_person.pk, identifier="AALTO-DEG-1",
                                      start_date=degree_start, right_type="bachelor")
    joo = rights_api.get_joo_right(app.joo_right_id)
    assert joo is not None
    assert (joo.end_date, joo.end_reason) == (degree_start, "host_degree")
    assert AuditEvent.objects.filter(event=Event.JOO_RIGHT_ENDED, subject_id=str(joo.id)).count() == 1
    assert Notification.objects.filter(user=w["student"], event=notices.RIGHT_ENDED).count() == 1


def test_r_joo_5_degree_right_at_another_institution_leaves_the_joo_right(w: dict[str, Any]) -> None:
    app = granted(w)
    before = rights_api.get_joo_right(app.joo_right_id)
    tuni_person = make_person(w["tuni"], actor=w["tuni_officer"])
    make_home_right(tuni_person, actor=w["tuni_officer"], start=today())
    assert rights_api.get_joo_right(app.joo_right_id) == before


# --- R-JOO-6: the host's JOO students ---------------------------------------------------------------------

def test_r_joo_6_host_lists_the_joo_student_in_force_with_identity_data(w: dict[str, Any]) -> None:
    app = granted(w)
    rows = rights_api.joo_rights_of_host(w["aalto"].pk)
    assert [r.id for r in rows] == [app.joo_right_id]
    r = rows[0]
    assert r.learner_oid == w["person"].learner_oid and r.learner_oid
    assert r.email == w["person"].email and r.email
    assert (r.first_names, r.last_name) == (w["person"].first_names, w["person"].last_name)
    assert r.start_date == today()
    assert r.end_date == min(add_academic_years(today(), 2), w["right"].end_date)
    assert rights_api.joo_rights_of_host(w["hy"].pk) == []
    assert rights_api.joo_rights_of_host(w["tuni"].pk) == []


def test_r_joo_6_not_listed_after_the_end(w: dict[str, Any]) -> None:
    app = granted(w)
    joo = rights_api.get_joo_right(app.joo_right_id)
    assert joo is not None and joo.end_date is not None
    assert [r.id for r in rights_api.joo_rights_of_host(w["aalto"].pk, day=joo.end_date)] == [joo.id]
    assert rights_api.joo_rights_of_host(w["aalto"].pk, day=joo.end_date + dt.timedelta(days=1)) == []
    everyone = rights_api.joo_rights_of_host(w["aalto"].pk, day=joo.end_date + dt.timedelta(days=1),
                                             in_force_only=False)
    assert [r.id for r in everyone] == [joo.id]


def test_r_joo_6_not_listed_once_the_home_right_ended(w: dict[str, Any]) -> None:
    granted(w)
    rights_services.right_status_change(actor=w["home_officer"], right_id=w["right"].pk, to="ended")
    assert rights_api.joo_rights_of_host(w["aalto"].pk, day=today() + dt.timedelta(days=1)) == []
