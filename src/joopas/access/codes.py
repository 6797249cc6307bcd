"""Every audit event the access app writes and every stable error code it raises (values are API/audit
contract: never change one, add a new one)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.translation import pgettext_lazy

from joopas.core.event_labels import register_labels


class Event(StrEnum):
    LOGIN_SUCCEEDED = "auth.login.succeeded"
    LOGIN_FAILED = "auth.login.failed"
    GRANT_GRANTED = "access.grant.granted"
    GRANT_RENEWED = "access.grant.renewed"
    GRANT_CLOSED = "access.grant.closed"
    GRANT_EXPIRED = "access.grant.expired"
    GRANT_REMINDER_SENT = "access.grant.reminder_sent"
    INVITATION_CREATED = "access.invitation.created"
    INVITATION_ACCEPTED = "access.invitation.accepted"
    INVITATION_CANCELLED = "access.invitation.cancelled"
    INVITATION_EXPIRED = "access.invitation.expired"
    REQUEST_CREATED = "access.application.created"
    REQUEST_APPROVED = "access.application.approved"
    REQUEST_REJECTED = "access.application.rejected"
    REQUEST_LAPSED = "access.application.lapsed"
    API_KEY_CREATED = "access.api_key.created"
    API_KEY_REVOKED = "access.api_key.revoked"
    API_KEY_ROTATED = "access.api_key.rotated"
    ORGANISATION_READ = "access.organisation.read"
    GRANTS_READ = "access.grants.read"
    GRANT_READ = "access.grant.read"
    REQUESTS_READ = "access.applications.read"
    AUDIT_READ = "access.audit.read"
    AUDIT_EXPORTED = "access.audit.exported"
    # R-ACC-6: the Django admin's pages that show people's data (core.admin_audit)
    ADMIN_LIST_READ = "access.admin.list.read"
    ADMIN_OBJECT_READ = "access.admin.object.read"
    ADMIN_OBJECT_WRITTEN = "access.admin.object.written"  # a save or delete through the Django admin


class ErrorCode(StrEnum):
    ACTING_ORGANISATION = "access.acting_organisation"
    GRANT_UNKNOWN_ROLE = "access.grant.unknown_role"
    GRANT_OTHER_ORGANISATION = "access.grant.other_organisation"
    GRANT_ROLE_NOT_GRANTABLE = "access.grant.role_not_grantable"
    GRANT_SELF = "access.grant.self"
    GRANT_EMAIL_INVALID = "access.grant.email_invalid"
    GRANT_TOO_LONG = "access.grant.too_long"
    INVITATION_IDENTITY = "access.invitation.identity"
    INVITATION_OTHER_PERSON = "access.invitation.other_person"
    INVITATION_IDENTITY_REQUIRED = "access.invitation.identity_required"
    GRANT_IDENTITY_REQUIRED = "access.grant.identity_required"
    GRANT_EXISTS = "access.grant.exists"
    GRANT_NOT_FOUND = "access.grant.not_found"
    GRANT_END_BEFORE_START = "access.grant.end_before_start"
    GRANT_END_IN_PAST = "access.grant.end_in_past"
    GRANT_START_IN_PAST = "access.grant.start_in_past"
    GRANT_ILLEGAL_TRANSITION = "access.grant.illegal_transition"
    INVITATION_EMAIL = "access.invitation.email"
    INVITATION_NAME = "access.invitation.name"
    INVITATION_NO_ROLES = "access.invitation.no_roles"
    INVITATION_NOT_FOUND = "access.invitation.not_found"
    INVITATION_USED = "access.invitation.used"
    INVITATION_EXPIRED = "access.invitation.expired"
    INVITATION_CLOSED = "access.invitation.closed"
    INVITATION_OTHER_EMAIL = "access.invitation.other_email"
    INVITATION_ILLEGAL_TRANSITION = "access.invitation.illegal_transition"
    REQUEST_ROLE = "access.application.role"
    REQUEST_NOT_ALLOWED = "access.application.not_allowed"
    REQUEST_EXISTS = "access.application.exists"
    REQUEST_REASON_MISSING = "access.application.reason_missing"
    REQUEST_ILLEGAL_TRANSITION = "access.application.illegal_transition"
    API_KEY_NAME_MISSING = "access.api_key.name_missing"
    API_KEY_REVOKED = "access.api_key.revoked"


# What the audit page shows for each event, in the reader's language (core.audit.register_labels).
EVENT_LABELS: dict[str, Any] = {
    Event.LOGIN_SUCCEEDED: pgettext_lazy("audit event", "Logged in"),
    Event.LOGIN_FAILED: pgettext_lazy("audit event", "Login failed"),
    Event.GRANT_GRANTED: pgettext_lazy("audit event", "Granted a role"),
    Event.GRANT_RENEWED: pgettext_lazy("audit event", "Renewed a role"),
    Event.GRANT_CLOSED: pgettext_lazy("audit event", "Ended a role"),
    Event.GRANT_EXPIRED: pgettext_lazy("audit event", "A role expired"),
    Event.GRANT_REMINDER_SENT: pgettext_lazy("audit event", "Sent a reminder about a role that is ending"),
    Event.INVITATION_CREATED: pgettext_lazy("audit event", "Sent an invitation"),
    Event.INVITATION_ACCEPTED: pgettext_lazy("audit event", "Accepted an invitation"),
    Event.INVITATION_CANCELLED: pgettext_lazy("audit event", "Cancelled an invitation"),
    Event.INVITATION_EXPIRED: pgettext_lazy("audit event", "An invitation expired"),
    Event.REQUEST_CREATED: pgettext_lazy("audit event", "Applied for a main-user right"),
    Event.REQUEST_APPROVED: pgettext_lazy("audit event", "Approved an access application"),
    Event.REQUEST_REJECTED: pgettext_lazy("audit event", "Rejected an access application"),
    Event.REQUEST_LAPSED: pgettext_lazy("audit event", "An access application lapsed"),
    Event.API_KEY_CREATED: pgettext_lazy("audit event", "Created an API key"),
    Event.API_KEY_REVOKED: pgettext_lazy("audit event", "Revoked an API key"),
    Event.API_KEY_ROTATED: pgettext_lazy("audit event", "Replaced an API key"),
    Event.ORGANISATION_READ: pgettext_lazy("audit event", "Viewed the organisation's access rights"),
    Event.GRANTS_READ: pgettext_lazy("audit event", "Viewed the roles"),
    Event.GRANT_READ: pgettext_lazy("audit event", "Viewed a role"),
    Event.REQUESTS_READ: pgettext_lazy("audit event", "Viewed access applications"),
    Event.AUDIT_READ: pgettext_lazy("audit event", "Searched the audit log"),
    Event.AUDIT_EXPORTED: pgettext_lazy("audit event", "Downloaded the audit log"),
    Event.ADMIN_LIST_READ: pgettext_lazy("audit event", "Viewed a list in the administration"),
    Event.ADMIN_OBJECT_READ: pgettext_lazy("audit event", "Viewed a record in the administration"),
    Event.ADMIN_OBJECT_WRITTEN: pgettext_lazy("audit event", "Added, changed or deleted a record in the administration"),
}
register_labels(EVENT_LABELS)
