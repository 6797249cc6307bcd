"""Django admin: grant links are configuration data edited here; grants and keys are read-only
(they change only through the services, which check R-ACC-1/2 and write history and audit rows). Every page
that shows people (grant holders, invitees, applicants, key creators) is audited (R-ACC-6, core.admin_audit)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from joopas.access.codes import Event
from joopas.access.models import AccessRequest, ApiKey, Grant, GrantHistory, GrantLink, Invitation
from joopas.core.admin_audit import AuditedAdminMixin
from joopas.organisations import api as organisations_api


@admin.register(GrantLink)
class GrantLinkAdmin(AuditedAdminMixin, admin.ModelAdmin):
    # no people on these pages (no read rows), but who may grant which role is security data: writes are audited
    audit_write_event = Event.ADMIN_OBJECT_WRITTEN
    list_display = ("granter_role", "grantable_role")
    list_filter = ("granter_role",)


class ReadOnlyAdmin(AuditedAdminMixin, admin.ModelAdmin):
    audit_list_event = Event.ADMIN_LIST_READ
    audit_object_event = Event.ADMIN_OBJECT_READ
    audit_write_event = Event.ADMIN_OBJECT_WRITTEN  # read-only admins: nothing to write, kept for completeness

    def audit_organisation_oid(self, obj: Any) -> str:
        org = organisations_api.get_by_id(obj.organisation_id)
        return org.oid if org else ""

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
    def audit_person_oid(self, obj: Any) -> str:
        return str(obj.user.person_oid or "")

    list_display = ("user", "organisation_id", "role", "status", "valid_from", "valid_until")
    list_filter = ("role", "status")
    search_fields = ("user__email",)
    inlines = [GrantHistoryInline]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ("email", "organisation_id", "status", "expires_at")
    list_filter = ("status",)
    exclude = ("token_hash",)

    def audit_details(self, obj: Any) -> dict[str, Any]:
        return {"emails": [obj.email.lower()]}


@admin.register(AccessRequest)
class AccessRequestAdmin(ReadOnlyAdmin):
    def audit_person_oid(self, obj: Any) -> str:
        return str(obj.user.person_oid or "")

    list_display = ("user", "organisation_id", "role", "status", "created_at")
    list_filter = ("status",)


@admin.register(ApiKey)
class ApiKeyAdmin(ReadOnlyAdmin):
    list_display = ("name", "organisation_id", "prefix", "last_used_at", "revoked_at")
    exclude = ("key_hash",)
