"""What other apps may ask of access rights."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyHeader, HttpBearer

from joopas.access import keys, rules, selectors, services
from joopas.access.acting import acting_organisation_for, offices_for_desk
from joopas.access.data import ActiveRole, ApiClient
from joopas.access.models import ApiKey, Role
from joopas.access.selectors import active_roles, has_role, is_platform_admin, organisations_with_role

__all__ = ["ActiveRole", "ApiClient", "KeyBearer", "KeyHeader", "Role", "acting_organisation_for", "active_roles", "authenticate_api_key",
           "create_api_key",
           "demo_logins", "has_role", "is_platform_admin", "main_user_shortage", "offices_for_desk",
           "organisations_with_role"]


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


class KeyHeader(APIKeyHeader):
    """An institution's system calling the API with its key in `X-API-Key` (request.auth: the ApiClient). The
    class names are the OpenAPI security schemes' names."""

    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> ApiClient | None:
        return authenticate_api_key(key) if key else None


class KeyBearer(HttpBearer):
    """The same key as `Authorization: Bearer <key>`."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiClient | None:
        return authenticate_api_key(token) if token else None


def create_api_key(*, actor: Any, organisation_id: int, name: str) -> tuple[ApiClient, str]:
    """For other apps (and their tests): a new key for the organisation; returns (client, raw key)."""
    key, raw = services.api_key_create(actor=actor, organisation_id=organisation_id, name=name)
    return ApiClient(key.pk, key.organisation_id, key.name), raw


def demo_logins() -> tuple[str, list[tuple[str, str]]]:
    """The demo's shared password and its logins (email, what the person does), printed by `joopas demo`."""
    from joopas.access import demo

    return demo.DEMO_PASSWORD, demo.logins()


def main_user_shortage(organisation_id: int) -> bool:
    """R-ACC-3: True while the organisation has fewer than two active main users."""
    return rules.main_user_shortage(selectors.active_main_user_count(organisation_id))

