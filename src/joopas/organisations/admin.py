"""Django admin for registry maintenance (names, codes, parents, contacts). Registrations are
decided on the review page, where the decision is audited and the main user invited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from joopas.organisations.models import ContactPerson, Organisation, OrganisationRegistration


class ContactInline(admin.TabularInline):
    model = ContactPerson
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name_fi", "oid", "org_type", "business_id", "tk_code", "status")
    list_filter = ("org_type", "status")
    search_fields = ("name_fi", "name_sv", "name_en", "oid", "business_id", "tk_code")
    readonly_fields = ("oid", "status")
    inlines = [ContactInline]


@admin.register(OrganisationRegistration)
class OrganisationRegistrationAdmin(admin.ModelAdmin):
    list_display = ("organisation", "main_user_email", "status", "created_at")
    list_filter = ("status",)

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
