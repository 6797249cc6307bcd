"""Audit events and stable error codes of the registrations app."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.translation import pgettext_lazy

from joopas.core.event_labels import register_labels


class Event(StrEnum):
    REGISTERED = "registrations.registration.created"
    SELECTION_ACCEPTED = "registrations.selection.accepted"
    SELECTION_REJECTED = "registrations.selection.rejected"
    SELECTION_CANCELLED = "registrations.selection.cancelled"
    SELECTION_ABORTED = "registrations.selection.aborted_by_teacher"
    PROVISIONAL_REMOVED = "registrations.provisional_right.removed"
    QUEUE_READ = "registrations.queue.read"  # R-ACC-6: a study office's list of registrations
    OUTGOING_READ = "registrations.outgoing.read"
    SELECTION_READ = "registrations.selection.read"
    ON_BEHALF_READ = "registrations.on_behalf.read"  # R-EXC-6: a home office looked up its student to register
    OWN_STUDIES_READ = "registrations.own_studies.read"  # the student's own page
    OWN_REGISTRATION_READ = "registrations.own_registration.read"
    API_READ = "registrations.api.read"  # R-ACC-6: an institution's system or officer read registrations by the API


class ErrorCode(StrEnum):
    PERMISSION_DENIED = "registrations.permission_denied"
    NOT_FOUND = "registrations.not_found"
    NETWORK_NOT_VALID = "registrations.network_not_valid"  # R-NET-1
    RIGHT_NOT_ELIGIBLE = "registrations.right_not_eligible"  # R-NET-2
    NOT_OFFERED = "registrations.not_offered_in_network"
    ENROLMENT_CLOSED = "registrations.enrolment_closed"
    DUPLICATE = "registrations.duplicate"
    NO_SELECTIONS = "registrations.no_selections"
    OWN_INSTITUTION = "registrations.own_institution"
    ILLEGAL_TRANSITION = "registrations.selection.illegal_transition"
    REASON_REQUIRED = "registrations.selection.reason_required"
    CANCEL_CONTACT_HOST = "registrations.selection.contact_host"  # R-REG-4
    # through the exchange and the HTTP API
    NOT_HOME = "registrations.not_home_institution"  # R-EXC-4: only the student's home sends a request
    REPLY_NOT_ALLOWED = "registrations.reply_not_allowed"  # R-EXC-4: only the registration's host answers
    NOT_SENDER = "registrations.not_sender"  # sendingOrganisationTkCode is not the authenticated sender
    UNKNOWN_NETWORK = "registrations.unknown_network"
    UNKNOWN_HOST = "registrations.unknown_host"
    UNKNOWN_STUDY_RIGHT = "registrations.unknown_study_right"
    STUDENT_MISMATCH = "registrations.student_mismatch"  # the student named is not the study right's holder
    INVALID_IDENTIFIER = "registrations.invalid_identifier"  # a malformed OID or personal identity code
    UNKNOWN_ELEMENT = "registrations.unknown_element"  # a course unit, realisation or assessment item of the host
    REQUEST_ID_USED = "registrations.request_id_used"


# What the audit page shows for each event, in the reader's language (core.event_labels).
EVENT_LABELS: dict[str, Any] = {
    Event.REGISTERED: pgettext_lazy("audit event", "Registered a student to studies at another institution"),
    Event.SELECTION_ACCEPTED: pgettext_lazy("audit event", "Accepted a registration"),
    Event.SELECTION_REJECTED: pgettext_lazy("audit event", "Rejected a registration"),
    Event.SELECTION_CANCELLED: pgettext_lazy("audit event", "Cancelled a registration for the student"),
    Event.SELECTION_ABORTED: pgettext_lazy("audit event", "Cancelled an accepted registration at the host"),
    Event.PROVISIONAL_REMOVED: pgettext_lazy("audit event", "Removed a provisional study right that was never accepted"),
    Event.QUEUE_READ: pgettext_lazy("audit event", "Read the registration queue"),
    Event.OUTGOING_READ: pgettext_lazy("audit event", "Read the outgoing registrations"),
    Event.SELECTION_READ: pgettext_lazy("audit event", "Read a registration"),
    Event.ON_BEHALF_READ: pgettext_lazy("audit event", "Looked up a student to register them to a course"),
    Event.OWN_STUDIES_READ: pgettext_lazy("audit event", "Read their own studies"),
    Event.OWN_REGISTRATION_READ: pgettext_lazy("audit event", "Read their own registration"),
    Event.API_READ: pgettext_lazy("audit event", "Read registrations through the API"),
}
register_labels(EVENT_LABELS)
