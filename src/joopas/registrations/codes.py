"""Audit events and stable error codes of the registrations app."""

from __future__ import annotations

from enum import StrEnum


class Event(StrEnum):
    REGISTERED = "registrations.registration.created"
    SELECTION_ACCEPTED = "registrations.selection.accepted"
    SELECTION_REJECTED = "registrations.selection.rejected"
    SELECTION_CANCELLED = "registrations.selection.cancelled"
    SELECTION_ABORTED = "registrations.selection.aborted_by_teacher"
    PROVISIONAL_REMOVED = "registrations.provisional_right.removed"


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
