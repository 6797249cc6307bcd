"""Pure exchange rules: status transition tables, ordering keys, reply addressing, signatures, the retry policy."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from typing import Any

from joopas.core.errors import check_transition
from joopas.core.leases import RetryPolicy, is_exhausted
from joopas.exchange.codes import ErrorCode

MAX_BODY_BYTES = 1_000_000  # an inbound message larger than this is refused (exchange.too_large)
MAX_DEPTH = 32  # arrays and objects nested deeper than this are refused (exchange.too_deep); v9 needs about 12

# Message status (inbound processing): received → validated | refused. Nothing else.
MESSAGE_TRANSITIONS: dict[str, set[str]] = {
    "received": {"validated", "refused"},
    "validated": set(),
    "refused": set(),
}

# Delivery status per receiving organisation (R-EXC-2, R-EXC-3).
DELIVERY_TRANSITIONS: dict[str, set[str]] = {
    "pending": {"delivered", "failed", "dead", "acknowledged"},
    "failed": {"delivered", "failed", "dead", "acknowledged"},
    "delivered": {"acknowledged", "delivered"},  # pull feeds may hand out a message again
    "dead": {"pending", "acknowledged"},  # replay by an operator
    "acknowledged": set(),
}


def check_message_transition(current: str, new: str) -> None:
    check_transition(MESSAGE_TRANSITIONS, current, new, code=ErrorCode.ILLEGAL_STATUS)


def check_delivery_transition(current: str, new: str) -> None:
    check_transition(DELIVERY_TRANSITIONS, current, new, code=ErrorCode.ILLEGAL_DELIVERY_STATUS)


def _student_of(payload: dict[str, Any]) -> str:
    """The learner OID or personal identity code a payload names its student by: at the top (student
    updates) or in its `student` (study records, registrations)."""
    for holder in (payload, payload.get("student")):
        if isinstance(holder, dict):
            person = holder.get("oid") or holder.get("personId")
            if isinstance(person, str) and person:
                return person
    return ""


def order_key(type_name: str, payload: dict[str, Any]) -> str:
    """R-EXC-3: deliveries to one organisation keep their order per student (and per study element).

    Messages about one student (a student update, a study record, …) share the key
    `student:<oid or personId>`; replies take their original's key; offering notifications share it per
    element; everything else is unordered (empty key).
    """
    if type_name.endswith("_REQUEST") and not type_name.endswith("REPLY_REQUEST"):
        person = _student_of(payload)
        if person:
            return f"student:{person}"
    if type_name.endswith("_NOTIFICATION") and not type_name.startswith("NETWORK"):
        refs = [*(payload.get("created") or []), *(payload.get("updated") or []), *(payload.get("deleted") or [])]
        if len(refs) == 1:
            return f"{refs[0]['type']}:{refs[0]['referenceOrganizer']}:{refs[0]['referenceIdentifier']}"
    if type_name.startswith("NETWORK_"):
        return f"network:{payload.get('network', {}).get('id', '')}"
    if "REGISTRATION" in type_name and payload.get("registrationRequestId"):  # registration replies sent from the pages
        return f"registration:{payload['registrationRequestId']}"
    return ""


def person_oid(order_key: str, payload: Any) -> str:
    """R-ACC-6: the student a message is about, for the audit row of a read: the payload's `oid`
    (UPDATE_STUDENT_* messages) or the learner OID in a student order key (their replies)."""
    if isinstance(payload, dict) and isinstance(payload.get("oid"), str) and payload["oid"]:
        return str(payload["oid"])
    person = order_key.removeprefix("student:") if order_key.startswith("student:") else ""
    return person if person.startswith("1.2.246.562.24.") else ""


def reply_id_field(fields: Iterable[str]) -> str:
    """R-EXC-4: the field of a reply that names the message answered — in the v9 vocabulary the one ending
    in `RequestId` (`studentRequestId`, `studyRecordRequestId`, `registrationRequestId`)."""
    named = [f for f in fields if f.endswith("RequestId")]
    if len(named) != 1:
        raise ValueError(f"a reply names its original in exactly one *RequestId field, not {named}")
    return named[0]


def reply_allowed(*, original_recipient_id: int | None, replier_id: int) -> bool:
    """R-EXC-4: a reply is accepted only from the organisation the original was addressed to."""
    return original_recipient_id is not None and original_recipient_id == replier_id


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """Webhook signature: hex HMAC-SHA256 over `<timestamp>.<body>` with the receiver's secret."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "v1=" + mac.hexdigest()


def signature_header(secrets: list[str], timestamp: int, body: bytes) -> str:
    """The signature header: one `v1=<hex>` per secret, comma-separated, the current secret first. During a
    rotation's overlap window there are two (`v1=<new>,v1=<old>`); a receiver accepts the request when
    any of them matches the secret it holds."""
    return ",".join(signature(s, timestamp, body) for s in secrets)


def verify_signature(secret: str, timestamp: int, body: bytes, header: str, *, now: int,
                     window_seconds: int = 300) -> bool:
    """What a receiver does: reject stale timestamps (replays) and requests none of whose signatures match."""
    if abs(now - timestamp) > window_seconds:
        return False
    expected = signature(secret, timestamp, body)
    return any(hmac.compare_digest(expected, part.strip()) for part in header.split(","))


def retry_policy(base_seconds: float) -> RetryPolicy:
    """R-EXC-3: a failed push delivery is retried with exponential back-off and jitter (in [delay/2, delay]
    after the n-th failed attempt, `base_seconds` × 2^(n-1), capped at an hour), until the receiver's
    attempt limit; then it goes to the dead-letter list (`is_dead`). The arithmetic is `core.leases`."""
    return RetryPolicy(base=base_seconds, cap=3600.0)


def is_dead(attempts: int, max_attempts: int) -> bool:
    """R-EXC-3: after the retry limit a delivery goes to the dead-letter list."""
    return is_exhausted(attempts, max_attempts)
