"""One date/time formatter: Finnish style, Helsinki time (issue 11, "Dates and times")."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

from joopas.core.formats import format_date, format_date_range, format_datetime, format_time

UTC = dt.UTC
WINTER = dt.datetime(2027, 1, 21, 19, 1, tzinfo=UTC)  # 21.01 in Helsinki (UTC+2)


@pytest.mark.parametrize(("lang", "expected"), [("fi", "21.1.2027"), ("sv", "21.1.2027"), ("en", "21 Jan 2027")])
def test_format_date_per_language(lang: str, expected: str) -> None:
    assert format_date(dt.date(2027, 1, 21), lang) == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("fi", "21.1.2027 klo 21.01"), ("sv", "21.1.2027 kl. 21.01"), ("en", "21 Jan 2027, 21:01")])
def test_format_datetime_per_language_in_helsinki_time(lang: str, expected: str) -> None:
    assert format_datetime(WINTER, lang) == expected


def test_midnight_utc_is_two_in_the_morning_in_helsinki_winter() -> None:
    assert format_datetime(dt.datetime(2027, 1, 21, 0, 0, tzinfo=UTC), "fi") == "21.1.2027 klo 02.00"


def test_midnight_utc_is_three_in_the_morning_in_helsinki_summer() -> None:
    assert format_datetime(dt.datetime(2027, 6, 21, 0, 0, tzinfo=UTC), "fi") == "21.6.2027 klo 03.00"


def test_dst_change_night_2027() -> None:
    # Summer time starts on 28.3.2027 at 03.00 local (01.00 UTC): 00.59 UTC is 02.59, 01.00 UTC is 04.00.
    assert format_time(dt.datetime(2027, 3, 28, 0, 59, tzinfo=UTC), "fi") == "02.59"
    assert format_time(dt.datetime(2027, 3, 28, 1, 0, tzinfo=UTC), "fi") == "04.00"
    # It ends on 31.10.2027: 00.59 UTC is 03.59 summer time, 01.00 UTC is 03.00 winter time.
    assert format_time(dt.datetime(2027, 10, 31, 0, 59, tzinfo=UTC), "sv") == "03.59"
    assert format_time(dt.datetime(2027, 10, 31, 1, 0, tzinfo=UTC), "sv") == "03.00"


def test_late_evening_utc_is_the_next_day_in_helsinki() -> None:
    late = dt.datetime(2027, 1, 21, 22, 30, tzinfo=UTC)
    assert format_date(late, "fi") == "22.1.2027"
    assert format_datetime(late, "en") == "22 Jan 2027, 00:30"


def test_end_of_day_in_helsinki_shows_23_59() -> None:
    end = dt.datetime(2027, 1, 31, 21, 59, tzinfo=UTC)
    assert format_datetime(end, "fi") == "31.1.2027 klo 23.59"


def test_naive_datetime_is_taken_as_helsinki_time() -> None:
    assert format_datetime(dt.datetime(2027, 1, 21, 21, 1), "sv") == "21.1.2027 kl. 21.01"


def test_empty_values_and_dates_given_to_format_datetime() -> None:
    assert format_date(None) == ""
    assert format_datetime(None) == ""
    assert format_time(None) == ""
    assert format_datetime(dt.date(2027, 1, 21), "fi") == "21.1.2027"
    assert format_date_range(dt.date(2027, 9, 1), None, "fi") == "1.9.2027–"
    assert format_date_range(dt.date(2027, 9, 1), dt.date(2027, 12, 31), "en") == "1 Sep 2027–31 Dec 2027"


def test_unknown_language_falls_back_to_finnish() -> None:
    assert format_datetime(WINTER, "de") == "21.1.2027 klo 21.01"


@pytest.mark.parametrize(("lang", "expected"), [
    ("fi", "21.1.2027|21.1.2027 klo 21.01|21.01|1.9.2027–31.12.2027"),
    ("sv", "21.1.2027|21.1.2027 kl. 21.01|21.01|1.9.2027–31.12.2027"),
    ("en", "21 Jan 2027|21 Jan 2027, 21:01|21:01|1 Sep 2027–31 Dec 2027"),
])
def test_template_filters_use_the_active_language(lang: str, expected: str) -> None:
    template = Template("{% load joopas_format %}{{ d|day }}|{{ t|moment }}|{{ t|clock }}|{{ s|day_range:e }}")
    with translation.override(lang):
        out = template.render(Context({"d": dt.date(2027, 1, 21), "t": WINTER, "s": dt.date(2027, 9, 1),
                                       "e": dt.date(2027, 12, 31)}))
    assert out == expected


def test_template_filters_show_nothing_for_empty_or_wrong_values() -> None:
    out = Template("{% load joopas_format %}[{{ n|day }}][{{ n|moment }}][{{ s|moment }}]").render(
        Context({"n": None, "s": "2027-01-21"}))
    assert out == "[][][]"
