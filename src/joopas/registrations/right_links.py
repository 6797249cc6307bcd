"""Links from a host's cross-study right on the rights app's person page to the registrations it was granted on
(registered with `rights.api.register_right_links` at start-up)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from joopas.catalogue import api as catalogue_api
from joopas.registrations.models import Selection


def links(right_id: int, kind: str) -> list[tuple[str, str]]:
    if kind not in ("host_official", "host_provisional"):
        return []
    sels = list(Selection.objects.filter(registration__host_right_id=right_id).order_by("id")[:20])
    units = catalogue_api.course_units_by_ids({s.course_unit_id for s in sels if s.course_unit_id})
    lang = (get_language() or "fi")[:2]
    out = []
    for s in sels:
        unit = units.get(s.course_unit_id) if s.course_unit_id else None
        course = f"{unit.code} {unit.name(lang)}" if unit else str(s.pk)
        out.append((_("Registration: %(course)s") % {"course": course},
                    reverse("registrations:decide", args=[s.pk])))
    return out
