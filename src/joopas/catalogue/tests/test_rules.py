from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from joopas.catalogue import rules
from joopas.core.errors import ValidationFailed

UTC = dt.UTC


@dataclass
class Real:
    enrolment_start: dt.datetime
    enrolment_end: dt.datetime
    status: str = "ACTIVE"
    max_seats: int | None = None


START = dt.datetime(2026, 8, 1, 9, 0, tzinfo=UTC)
END = dt.datetime(2026, 8, 31, 21, 0, tzinfo=UTC)


@pytest.mark.parametrize(("mode", "listed", "expected"), [
    ("list", True, True), ("list", False, False),
    ("exclusion", True, False), ("exclusion", False, True),
    (None, True, False), (None, False, False),
])
def test_r_off_1_list_and_exclusion_modes(mode: str | None, listed: bool, expected: bool) -> None:
    assert rules.is_joo_offering(mode, listed) is expected


def test_r_off_4_enrolment_open_only_inside_the_period() -> None:
    r = Real(START, END)
    assert rules.enrolment_open(r, START - dt.timedelta(seconds=1)) is False
    assert rules.enrolment_open(r, START) is True
    assert rules.enrolment_open(r, END - dt.timedelta(seconds=1)) is True
    assert rules.enrolment_open(r, END) is False


def test_r_off_4_cancelled_realisation_is_not_open() -> None:
    assert rules.enrolment_open(Real(START, END, status="CANCELLED"), START + dt.timedelta(days=1)) is False


def test_r_off_4_extension_must_be_later_future_and_before_realisation_end() -> None:
    now = END + dt.timedelta(days=1)
    new = END + dt.timedelta(days=5)
    assert rules.new_enrolment_end(current_end=END, new_end=new, realisation_end_date=dt.date(2026, 12, 15),
                                   now=now) == new
    with pytest.raises(ValidationFailed) as e1:
        rules.new_enrolment_end(current_end=END, new_end=END, realisation_end_date=dt.date(2026, 12, 15), now=now)
    assert e1.value.code == "catalogue.enrolment_not_extended"
    with pytest.raises(ValidationFailed) as e2:
        rules.new_enrolment_end(current_end=END, new_end=END + dt.timedelta(hours=1),
                                realisation_end_date=dt.date(2026, 12, 15), now=now)
    assert e2.value.code == "catalogue.enrolment_end_in_past"
    with pytest.raises(ValidationFailed) as e3:
        rules.new_enrolment_end(current_end=END, new_end=dt.datetime(2027, 1, 1, tzinfo=UTC),
                                realisation_end_date=dt.date(2026, 12, 15), now=now)
    assert e3.value.code == "catalogue.enrolment_after_end"


def test_r_off_3_seats_never_close_enrolment() -> None:
    full = Real(START, END, max_seats=0)
    assert rules.enrolment_open(full, START + dt.timedelta(days=1)) is True


def test_r_off_3_seat_information_has_no_limit() -> None:
    info = rules.seat_information(10, 25)
    assert info == {"max_seats": 10, "registered": 25, "over_informational_maximum": True}
    assert rules.seat_information(None, 25) == {"max_seats": None, "registered": 25,
                                                "over_informational_maximum": False}


@pytest.mark.parametrize(("day", "key"), [
    (dt.date(2026, 8, 1), "2026-autumn"), (dt.date(2026, 12, 31), "2026-autumn"),
    (dt.date(2027, 1, 1), "2027-spring"), (dt.date(2027, 5, 31), "2027-spring"), (dt.date(2027, 6, 1), "2027-summer"),
])
def test_period_of(day: dt.date, key: str) -> None:
    assert rules.period_of(day) == key
    bounds = rules.period_bounds(key)
    assert bounds is not None and bounds[0] <= day <= bounds[1]


@pytest.mark.parametrize("key", ["", "x", "2026", "2026-winter", "abc-autumn", "99999-spring"])
def test_period_bounds_rejects_garbage(key: str) -> None:
    assert rules.period_bounds(key) is None


def test_r_off_status_transition_tables() -> None:
    from joopas.core.errors import IllegalTransition, check_transition

    for old in rules.STATUSES:  # R-OFF-STATUS-1: the organiser's own writes may set any status
        for new in rules.STATUSES:
            check_transition(rules.OWNER_STATUS_TRANSITIONS, old, new, code="x")
    check_transition(rules.ARCHIVE_TRANSITIONS, "CANCELLED", "ARCHIVED", code="x")  # R-OFF-STATUS-2
    with pytest.raises(IllegalTransition):
        check_transition(rules.ARCHIVE_TRANSITIONS, "ARCHIVED", "ARCHIVED", code="x")
    assert rules.ARCHIVED_WITH_UNIT == ("ACTIVE",)  # R-OFF-STATUS-3
    check_transition(rules.IMPORT_RUN_TRANSITIONS, "queued", "running", code="x")  # R-OFF-IMPORT-1
    for final in ("done", "failed"):
        with pytest.raises(IllegalTransition):
            check_transition(rules.IMPORT_RUN_TRANSITIONS, final, "running", code="x")
