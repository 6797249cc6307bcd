"""Django admin for user accounts. Every page that shows an account is audited (R-ACC-6, core.admin_audit)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest

from joopas.accounts.codes import Event
from joopas.accounts.models import User
from joopas.core.admin_audit import AuditedAdminMixin


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):
    audit_list_event = Event.ADMIN_LIST_READ
    audit_object_event = Event.ADMIN_OBJECT_READ
    audit_write_event = Event.ADMIN_OBJECT_WRITTEN
    ordering = ("email",)
    list_display = ("email", "first_name", "last_name", "is_active", "is_staff")
    search_fields = ("email", "first_name", "last_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("first_name", "last_name", "language", "person_oid")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    def audit_person_oid(self, obj: Any) -> str:
        return str(obj.person_oid or "")

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> Any:
        """The password page names the account too."""
        return self.audited_object_response(request, super().user_change_password(request, id, form_url),
                                            "password")


# Login attempts (django-axes) name people by their login email and IP address: the same audit (R-ACC-6).
def _audit_axes() -> None:
    from axes import admin as axes_admin
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model, base in ((AccessAttempt, axes_admin.AccessAttemptAdmin), (AccessLog, axes_admin.AccessLogAdmin),
                        (AccessFailureLog, axes_admin.AccessFailureLogAdmin)):
        if not admin.site.is_registered(model):
            continue  # AXES_ENABLE_ADMIN off
        admin.site.unregister(model)
        audited = type(f"Audited{base.__name__}", (AuditedAdminMixin, base), {
            "audit_list_event": Event.ADMIN_LIST_READ, "audit_object_event": Event.ADMIN_OBJECT_READ,
            "audit_write_event": Event.ADMIN_OBJECT_WRITTEN,
            "audit_details": lambda self, obj: {"emails": [str(obj.username or "").lower()]},
        })
        admin.site.register(model, audited)


_audit_axes()
