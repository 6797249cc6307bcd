"""Django admin for registry maintenance (names, codes, parents, contacts). Registrations are
decided on the review page, where the decision is audited and the main user invited. Pages that show people
(contact persons, registrations' main users) are audited (R-ACC-6, core.admin_audit)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models

from joopas.core.admin_audit import AuditedAdminMixin
from joopas.core.safety import web_url_validator
from joopas.organisations.codes import Event
from joopas.organisations.models import ContactPerson, Organisation, OrganisationRegistration


class ContactInline(admin.TabularInline):
    model = ContactPerson
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    # the list shows no people; an organisation's page shows its contact persons (inline)
    audit_object_event = Event.ADMIN_OBJECT_READ
    audit_write_event = Event.ADMIN_OBJECT_WRITTEN
    list_display = ("name_fi", "oid", "org_type", "business_id", "tk_code", "status", "strong_identification")
    list_filter = ("org_type", "status", "strong_identification")
    search_fields = ("name_fi", "name_sv", "name_en", "oid", "business_id", "tk_code")
    readonly_fields = ("oid", "status")
    inlines = [ContactInline]
    # addresses typed here are shown as links on public pages: http(s) only, like everywhere else (issue 10)
    formfield_overrides = {models.URLField: {"assume_scheme": "https", "validators": [web_url_validator]}}

    def audit_organisation_oid(self, obj: Any) -> str:
        return str(obj.oid)

    def audit_details(self, obj: Any) -> dict[str, Any]:
        contacts = list(obj.contacts.order_by("id").values_list("id", "email"))
        return {"contact_ids": [pk for pk, _email in contacts],
                "emails": sorted({email.lower() for _pk, email in contacts if email})}


@admin.register(OrganisationRegistration)
class OrganisationRegistrationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    audit_list_event = Event.ADMIN_LIST_READ  # the list names each registration's main user
    audit_object_event = Event.ADMIN_OBJECT_READ
    audit_write_event = Event.ADMIN_OBJECT_WRITTEN
    list_display = ("organisation", "main_user_email", "status", "created_at")
    list_filter = ("status",)

    def audit_organisation_oid(self, obj: Any) -> str:
        return str(obj.organisation.oid)

    def audit_details(self, obj: Any) -> dict[str, Any]:
        return {"emails": [obj.main_user_email.lower()]}

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
