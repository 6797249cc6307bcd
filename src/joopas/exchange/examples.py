"""Example messages: one full envelope per registered type (each app gives its types' examples when it
registers them). Shown in docs/exchange.md and the HTML guide, exported to docs/api/messages/v1/examples/,
and validated by the tests (also against RIPA v9 where it has the type). The transport's own type's
example is here."""

from __future__ import annotations

from typing import Any

from joopas.exchange.data import EXAMPLE
from joopas.exchange.registry import examples

__all__ = ["ACKNOWLEDGEMENT", "envelope", "examples"]


def envelope(n: int, type_: str, payload: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """Example envelope number `n` (its message_id ends in n) of a type."""
    return {"message_id": f"5f0c6a1e-3b1d-4c8e-9a57-{n:012d}", "type": type_, "schema_version": "1",
            "sent_at": EXAMPLE.sent_at, **extra, "payload": payload}


ACKNOWLEDGEMENT = envelope(25, "ACKNOWLEDGEMENT", {
    "requestId": "5f0c6a1e-3b1d-4c8e-9a57-000000000010", "messageType": "COURSEUNIT_CREATED_NOTIFICATION",
    "receivingOrganisationTkCode": EXAMPLE.hy_tk})
