"""Audit events and stable error codes of the records app."""

from __future__ import annotations

from enum import StrEnum


class Event(StrEnum):
    RECORDED = "records.record.created"
    CORRECTED = "records.record.corrected"
    REMOVED = "records.record.removed"
    CREDIT_RECEIVED = "records.credit.received"
    CREDIT_UPDATED = "records.credit.updated"
    CREDIT_ACCEPTED = "records.credit.accepted"
    CREDIT_REJECTED = "records.credit.rejected"
    CONVERSION_SET = "records.conversion.set"


class ErrorCode(StrEnum):
    PERMISSION_DENIED = "records.permission_denied"
    NOT_FOUND = "records.not_found"
    NOT_ACCEPTED = "records.student_not_accepted"  # R-REC-1
    GRADE_NOT_IN_SCALE = "records.grade_not_in_scale"  # R-REC-2
    UNKNOWN_SCALE = "records.unknown_scale"
    CREDITS = "records.credits"
    CONVERSION_INCOMPLETE = "records.conversion_incomplete"
    ILLEGAL_TRANSITION = "records.illegal_transition"
    REASON_REQUIRED = "records.reason_required"
