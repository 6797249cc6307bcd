"""Audit events and stable error codes of the rights app."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.translation import pgettext_lazy

from joopas.core.event_labels import register_labels


class Event(StrEnum):
    PERSON_CREATED = "rights.person.created"
    PERSON_UPDATED = "rights.person.updated"
    PERSON_READ = "rights.person.read"
    RIGHT_CREATED = "rights.study_right.created"
    RIGHT_UPDATED = "rights.study_right.updated"
    RIGHT_STATUS_CHANGED = "rights.study_right.status_changed"
    RIGHT_REMOVED = "rights.study_right.removed"
    ELIGIBILITY_SET = "rights.eligibility.set"
    ATTENDANCE_SET = "rights.attendance.set"
    JOO_RIGHT_GRANTED = "rights.joo_right.granted"
    JOO_RIGHT_ENDED = "rights.joo_right.ended"
    JOO_STUDENTS_READ = "rights.joo_students.read"


class ErrorCode(StrEnum):
    PERMISSION_DENIED = "rights.permission_denied"
    PERSON_IDENTITY_REQUIRED = "rights.person.identity_required"
    PERSON_NAME_REQUIRED = "rights.person.name_required"
    PERSON_NOT_FOUND = "rights.person.not_found"
    RIGHT_NOT_FOUND = "rights.study_right.not_found"
    RIGHT_DATES = "rights.study_right.dates"
    RIGHT_DUPLICATE = "rights.study_right.duplicate"
    RIGHT_ILLEGAL_TRANSITION = "rights.study_right.illegal_transition"
    RIGHT_NOT_HOME = "rights.study_right.not_home"
    NETWORK_UNKNOWN = "rights.eligibility.network_unknown"
    NETWORK_NOT_MEMBER = "rights.eligibility.not_member"
    ATTENDANCE_TERM = "rights.attendance.term"
    # R-REG-7 through the exchange
    RECIPIENT_HOLDS_NO_RIGHT = "rights.recipient_holds_no_right"  # personal data only where the student has a right
    NOT_OWN_STUDY_RIGHT = "rights.study_right.not_own"  # an update names another organisation's study right
    ATTENDANCE_KEYWORD = "rights.attendance.keyword"
    # JOO study rights (R-JOO-3)
    JOO_HOME_RIGHT_NOT_IN_FORCE = "rights.joo.home_right_not_in_force"
    JOO_NOTHING_GRANTED = "rights.joo.nothing_granted"


# What the audit page shows for each event, in the reader's language (core.event_labels).
EVENT_LABELS: dict[str, Any] = {
    Event.PERSON_CREATED: pgettext_lazy("audit event", "Added a student"),
    Event.PERSON_UPDATED: pgettext_lazy("audit event", "Changed a student's details"),
    Event.PERSON_READ: pgettext_lazy("audit event", "Read students' details"),
    Event.RIGHT_CREATED: pgettext_lazy("audit event", "Added a study right"),
    Event.RIGHT_UPDATED: pgettext_lazy("audit event", "Changed a study right"),
    Event.RIGHT_STATUS_CHANGED: pgettext_lazy("audit event", "Changed a study right's status"),
    Event.RIGHT_REMOVED: pgettext_lazy("audit event", "Removed a study right"),
    Event.ELIGIBILITY_SET: pgettext_lazy("audit event", "Marked the networks a study right is eligible for"),
    Event.ATTENDANCE_SET: pgettext_lazy("audit event", "Recorded attendance for a term"),
    Event.JOO_RIGHT_GRANTED: pgettext_lazy("audit event", "Granted a JOO study right"),
    Event.JOO_RIGHT_ENDED: pgettext_lazy("audit event", "Ended a JOO study right"),
    Event.JOO_STUDENTS_READ: pgettext_lazy("audit event", "Read the list of JOO students"),
}
register_labels(EVENT_LABELS)
