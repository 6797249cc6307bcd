"""A JOO right on the rights app's person page links to the application it was granted on (registered with
`rights.api.register_right_links` at start-up)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from joopas.applications.models import Application


def links(right_id: int, kind: str) -> list[tuple[str, str]]:
    if kind != "joo":
        return []
    return [(_("JOO application %(number)s") % {"number": a.number}, reverse("applications:office_detail", args=[a.pk]))
            for a in Application.objects.filter(joo_right_id=right_id).order_by("id")]
