"""Reads for the site's pages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from joopas.site.models import LoginSession
from joopas.site.services import session_store

_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"),
             ("Chromium/", "Chromium"), ("Safari/", "Safari"))
_SYSTEMS = (("Android", "Android"), (r"iPhone|iPad", "iOS"), ("Windows", "Windows"), ("Mac OS X|Macintosh", "macOS"),
            ("CrOS", "ChromeOS"), ("Linux", "Linux"))


def browser_label(user_agent: str) -> str:
    """"Firefox, Linux" from a User-Agent header; "" when nothing is recognised."""
    browser = next((name for token, name in _BROWSERS if token in user_agent), "")
    system = next((name for pattern, name in _SYSTEMS if re.search(pattern, user_agent)), "")
    return ", ".join(p for p in (browser, system) if p)


@dataclass(frozen=True)
class SessionRow:
    created_at: datetime
    browser: str
    current: bool


def sessions_of(*, user_id: int, current_key: str | None) -> list[SessionRow]:
    """The user's sessions that are still active, newest first, the current one marked."""
    store = session_store()
    return [SessionRow(s.created_at, browser_label(s.user_agent), s.session_key == current_key)
            for s in LoginSession.objects.filter(user_id=user_id).order_by("-created_at")
            if s.session_key == current_key or store.exists(s.session_key)]
