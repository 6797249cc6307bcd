"""Writers of access rights. API keys are here from the foundation; grants follow with R-ACC-1–6."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from joopas.access import keys, policies
from joopas.access.models import ApiKey
from joopas.core import audit
from joopas.core.errors import NotFound, PermissionDenied, ValidationFailed


def api_key_create(*, actor: Any, organisation_id: int, name: str) -> tuple[ApiKey, str]:
    """Create an integration key; the full key is returned once and only its hash is stored."""
    if not policies.can_manage_api_keys(actor, organisation_id):
        raise PermissionDenied()
    name = (name or "").strip()
    if not name:
        raise ValidationFailed(_("Give the key a name."), code="access.api_key.name_missing")
    prefix, raw, key_hash = keys.new_key()
    with transaction.atomic():
        key = ApiKey.objects.create(organisation_id=organisation_id, name=name[:100], prefix=prefix,
                                    key_hash=key_hash, created_by=actor if getattr(actor, "pk", None) else None)
        audit.record("access.api_key.created", actor=actor, subject=key, after={"name": key.name, "prefix": prefix})
    return key, raw


def api_key_revoke(*, actor: Any, key_id: int) -> ApiKey:
    with transaction.atomic():
        key = ApiKey.objects.select_for_update().filter(pk=key_id).first()
        if key is None:
            raise NotFound()
        if not policies.can_manage_api_keys(actor, key.organisation_id):
            raise PermissionDenied()
        if key.revoked_at is None:
            key.revoked_at = timezone.now()
            key.save(update_fields=["revoked_at"])
            audit.record("access.api_key.revoked", actor=actor, subject=key, after={"prefix": key.prefix})
    return key
