"""Every audit event the exchange writes and every stable error code it answers with (values unchanged)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.translation import pgettext_lazy

from joopas.core.event_labels import register_labels


class Event(StrEnum):
    DELIVERY_REPLAYED = "exchange.delivery_replayed"
    PAYLOAD_EDITED = "exchange.payload_edited"
    SETTINGS_UPDATED = "exchange.settings_updated"
    # R-ACC-6: reads that return payloads (they name students)
    MESSAGE_READ = "exchange.message.read"
    FEED_READ = "exchange.feed.read"
    DELIVERY_READ = "exchange.delivery.read"


class ErrorCode(StrEnum):
    # the envelope and the transport (validation.parse, services.inbound)
    REFUSED = "exchange.refused"
    TOO_LARGE = "exchange.too_large"
    MALFORMED_JSON = "exchange.malformed_json"
    INVALID_TEXT = "exchange.invalid_text"
    NOT_FINITE = "exchange.not_finite"  # NaN, Infinity or a number beyond a double's range
    TOO_DEEP = "exchange.too_deep"  # nesting beyond rules.MAX_DEPTH
    NOT_ORGANISER = "exchange.not_organiser"  # organisationReferences name another main organiser
    NOT_NETWORK_MEMBER = "exchange.not_network_member"  # R-NET-1: cooperationNetworks without membership
    ALREADY_SENT = "exchange.already_sent"
    INCOMPLETE = "exchange.incomplete"  # a partial update leaves the element without a required field  # /validate of a message_id already used
    UNKNOWN_TYPE = "exchange.unknown_type"
    TYPE_NOT_ACCEPTED = "exchange.type_not_accepted"
    SENDER_NOT_ALLOWED = "exchange.sender_not_allowed"
    RECIPIENT_REQUIRED = "exchange.recipient_required"
    RECIPIENT_NOT_ALLOWED = "exchange.recipient_not_allowed"
    UNKNOWN_RECIPIENT = "exchange.unknown_recipient"
    RECIPIENT_IS_SENDER = "exchange.recipient_is_sender"
    ORIGINAL_NOT_FOUND = "exchange.original_not_found"
    REPLY_NOT_ALLOWED = "exchange.reply_not_allowed"
    ACK_UNKNOWN_MESSAGE = "exchange.ack_unknown_message"
    ACK_WRONG_ORGANISATION = "exchange.ack_wrong_organisation"
    # offering messages (raised by the catalogue's handlers, in the exchange's vocabulary)
    ALREADY_EXISTS = "exchange.already_exists"
    NOT_FOUND = "exchange.not_found"
    REALISATION_COURSE_UNIT = "exchange.realisation_course_unit"
    NOT_OWN_COURSE_UNIT = "exchange.not_own_course_unit"
    # state machines
    ILLEGAL_STATUS = "exchange.illegal_status"
    ILLEGAL_DELIVERY_STATUS = "exchange.illegal_delivery_status"
    # pages, API and operations
    MESSAGE_NOT_FOUND = "exchange.message_not_found"
    UNKNOWN_ORGANISATION = "exchange.unknown_organisation"
    DELIVERY_NOT_FOUND = "exchange.delivery_not_found"
    PAYLOAD_PURGED = "exchange.payload_purged"
    NOT_DEAD = "exchange.not_dead"
    UNKNOWN_CHANNEL = "exchange.unknown_channel"
    WEBHOOK_HTTPS_REQUIRED = "exchange.webhook_https_required"
    WEBHOOK_ADDRESS_NOT_ALLOWED = "exchange.webhook_address_not_allowed"
    WEBHOOK_PORT_NOT_ALLOWED = "exchange.webhook_port_not_allowed"
    MAX_ATTEMPTS_RANGE = "exchange.max_attempts_range"


# What the audit page shows for each event, in the reader's language (core.audit.register_labels).
EVENT_LABELS: dict[str, Any] = {
    Event.DELIVERY_REPLAYED: pgettext_lazy("audit event", "Sent a message again"),
    Event.PAYLOAD_EDITED: pgettext_lazy("audit event", "Corrected an undelivered message"),
    Event.SETTINGS_UPDATED: pgettext_lazy("audit event", "Changed the delivery settings"),
    Event.MESSAGE_READ: pgettext_lazy("audit event", "Viewed a message"),
    Event.FEED_READ: pgettext_lazy("audit event", "Fetched messages from the feed"),
    Event.DELIVERY_READ: pgettext_lazy("audit event", "Viewed a delivery"),
}
register_labels(EVENT_LABELS)
