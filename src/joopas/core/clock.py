"""Time helpers. Rules take `today` as a parameter; only services ask the clock.

An academic year (lukuvuosi) runs 1 Aug – 31 Jul and is named by its starting calendar year.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    return timezone.now()


def today() -> dt.date:
    """The local (Europe/Helsinki) date."""
    return timezone.localdate()


def academic_year_of(day: dt.date) -> int:
    """The starting year of the academic year that contains `day` (2024-07-31 -> 2023)."""
    return day.year if day.month >= 8 else day.year - 1


def academic_year_start(year: int) -> dt.date:
    return dt.date(year, 8, 1)


def academic_year_end(year: int) -> dt.date:
    return dt.date(year + 1, 7, 31)


def academic_year_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    year = academic_year_of(day)
    return academic_year_start(year), academic_year_end(year)


def academic_year_label(year: int) -> str:
    return f"{year}–{year + 1}"


def end_of_academic_year(day: dt.date) -> dt.date:
    """31 July of the academic year in which `day` falls."""
    return academic_year_end(academic_year_of(day))


def add_academic_years(day: dt.date, years: int) -> dt.date:
    """Last day of the academic year `years - 1` after the one containing `day` (years >= 1)."""
    if years < 1:
        raise ValueError("years must be at least 1")
    return academic_year_end(academic_year_of(day) + years - 1)
