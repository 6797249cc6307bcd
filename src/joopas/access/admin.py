"""Django admin: grant links are configuration data edited here; grants and keys are read-only
(they change only through the services, which check R-ACC-1/2 and write history and audit rows)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from joopas.access.models import AccessRequest, ApiKey, Grant, GrantHistory, GrantLink, Invitation


@admin.register(GrantLink)
class GrantLinkAdmin(admin.ModelAdmin):
    list_display = ("granter_role", "grantable_role")
    list_filter = ("granter_role",)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class GrantHistoryInline(admin.TabularInline):
    model = GrantHistory
    extra = 0
    can_delete = False
    readonly_fields = ("at", "by", "from_status", "to_status", "valid_from", "valid_until", "reason")

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Grant)
class GrantAdmin(ReadOnlyAdmin):
    list_display = ("user", "organisation_id", "role", "status", "valid_from", "valid_until")
    list_filter = ("role", "status")
    search_fields = ("user__email",)
    inlines = [GrantHistoryInline]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ("email", "organisation_id", "status", "expires_at")
    list_filter = ("status",)
    exclude = ("token_hash",)


@admin.register(AccessRequest)
class AccessRequestAdmin(ReadOnlyAdmin):
    list_display = ("user", "organisation_id", "role", "status", "created_at")
    list_filter = ("status",)


@admin.register(ApiKey)
class ApiKeyAdmin(ReadOnlyAdmin):
    list_display = ("name", "organisation_id", "prefix", "last_used_at", "revoked_at")
    exclude = ("key_hash",)
