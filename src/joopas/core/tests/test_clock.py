from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from joopas.core import clock


@pytest.mark.parametrize(("day", "year"), [
    (dt.date(2024, 7, 31), 2023), (dt.date(2024, 8, 1), 2024), (dt.date(2025, 1, 15), 2024),
])
def test_academic_year_runs_from_1_august_to_31_july(day: dt.date, year: int) -> None:
    assert clock.academic_year_of(day) == year


def test_academic_year_bounds_and_label() -> None:
    assert clock.academic_year_bounds(dt.date(2021, 4, 15)) == (dt.date(2020, 8, 1), dt.date(2021, 7, 31))
    assert clock.academic_year_label(2024) == "2024–2025"
    assert clock.end_of_academic_year(dt.date(2021, 4, 15)) == dt.date(2021, 7, 31)
    assert clock.end_of_academic_year(dt.date(2021, 8, 1)) == dt.date(2022, 7, 31)


def test_add_academic_years() -> None:
    assert clock.add_academic_years(dt.date(2024, 9, 1), 2) == dt.date(2026, 7, 31)
    assert clock.add_academic_years(dt.date(2025, 3, 1), 1) == dt.date(2025, 7, 31)
    with pytest.raises(ValueError):
        clock.add_academic_years(dt.date(2025, 3, 1), 0)


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_property_every_day_falls_inside_its_academic_year(day: dt.date) -> None:
    start, end = clock.academic_year_bounds(day)
    assert start <= day <= end
    assert (start.month, start.day, end.month, end.day) == (8, 1, 7, 31)
    assert end.year == start.year + 1


def test_today_is_the_helsinki_date() -> None:
    # 22:30 UTC on 31 July is already 1 August in Helsinki (UTC+3 in summer).
    with time_machine.travel(dt.datetime(2025, 7, 31, 22, 30, tzinfo=dt.UTC), tick=False):
        assert clock.today() == dt.date(2025, 8, 1)
