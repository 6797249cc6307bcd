"""Writers of the site's own data: the login-session records behind the profile's "your sessions"."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest

from joopas.site.models import LoginSession


def session_store(session_key: str | None = None) -> Any:
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key)


def session_record(*, user_id: int, session_key: str, user_agent: str = "") -> None:
    """Remember that this session belongs to the user; forget the user's sessions that have ended meanwhile."""
    if not session_key:
        return
    with transaction.atomic():
        LoginSession.objects.update_or_create(session_key=session_key,
                                              defaults={"user_id": user_id, "user_agent": user_agent[:200]})
        store = session_store()
        ended = [s.pk for s in LoginSession.objects.filter(user_id=user_id).exclude(session_key=session_key)
                 if not store.exists(s.session_key)]
        LoginSession.objects.filter(pk__in=ended).delete()


def session_rekey(*, user_id: int, old_key: str | None, new_key: str | None) -> None:
    """The session got a new key (e.g. after a password change, Django's update_session_auth_hash)."""
    if not new_key or old_key == new_key:
        return
    updated = LoginSession.objects.filter(user_id=user_id, session_key=old_key or "").update(session_key=new_key)
    if not updated:
        session_record(user_id=user_id, session_key=new_key)


def sessions_end_others(*, user_id: int, keep_key: str | None) -> int:
    """Log the user out everywhere else: delete their other sessions. Returns how many were still active."""
    ended = 0
    with transaction.atomic():
        for record in LoginSession.objects.filter(user_id=user_id).exclude(session_key=keep_key or ""):
            store = session_store(record.session_key)
            if store.exists(record.session_key):
                store.delete(record.session_key)
                ended += 1
            record.delete()
    return ended


def login_listener(request: HttpRequest, user: Any) -> None:
    """accounts' login listener (registered in SiteConfig.ready): record the new session."""
    session = getattr(request, "session", None)
    session_record(user_id=user.pk, session_key=getattr(session, "session_key", "") or "",
                   user_agent=request.META.get("HTTP_USER_AGENT", ""))
