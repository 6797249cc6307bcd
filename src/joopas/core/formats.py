"""The one way pages show dates and times: Finnish style, always in Helsinki time.

    format_date(d)       fi/sv "21.1.2027"                 en "21 Jan 2027"
    format_datetime(t)   fi "21.1.2027 klo 21.01"          sv "21.1.2027 kl. 21.01"   en "21 Jan 2027, 21:01"
    format_time(t)       fi/sv "21.01"                     en "21:01"

An aware datetime is converted to Europe/Helsinki first (midnight UTC is 02.00 in winter, 03.00 in
summer); a naive one is taken as Helsinki time already. A datetime given to `format_date` shows its
Helsinki date. `None` and "" give "". The language is the active one unless `lang` is given.
Templates use `{% load joopas_format %}` and `{{ x|day }}`, `{{ x|moment }}`, `{{ x|clock }}`,
`{{ start|day_range:end }}` (core/templatetags/joopas_format.py).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import get_language

HELSINKI = ZoneInfo("Europe/Helsinki")
EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
TIME_WORD = {"fi": "klo", "sv": "kl."}


def _lang(lang: str | None) -> str:
    code = (lang or get_language() or "fi")[:2]
    return code if code in ("fi", "sv", "en") else "fi"


def helsinki(value: dt.datetime) -> dt.datetime:
    """An aware datetime in Helsinki time; a naive one unchanged (it is taken as Helsinki time)."""
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        return value
    return value.astimezone(HELSINKI)


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return helsinki(value).date() if isinstance(value, dt.datetime) else value


def format_date(value: dt.date | dt.datetime | None, lang: str | None = None) -> str:
    if value in (None, ""):
        return ""
    assert value is not None
    day = _as_date(value)
    if _lang(lang) == "en":
        return f"{day.day} {EN_MONTHS[day.month - 1]} {day.year}"
    return f"{day.day}.{day.month}.{day.year}"


def format_time(value: dt.datetime | dt.time | None, lang: str | None = None) -> str:
    if value in (None, ""):
        return ""
    assert value is not None
    moment = helsinki(value) if isinstance(value, dt.datetime) else value
    sep = ":" if _lang(lang) == "en" else "."
    return f"{moment.hour:02d}{sep}{moment.minute:02d}"


def format_datetime(value: dt.datetime | dt.date | None, lang: str | None = None) -> str:
    if value in (None, ""):
        return ""
    assert value is not None
    if not isinstance(value, dt.datetime):
        return format_date(value, lang)
    code = _lang(lang)
    local = helsinki(value)
    if code == "en":
        return f"{format_date(local, code)}, {format_time(local, code)}"
    return f"{format_date(local, code)} {TIME_WORD[code]} {format_time(local, code)}"


def format_date_range(start: dt.date | dt.datetime | None, end: dt.date | dt.datetime | None,
                      lang: str | None = None) -> str:
    """"1.9.2027–31.12.2027"; an open end gives "1.9.2027–"."""
    if start in (None, "") and end in (None, ""):
        return ""
    return f"{format_date(start, lang)}–{format_date(end, lang)}"


def format_credits(low: Any, high: Any = None) -> str:
    """Credits as people write them: 5, 2.5, 20–25 (a Decimal's trailing zeros dropped; one number when equal)."""
    def one(v: Any) -> str:
        return f"{Decimal(str(v)).normalize():f}"

    parts = [one(v) for v in (low, high) if v is not None]
    return "–".join(dict.fromkeys(parts))
