"""Audit events and stable error codes of the applications app."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.translation import pgettext_lazy

from joopas.core.event_labels import register_labels


class Event(StrEnum):
    DRAFT_SAVED = "applications.draft_saved"
    SUBMITTED = "applications.submitted"
    WITHDRAWN = "applications.withdrawn"
    ENDORSED = "applications.endorsed"
    DECLINED = "applications.declined"
    SUPPLEMENT_REQUESTED = "applications.supplement_requested"
    RESUBMITTED = "applications.resubmitted"
    DECIDED = "applications.decided"
    ATTACHMENT_ADDED = "applications.attachment_added"
    ATTACHMENT_REMOVED = "applications.attachment_removed"
    ATTACHMENT_READ = "applications.attachment_read"
    TRANSCRIPT_GENERATED = "applications.transcript_generated"
    READ = "applications.read"
    LIST_READ = "applications.list_read"
    ROUND_SAVED = "applications.round_saved"
    TERMS_SAVED = "applications.terms_saved"


class ErrorCode(StrEnum):
    PERMISSION_DENIED = "applications.permission_denied"
    NOT_FOUND = "applications.not_found"
    ILLEGAL_TRANSITION = "applications.illegal_transition"
    ROUND_NOT_OPEN = "applications.round_not_open"
    ROUND_CLOSED = "applications.round_closed"
    ROUND_DATES = "applications.round_dates"
    ROUND_DUPLICATE = "applications.round_duplicate"
    NO_ENTITIES = "applications.no_entities"
    TOO_MANY_ENTITIES = "applications.too_many_entities"
    NOT_JOO_OFFERING = "applications.not_joo_offering"
    JUSTIFICATION_REQUIRED = "applications.justification_required"
    TRANSCRIPT_REQUIRED = "applications.transcript_required"
    HOME_RIGHT_NOT_IN_FORCE = "applications.home_right_not_in_force"
    HOME_RIGHT_ENDS_BEFORE = "applications.home_right_ends_before_studies"
    OWN_INSTITUTION = "applications.own_institution"
    REASON_REQUIRED = "applications.reason_required"
    DECISION_INCOMPLETE = "applications.decision_incomplete"
    SUPPLEMENT_TEXT_REQUIRED = "applications.supplement_text_required"
    ATTACHMENT_TYPE = "applications.attachment_type"
    ATTACHMENT_TOO_LARGE = "applications.attachment_too_large"
    ATTACHMENT_CONTENT = "applications.attachment_content"
    ATTACHMENT_EMPTY = "applications.attachment_empty"
    TOO_MANY_ATTACHMENTS = "applications.too_many_attachments"
    MARKUP = "applications.markup"
    RIGHT_NOT_OWN = "applications.home_right_not_own"


EVENT_LABELS: dict[str, Any] = {
    Event.DRAFT_SAVED: pgettext_lazy("audit event", "Saved a draft JOO application"),
    Event.SUBMITTED: pgettext_lazy("audit event", "Submitted a JOO application"),
    Event.WITHDRAWN: pgettext_lazy("audit event", "Withdrew a JOO application"),
    Event.ENDORSED: pgettext_lazy("audit event", "Endorsed a JOO application"),
    Event.DECLINED: pgettext_lazy("audit event", "Declined to endorse a JOO application"),
    Event.SUPPLEMENT_REQUESTED: pgettext_lazy("audit event", "Asked for a supplement to a JOO application"),
    Event.RESUBMITTED: pgettext_lazy("audit event", "Sent a supplemented JOO application"),
    Event.DECIDED: pgettext_lazy("audit event", "Decided a JOO application"),
    Event.ATTACHMENT_ADDED: pgettext_lazy("audit event", "Attached a file to a JOO application"),
    Event.ATTACHMENT_REMOVED: pgettext_lazy("audit event", "Removed a file from a JOO application"),
    Event.ATTACHMENT_READ: pgettext_lazy("audit event", "Opened an attachment of a JOO application"),
    Event.TRANSCRIPT_GENERATED: pgettext_lazy("audit event", "Made a transcript for a JOO application"),
    Event.READ: pgettext_lazy("audit event", "Read a JOO application"),
    Event.LIST_READ: pgettext_lazy("audit event", "Read a list of JOO applications"),
    Event.ROUND_SAVED: pgettext_lazy("audit event", "Saved a JOO application round"),
    Event.TERMS_SAVED: pgettext_lazy("audit event", "Saved the JOO terms"),
}
register_labels(EVENT_LABELS)
