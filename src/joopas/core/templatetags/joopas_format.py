"""`{% load joopas_format %}`: dates, times and status badges on pages (dates through `joopas.core.formats` only).

    {{ realisation.start_date|day }}                    -> 21.1.2027 (en: 21 Jan 2027)
    {{ realisation.enrolment_end|moment }}              -> 21.1.2027 klo 23.59 (sv: kl. 23.59, en: 21 Jan 2027, 23:59)
    {{ change.at|clock }}                               -> 23.59 (en: 23:59)
    {{ r.start_date|day_range:r.end_date }}             -> 1.9.2027–31.12.2027
    {% status_badge unit.status status_labels %}       -> <span class="badge badge-success">Voimassa</span>

`status_labels` is an app's table `{status: (translated label, tone)}`, the tone one of the `.badge-<tone>`
classes of joopas.css (success, warning, error, info, neutral, progress), e.g. `catalogue.rules.STATUS_LABELS`;
a status missing from it shows as "Unknown status", never raw.

Aware datetimes are shown in Helsinki time; Django's `|date` filter is not used for what people read.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from joopas.core import formats

register = template.Library()


@register.filter(name="day")
def day(value: Any) -> str:
    return formats.format_date(value) if isinstance(value, dt.date) else ""


@register.filter(name="moment")
def moment(value: Any) -> str:
    return formats.format_datetime(value) if isinstance(value, dt.date) else ""


@register.filter(name="clock")
def clock(value: Any) -> str:
    return formats.format_time(value) if isinstance(value, (dt.datetime, dt.time)) else ""


@register.filter(name="day_range")
def day_range(start: Any, end: Any) -> str:
    ok = (isinstance(start, dt.date) or start in (None, "")) and (isinstance(end, dt.date) or end in (None, ""))
    return formats.format_date_range(start, end) if ok else ""


@register.simple_tag(name="status_badge")
def status_badge(value: Any, labels: dict[Any, tuple[Any, str]]) -> SafeString:
    label, tone = (labels or {}).get(value, (_("Unknown status"), "neutral"))
    return format_html('<span class="badge badge-{}">{}</span>', tone, label)
