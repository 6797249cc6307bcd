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
    COMPLETIONS_READ = "records.completions.read"  # R-ACC-6: a realisation's students and their records
    CREDITS_READ = "records.credits.read"
    CREDIT_READ = "records.credit.read"


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
    # study-record messages (R-REC-1, R-EXC-4)
    NOT_SENDER = "records.not_sender"  # sendingOrganisation / the host right is not the sender's
    NOT_HOME = "records.not_home"  # receivingOrganisation is not the student's home institution
    UNKNOWN_TARGET = "records.unknown_target"  # completedCreditTarget names nothing the sender offers
    IDENTIFIER_REQUIRED = "records.identifier_required"  # a correction or removal names no completedCreditIdentifier
    ALREADY_RECORDED = "records.already_recorded"  # a new completion with an identifier already used
