from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language

from joopas.notifications import api as notifications_api
from joopas.organisations import api as organisations_api


def site(request: HttpRequest) -> dict[str, Any]:
    """What the header shows on every page: the service, and for a logged-in person their name and the
    organisation they act for (in the page's language), and how many of their own messages are unread. Only for a
    logged-in person."""
    ctx: dict[str, Any] = {"SITE_NAME": "Joopas", "LANGUAGES": settings.LANGUAGES}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        ctx["header_person"] = getattr(user, "full_name", "") or user.get_username()
        session = getattr(request, "session", None)
        oid = session.get("acting_organisation") if session is not None else None
        acting = organisations_api.get_by_oid(oid) if oid else None
        ctx["header_organisation"] = acting.name(get_language() or "fi") if acting else ""
        ctx["header_unread"] = notifications_api.unread_count(user.pk)
    return ctx
