"""Every audit event the networks app writes and every stable error code it raises, in one place.

StrEnum members are strings: audit rows and API bodies carry exactly these values.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.translation import pgettext_lazy

from joopas.core.event_labels import register_labels


class Event(StrEnum):
    NETWORK_CREATED = "networks.network_created"
    NETWORK_UPDATED = "networks.network_updated"
    PERIOD_ADDED = "networks.period_added"
    PERIOD_CHANGED = "networks.period_changed"
    CONTACT_ADDED = "networks.contact_added"
    CONTACT_REMOVED = "networks.contact_removed"
    MEMBER_ADDED = "networks.member_added"
    MEMBER_CHANGED = "networks.member_changed"
    MEMBER_REMOVED = "networks.member_removed"
    TARGETING_ADDED = "networks.targeting_added"
    TARGETING_CHANGED = "networks.targeting_changed"
    TARGETING_REMOVED = "networks.targeting_removed"

    @classmethod
    def of_change(cls, kind: str) -> Event:
        """The audit event of a membership or targeting change kind (`member_added` -> networks.member_added)."""
        return cls(f"networks.{kind}")


class ErrorCode(StrEnum):
    FORBIDDEN = "networks.forbidden"
    SENDER_NOT_COORDINATOR = "networks.sender_not_coordinator"  # a network message from a non-coordinator
    UNSUPPORTED_PRICING = "networks.unsupported_pricing"
    DUPLICATE_MEMBER = "networks.duplicate_member"
    NOT_ORGANISER = "networks.not_organiser"
    NOT_FOUND = "networks.not_found"
    # input
    REQUIRED_MISSING = "networks.required_missing"
    UNKNOWN_FIELD = "networks.unknown_field"
    BAD_TYPE = "networks.bad_type"
    BAD_PRICING_BASIS = "networks.bad_pricing_basis"
    PRICE_ON_FREE = "networks.price_on_free"
    PRICE_MISSING = "networks.price_missing"
    START_MISSING = "networks.start_missing"
    DATES_OUT_OF_ORDER = "networks.dates_out_of_order"
    UNKNOWN_ORGANISATION = "networks.unknown_organisation"
    UNKNOWN_OFFERING = "networks.unknown_offering"
    TARGET_MISSING = "networks.target_missing"
    # state
    CODE_TAKEN = "networks.code_taken"
    PERIOD_OVERLAP = "networks.period_overlap"
    PERIOD_NOT_FOUND = "networks.period_not_found"
    CONTACT_NOT_FOUND = "networks.contact_not_found"
    NOT_MEMBER = "networks.not_member"
    COORDINATOR_CANNOT_LEAVE = "networks.coordinator_cannot_leave"
    COORDINATOR_FLAG_REQUIRED = "networks.coordinator_flag_required"
    NETWORK_NOT_VALID = "networks.network_not_valid"
    ORGANISER_NOT_MEMBER = "networks.organiser_not_member"
    TARGETING_NOT_FOUND = "networks.targeting_not_found"
    TARGETING_CONFLICT = "networks.targeting_conflict"
    # R-NET-3 preview / confirm
    CONFIRMATION_REQUIRED = "networks.confirmation_required"
    IMPACT_CHANGED = "networks.impact_changed"


# What the audit page shows for each event, in the reader's language (core.audit.register_labels).
EVENT_LABELS: dict[str, Any] = {
    Event.NETWORK_CREATED: pgettext_lazy("audit event", "Created a network"),
    Event.NETWORK_UPDATED: pgettext_lazy("audit event", "Changed a network"),
    Event.PERIOD_ADDED: pgettext_lazy("audit event", "Added a validity period to a network"),
    Event.PERIOD_CHANGED: pgettext_lazy("audit event", "Changed a network's validity period"),
    Event.CONTACT_ADDED: pgettext_lazy("audit event", "Added a network contact person"),
    Event.CONTACT_REMOVED: pgettext_lazy("audit event", "Removed a network contact person"),
    Event.MEMBER_ADDED: pgettext_lazy("audit event", "Added a member to a network"),
    Event.MEMBER_CHANGED: pgettext_lazy("audit event", "Changed a network member"),
    Event.MEMBER_REMOVED: pgettext_lazy("audit event", "Removed a member from a network"),
    Event.TARGETING_ADDED: pgettext_lazy("audit event", "Offered studies to a network"),
    Event.TARGETING_CHANGED: pgettext_lazy("audit event", "Changed studies offered to a network"),
    Event.TARGETING_REMOVED: pgettext_lazy("audit event", "Stopped offering studies to a network"),
}
register_labels(EVENT_LABELS)
