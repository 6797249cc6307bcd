"""Audit events and stable error codes of the records app."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.translation import pgettext_lazy

from joopas.core.event_labels import register_labels


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


# What the audit page shows for each event, in the reader's language (core.event_labels).
EVENT_LABELS: dict[str, Any] = {
    Event.RECORDED: pgettext_lazy("audit event", "Recorded a completion"),
    Event.CORRECTED: pgettext_lazy("audit event", "Corrected a completion"),
    Event.REMOVED: pgettext_lazy("audit event", "Removed a completion"),
    Event.CREDIT_RECEIVED: pgettext_lazy("audit event", "Received a completion from another institution"),
    Event.CREDIT_UPDATED: pgettext_lazy("audit event", "A received completion changed"),
    Event.CREDIT_ACCEPTED: pgettext_lazy("audit event", "Approved a received completion"),
    Event.CREDIT_REJECTED: pgettext_lazy("audit event", "Refused a received completion"),
    Event.CONVERSION_SET: pgettext_lazy("audit event", "Changed a grade conversion table"),
    Event.COMPLETIONS_READ: pgettext_lazy("audit event", "Read a realisation's students and completions"),
    Event.CREDITS_READ: pgettext_lazy("audit event", "Read the received completions"),
    Event.CREDIT_READ: pgettext_lazy("audit event", "Read a received completion"),
}
register_labels(EVENT_LABELS)
