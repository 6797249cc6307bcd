"""The student's completed courses on "My studies" (R-REC-1, R-REC-2): the host's grade and scale, the home-scale
grade beside it and how it was derived, the credit's status in words."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from joopas.records import services
from joopas.registrations.tests.factories import accepted, make_world

pytestmark = pytest.mark.django_db


def _page(user: Any) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client.get("/registrations/my/").content.decode()


def _record(w: dict[str, Any], grade: str, scale: str) -> Any:
    reg = accepted(w)
    return services.record_create(actor=w["host_officer"], host_person_id=reg.host_person_id,
                                  realisation_id=w["real"].pk, completion_date=dt.date(2026, 5, 15),
                                  credits=Decimal("5"), grade=grade, scale=scale)


def test_r_rec_2_the_student_sees_both_grades_and_how_the_home_grade_was_derived() -> None:
    w = make_world()
    services.conversion_table_set(actor=w["home_officer"], organisation_id=w["hy"].pk, from_scale="ects",
                                  to_scale="0-5", mapping={"F": "0", "E": "1", "D": "2", "C": "3", "B": "4", "A": "5"})
    _record(w, "B", "ects")
    html = _page(w["student"])
    assert "My completed courses at other institutions" in html
    assert "B (scale ECTS A–F)" in html
    assert "4 (scale 0–5)" in html
    assert "Converted with your university&#x27;s conversion table." in html
    assert "waiting for your university&#x27;s approval" in html
    assert w["aalto"].name_en in html


def test_r_rec_1_a_credit_without_a_table_waits_and_an_approved_one_is_credited() -> None:
    w = make_world()
    record = _record(w, "HYV", "pass-fail")
    html = _page(w["student"])
    assert "pass (scale pass / fail)" in html
    assert "Your university converts the grade to its own scale when it approves the completion." in html
    services.credit_decide(actor=w["home_officer"], credit_id=record.credit.pk, accept=True)
    html = _page(w["student"])
    assert "Your university kept the original grade." in html
    assert '<span class="badge badge-success">credited</span>' in html


def test_no_completions_yet_says_what_happens() -> None:
    w = make_world()
    assert "No completions yet." in _page(w["student"])
