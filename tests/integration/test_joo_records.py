"""R-JOO-7: a JOO student's completion at the host carries its grading scale; the home institution's credit keeps
the original grade and scale (converted only by the home's own table), and the JOO application's transcript shows
both."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from joopas.applications import services as application_services
from joopas.applications.tests.factories import draft, granted, make_world
from joopas.core.clock import today
from joopas.core.errors import DomainError
from joopas.records import api as records_api
from joopas.records import services
from joopas.records.models import Credit, Record
from joopas.registrations import services as registration_services
from joopas.registrations.models import Registration

pytestmark = pytest.mark.django_db

ECTS_TO_FIVE = {"F": "0", "E": "1", "D": "2", "C": "3", "B": "4", "A": "5"}


@pytest.fixture
def w() -> dict[str, Any]:
    world = make_world()
    granted(world)  # module A granted (unit A1 with a realisation), module B rejected
    return world


def _joo_registration(w: dict[str, Any], *, accept: bool = True) -> Registration:
    reg = registration_services.registration_create(actor=w["student"], home_right_id=w["right"].pk,
                                                    network_id=w["network"].pk, realisation_ids=[w["real_a1"].pk])
    if accept:
        registration_services.selection_decide(actor=w["host_officer"], selection_id=reg.selections.get().pk,
                                               accept=True, host_student_number="JOO1")
    return reg


def _record(w: dict[str, Any], reg: Registration, grade: str, scale: str) -> Record:
    return services.record_create(actor=w["host_officer"], host_person_id=reg.host_person_id,
                                  realisation_id=w["real_a1"].pk, completion_date=today(), credits=Decimal("5"),
                                  grade=grade, scale=scale, assessor="Opettaja Aalto")


def test_r_joo_7_home_credit_keeps_grade_and_scale(w: dict[str, Any]) -> None:
    record = _record(w, _joo_registration(w), "4", "0-5")
    assert (record.organisation_id, record.course_unit_id, record.grade, record.scale) == (
        w["aalto"].pk, w["unit_a1"].pk, "4", "0-5")
    credit = Credit.objects.get(record=record)
    assert (credit.home_organisation_id, credit.home_person_id, credit.original_organisation_id) == (
        w["hy"].pk, w["person"].pk, w["aalto"].pk)
    assert (credit.original_grade, credit.original_scale) == ("4", "0-5")


def test_r_joo_7_home_converts_by_its_own_table_and_keeps_the_original(w: dict[str, Any]) -> None:
    services.conversion_table_set(actor=w["home_officer"], organisation_id=w["hy"].pk, from_scale="ects",
                                  to_scale="0-5", mapping=ECTS_TO_FIVE)
    record = _record(w, _joo_registration(w), "B", "ects")
    credit = Credit.objects.get(record=record)
    assert (credit.original_grade, credit.original_scale, credit.converted_grade, credit.home_scale) == (
        "B", "ects", "4", "0-5")


def test_r_joo_7_transcript_rows_carry_grade_and_scale(w: dict[str, Any]) -> None:
    services.conversion_table_set(actor=w["home_officer"], organisation_id=w["hy"].pk, from_scale="ects",
                                  to_scale="0-5", mapping=ECTS_TO_FIVE)
    _record(w, _joo_registration(w), "B", "ects")
    rows = records_api.transcript_of(w["person"].pk)
    assert len(rows) == 1
    row = rows[0]
    assert (row["code"], row["credits"], row["date"], row["organisation_id"]) == (
        w["unit_a1"].code, "5.0", today().isoformat(), w["aalto"].pk)
    assert (row["grade"], row["scale"], row["original_grade"], row["original_scale"]) == ("4", "0-5", "B", "ects")
    assert row["credited"] is False  # waits for the home's approval


def test_r_joo_7_the_next_applications_transcript_keeps_the_scales(w: dict[str, Any]) -> None:
    _record(w, _joo_registration(w), "HYV", "pass-fail")
    app = draft(w)  # a new application: its generated transcript includes the JOO completion
    app.refresh_from_db()
    assert [(r["code"], r["grade"], r["scale"], r["original_scale"]) for r in app.transcript] == [
        (w["unit_a1"].code, "HYV", "pass-fail", "pass-fail")]
    assert application_services.has_transcript(app) is True


def test_r_joo_7_no_record_before_the_host_accepted_the_joo_student(w: dict[str, Any]) -> None:
    reg = _joo_registration(w, accept=False)
    before = (Record.objects.count(), Credit.objects.count())
    with pytest.raises(DomainError) as err:
        _record(w, reg, "4", "0-5")
    assert err.value.code == "records.student_not_accepted"
    assert (Record.objects.count(), Credit.objects.count()) == before
