"""Words for people: what the exchange pages say about a message instead of codes.

A message type's owner registers, next to the type (`register_message_type`), its words in English source
strings through gettext_lazy (translated in the owner's catalogue):

    register_type_words("UPDATE_COURSEUNIT_REQUEST", label=_("Course-unit update"),
                        sentence=_("%(sender)s sent a course-unit update"),
                        description=_("Change a course unit's data"))

`label` names the type (filters, headings), `sentence` says what happened with the sender's name in the
page's language, `description` is the integration guide's text. Statuses (the message's and each
delivery's) have one translated label and one badge variant each; the status history reads as sentences.
Pure: no ORM, no other app.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class TypeWords:
    label: Any  # "Course-unit update"
    sentence: Any  # "%(sender)s sent a course-unit update"
    description: Any  # "Change a course unit's data"


_WORDS: dict[str, TypeWords] = {}


def register_type_words(name: str, *, label: Any, sentence: Any, description: Any) -> None:
    """Add (or replace) the words of a message type."""
    _WORDS[name] = TypeWords(label, sentence, description)


def type_words(name: str) -> TypeWords | None:
    return _WORDS.get(name)


def type_label(name: str) -> str:
    """The type's translated label; for a type nobody gave words, its name with spaces ("UPDATE THING")."""
    words = _WORDS.get(name)
    return str(words.label) if words else name.replace("_", " ")


def type_description(name: str, fallback: str = "") -> str:
    words = _WORDS.get(name)
    return str(words.description) if words else fallback


def message_sentence(type_name: str, sender: str, *, original_type: str | None = None) -> str:
    """What happened, in one sentence: "Helsingin yliopisto sent a course-unit update"; an acknowledgement
    names the message it acknowledges: "Aalto-yliopisto acknowledged the message “Notice: new course unit”"."""
    sender = sender or gettext("An unknown organisation")
    if type_name == "ACKNOWLEDGEMENT" and original_type:
        return gettext("%(sender)s acknowledged the message “%(original)s”") % {
            "sender": sender, "original": type_label(original_type)}
    words = _WORDS.get(type_name)
    if words is None:
        return gettext("%(sender)s sent the message %(type)s") % {"sender": sender, "type": type_label(type_name)}
    return str(words.sentence) % {"sender": sender}


# --- statuses ----------------------------------------------------------------------------------------------

# The message's own status (received → validated | refused) and each delivery's (pending → delivered →
# acknowledged; failed → … → dead): one label each, for badges, filters and the history.
STATUS_LABELS: dict[str, Any] = {
    "received": pgettext_lazy("exchange status", "Received, being checked"),
    "validated": pgettext_lazy("exchange status", "Accepted"),
    "refused": pgettext_lazy("exchange status", "Refused"),
    "pending": pgettext_lazy("exchange status", "Waiting for delivery"),
    "delivered": pgettext_lazy("exchange status", "Delivered"),
    "acknowledged": pgettext_lazy("exchange status", "Acknowledged"),
    "failed": pgettext_lazy("exchange status", "Delivery failed, will be tried again"),
    "dead": pgettext_lazy("exchange status", "Not delivered"),
    "lost": pgettext_lazy("exchange status", "Interrupted"),  # an attempt whose worker vanished (attempt outcome only)
}

# Badge tone per status: `badge badge-<tone>`, the tones of joopas.css (as `{% status_badge %}` uses them).
STATUS_BADGES: dict[str, str] = {
    "received": "progress", "validated": "success", "refused": "error", "pending": "progress",
    "delivered": "success", "acknowledged": "success", "failed": "warning", "dead": "error", "lost": "warning",
}


def status_label(status: str) -> str:
    label = STATUS_LABELS.get(status)
    return str(label) if label is not None else status


def status_badge(status: str) -> str:
    return STATUS_BADGES.get(status, "neutral")


def history_sentence(status: str, *, receiver: str = "", inbound: bool = True) -> str:
    """One line of a message's status history, in words."""
    values = {"receiver": receiver or gettext("the receiver")}
    if status == "received":
        return gettext("The message was received.")
    if status == "validated":
        return gettext("The message was checked and accepted.") if inbound else gettext("Joopas created the message.")
    if status == "refused":
        return gettext("The message was refused.")
    if status == "pending":
        return gettext("Waiting for delivery to %(receiver)s.") % values
    if status == "delivered":
        return gettext("Delivered to %(receiver)s.") % values
    if status == "acknowledged":
        return gettext("%(receiver)s acknowledged the message.") % values
    if status == "failed":
        return gettext("Delivery to %(receiver)s failed; it will be tried again.") % values
    if status == "dead":
        return gettext("Delivery to %(receiver)s failed at every attempt.") % values
    return status_label(status)


# --- the exchange's own types (exchange/messages.py) ----------------------------------------------------------

register_type_words("ACKNOWLEDGEMENT", label=_("Acknowledgement"),
                    sentence=_("%(sender)s acknowledged a message"),
                    description=_("Receiver confirms it has processed a message"))
