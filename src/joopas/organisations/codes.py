"""Every audit event the organisations app writes and every stable error code it raises (values are API/audit
contract: never change one, add a new one)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.translation import pgettext_lazy

from joopas.core.event_labels import register_labels


class Event(StrEnum):
    REGISTRATION_SUBMITTED = "organisations.registration.submitted"
    REGISTRATION_APPROVED = "organisations.registration.approved"
    REGISTRATION_REJECTED = "organisations.registration.rejected"
    REGISTRATIONS_READ = "organisations.registrations.read"
    CONTACT_CREATED = "organisations.contact.created"
    CONTACT_UPDATED = "organisations.contact.updated"
    CONTACT_DELETED = "organisations.contact.deleted"
    CONTACT_READ = "organisations.contact.read"
    CONTACTS_READ = "organisations.contacts.read"
    SETTINGS_UPDATED = "organisations.organisation.settings_updated"
    # R-ACC-6: the Django admin's pages that show people's data (core.admin_audit)
    ADMIN_LIST_READ = "organisations.admin.list.read"
    ADMIN_OBJECT_READ = "organisations.admin.object.read"
    ADMIN_OBJECT_WRITTEN = "organisations.admin.object.written"  # a save or delete through the Django admin


class ErrorCode(StrEnum):
    NOT_FOUND = "organisations.not_found"
    ORGANISATION_ILLEGAL_TRANSITION = "organisations.organisation.illegal_transition"
    REGISTRATION_TYPE = "organisations.registration.type"
    REGISTRATION_NAME = "organisations.registration.name"
    REGISTRATION_MAIN_USER = "organisations.registration.main_user"
    REGISTRATION_WEBSITE_INVALID = "organisations.registration.website_invalid"
    REGISTRATION_EMAIL_INVALID = "organisations.registration.email_invalid"
    REGISTRATION_DUPLICATE = "organisations.registration.duplicate"
    REGISTRATION_NONE_CHOSEN = "organisations.registration.none_chosen"
    REGISTRATION_NOT_FOUND = "organisations.registration.not_found"
    REGISTRATION_REASON_MISSING = "organisations.registration.reason_missing"
    REGISTRATION_ILLEGAL_TRANSITION = "organisations.registration.illegal_transition"
    CONTACT_NOT_ALLOWED = "organisations.contact.not_allowed"
    CONTACT_NOT_FOUND = "organisations.contact.not_found"
    CONTACT_NAME_MISSING = "organisations.contact.name_missing"
    CONTACT_TOO_LONG = "organisations.contact.too_long"
    CONTACT_EMAIL_INVALID = "organisations.contact.email_invalid"
    CONTACT_PHONE_INVALID = "organisations.contact.phone_invalid"
    SETTINGS_NOT_ALLOWED = "organisations.settings.not_allowed"


# What the audit page shows for each event, in the reader's language (core.audit.register_labels).
EVENT_LABELS: dict[str, Any] = {
    Event.REGISTRATION_SUBMITTED: pgettext_lazy("audit event", "An organisation registration was sent"),
    Event.REGISTRATION_APPROVED: pgettext_lazy("audit event", "Approved an organisation registration"),
    Event.REGISTRATION_REJECTED: pgettext_lazy("audit event", "Rejected an organisation registration"),
    Event.REGISTRATIONS_READ: pgettext_lazy("audit event", "Viewed organisation registrations"),
    Event.CONTACT_CREATED: pgettext_lazy("audit event", "Added a contact person"),
    Event.CONTACT_UPDATED: pgettext_lazy("audit event", "Changed a contact person"),
    Event.CONTACT_DELETED: pgettext_lazy("audit event", "Removed a contact person"),
    Event.CONTACT_READ: pgettext_lazy("audit event", "Viewed a contact person"),
    Event.CONTACTS_READ: pgettext_lazy("audit event", "Viewed contact persons"),
    Event.SETTINGS_UPDATED: pgettext_lazy("audit event", "Changed the organisation's settings"),
    Event.ADMIN_LIST_READ: pgettext_lazy("audit event", "Viewed a list in the administration"),
    Event.ADMIN_OBJECT_READ: pgettext_lazy("audit event", "Viewed a record in the administration"),
    Event.ADMIN_OBJECT_WRITTEN: pgettext_lazy("audit event", "Added, changed or deleted a record in the administration"),
}
register_labels(EVENT_LABELS)
