"""Every audit event the catalogue writes and every stable error code it raises, in one place.

StrEnum members are strings: audit rows and API bodies carry exactly these values.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.translation import pgettext_lazy

from joopas.core.event_labels import register_labels


class Event(StrEnum):
    COURSE_UNIT_CREATED = "catalogue.course_unit_created"
    COURSE_UNIT_UPDATED = "catalogue.course_unit_updated"
    COURSE_UNIT_DELETED = "catalogue.course_unit_deleted"
    COURSE_UNIT_ARCHIVED = "catalogue.course_unit_archived"
    COURSE_UNIT_MARKETED = "catalogue.course_unit_marketed"
    STUDY_MODULE_CREATED = "catalogue.study_module_created"
    STUDY_MODULE_UPDATED = "catalogue.study_module_updated"
    STUDY_MODULE_DELETED = "catalogue.study_module_deleted"
    REALISATION_CREATED = "catalogue.realisation_created"
    REALISATION_UPDATED = "catalogue.realisation_updated"
    REALISATION_DELETED = "catalogue.realisation_deleted"
    REALISATION_ARCHIVED = "catalogue.realisation_archived"
    ENROLMENT_EXTENDED = "catalogue.enrolment_extended"
    JOO_DECLARED = "catalogue.joo_declared"
    IMPORT_STARTED = "catalogue.import_started"
    IMPORT_BATCH = "catalogue.import_batch"


class ErrorCode(StrEnum):
    # request and data shape
    INVALID = "catalogue.invalid"
    ID_MISMATCH = "catalogue.id_mismatch"
    ORGANISATION_REQUIRED = "catalogue.organisation_required"
    PERMISSION_DENIED = "catalogue.permission_denied"
    # references
    UNKNOWN_ORGANISATION = "catalogue.unknown_organisation"
    UNKNOWN_NETWORK = "catalogue.unknown_network"
    COURSE_UNIT_NOT_FOUND = "catalogue.course_unit_not_found"
    REALISATION_NOT_FOUND = "catalogue.realisation_not_found"
    STUDY_MODULE_NOT_FOUND = "catalogue.study_module_not_found"
    PARENT_NOT_FOUND = "catalogue.parent_not_found"
    ORGANISER_MISMATCH = "catalogue.organiser_mismatch"
    FOREIGN_STUDY = "catalogue.foreign_study"
    # state
    EXISTS = "catalogue.exists"
    CYCLE = "catalogue.cycle"
    COURSE_UNIT_HAS_REALISATIONS = "catalogue.course_unit_has_realisations"
    ALREADY_ARCHIVED = "catalogue.already_archived"
    NOT_ACTIVE = "catalogue.not_active"
    ILLEGAL_STATUS_CHANGE = "catalogue.illegal_status_change"
    ILLEGAL_IMPORT_STATE_CHANGE = "catalogue.illegal_import_state_change"
    IMPORT_RUN_NOT_FOUND = "catalogue.import_run_not_found"
    # R-OFF-4
    ENROLMENT_NOT_EXTENDED = "catalogue.enrolment_not_extended"
    ENROLMENT_END_IN_PAST = "catalogue.enrolment_end_in_past"
    ENROLMENT_AFTER_END = "catalogue.enrolment_after_end"
    # R-OFF-1
    INVALID_MODE = "catalogue.invalid_mode"
    INVALID_YEAR = "catalogue.invalid_year"
    # JSON Lines import rows
    ROW_TOO_LARGE = "catalogue.row_too_large"
    MALFORMED_JSON = "catalogue.malformed_json"
    UNKNOWN_TYPE = "catalogue.unknown_type"
    ORGANISATION_MISMATCH = "catalogue.organisation_mismatch"
    DUPLICATE_ID = "catalogue.duplicate_id"


# What the audit page shows for each event, in the reader's language (core.audit.register_labels).
EVENT_LABELS: dict[str, Any] = {
    Event.COURSE_UNIT_CREATED: pgettext_lazy("audit event", "Created a course unit"),
    Event.COURSE_UNIT_UPDATED: pgettext_lazy("audit event", "Changed a course unit"),
    Event.COURSE_UNIT_DELETED: pgettext_lazy("audit event", "Deleted a course unit"),
    Event.COURSE_UNIT_ARCHIVED: pgettext_lazy("audit event", "Archived a course unit"),
    Event.COURSE_UNIT_MARKETED: pgettext_lazy("audit event", "Changed whether a course unit is shown publicly"),
    Event.STUDY_MODULE_CREATED: pgettext_lazy("audit event", "Created a study module"),
    Event.STUDY_MODULE_UPDATED: pgettext_lazy("audit event", "Changed a study module"),
    Event.STUDY_MODULE_DELETED: pgettext_lazy("audit event", "Deleted a study module"),
    Event.REALISATION_CREATED: pgettext_lazy("audit event", "Created a realisation"),
    Event.REALISATION_UPDATED: pgettext_lazy("audit event", "Changed a realisation"),
    Event.REALISATION_DELETED: pgettext_lazy("audit event", "Deleted a realisation"),
    Event.REALISATION_ARCHIVED: pgettext_lazy("audit event", "Archived a realisation"),
    Event.ENROLMENT_EXTENDED: pgettext_lazy("audit event", "Extended an enrolment period"),
    Event.JOO_DECLARED: pgettext_lazy("audit event", "Declared flexible study rights"),
    Event.IMPORT_STARTED: pgettext_lazy("audit event", "Started a catalogue import"),
    Event.IMPORT_BATCH: pgettext_lazy("audit event", "Imported a batch of the catalogue"),
}
register_labels(EVENT_LABELS)
