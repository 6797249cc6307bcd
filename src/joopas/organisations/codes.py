"""Every audit event the organisations app writes and every stable error code it raises (values are API/audit
contract: never change one, add a new one)."""

from __future__ import annotations

from enum import StrEnum


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
