"""What other apps may ask of access rights."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from joopas.access import keys
from joopas.access.data import ActiveRole, ApiClient
from joopas.access.models import ACTIVE_STATES, ApiKey, Grant, Role
from joopas.core.clock import today

__all__ = ["ActiveRole", "ApiClient", "Role", "active_roles", "authenticate_api_key", "has_role",
           "invite_first_main_user", "is_platform_admin", "main_user_shortage", "organisations_with_role",
           "record_login"]


def _active(on: dt.date | None = None) -> Any:
    day = on or today()
    return Grant.objects.filter(state__in=ACTIVE_STATES, valid_from__lte=day, valid_until__gte=day)


def active_roles(user: Any, on: dt.date | None = None) -> list[ActiveRole]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [ActiveRole(g["organisation_id"], g["role"])
            for g in _active(on).filter(user_id=user.pk).values("organisation_id", "role")]


def has_role(user: Any, organisation_id: int | None, *roles: str, on: dt.date | None = None) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    qs = _active(on).filter(user_id=user.pk, role__in=roles)
    if organisation_id is not None:
        qs = qs.filter(organisation_id=organisation_id)
    return qs.exists()


def organisations_with_role(user: Any, *roles: str) -> list[int]:
    if not getattr(user, "is_authenticated", False):
        return []
    return sorted(set(_active().filter(user_id=user.pk, role__in=roles).values_list("organisation_id", flat=True)))


def is_platform_admin(user: Any) -> bool:
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return has_role(user, None, Role.PLATFORM_ADMIN)


def authenticate_api_key(raw: str) -> ApiClient | None:
    prefix = keys.parse_prefix(raw or "")
    if not prefix:
        return None
    key = ApiKey.objects.filter(prefix=prefix, revoked_at__isnull=True).first()
    if key is None or not keys.matches(raw, key.key_hash):
        return None
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > dt.timedelta(minutes=1):
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)  # coarse: avoid a write per request
    return ApiClient(key.pk, key.organisation_id, key.name)


def create_api_key(*, actor: Any, organisation_id: int, name: str) -> tuple[ApiClient, str]:
    """For other apps (and their tests): a new key for the organisation; returns (client, raw key)."""
    from joopas.access.services import api_key_create

    key, raw = api_key_create(actor=actor, organisation_id=organisation_id, name=name)
    return ApiClient(key.pk, key.organisation_id, key.name), raw


def invite_first_main_user(*, actor: Any, organisation_id: int, email: str, first_name: str, last_name: str,
                           language: str, link_base: str | None = None) -> int:
    """R-ORG-1: the approved organisation's named main user gets a one-time invitation. Returns its id."""
    from joopas.access.services import invite_first_main_user as _invite

    return _invite(actor=actor, organisation_id=organisation_id, email=email, first_name=first_name,
                   last_name=last_name, language=language, link_base=link_base).pk


def record_login(*, user: Any = None, email: str = "", succeeded: bool, locked: bool = False,
                 organisation_oid: str = "") -> None:
    """R-ACC-6: the login view records every attempt (success and failure)."""
    from joopas.access.services import login_recorded

    login_recorded(user=user, email=email, succeeded=succeeded, locked=locked, organisation_oid=organisation_oid)


def main_user_shortage(organisation_id: int) -> bool:
    """R-ACC-3: True while the organisation has fewer than two active main users."""
    from joopas.access import rules, selectors

    return rules.main_user_shortage(selectors.active_main_user_count(organisation_id))
