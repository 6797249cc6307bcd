"""The message types the exchange carries: registered at start-up by the apps that own them.

The transport (envelope, idempotency, recipient checks, status, deliveries, replay) is the exchange's;
a type's schema, handler and sending rule belong to its app (`joopas.exchange.api`).
"""

from __future__ import annotations

import copy
from typing import Any

from pydantic import BaseModel

from joopas.exchange.data import Handler, MaySend, MessageType, RecipientCheck
from joopas.exchange.schemas import Envelope

# Name → type, in registration order (INSTALLED_APPS order: catalogue, networks, then the exchange's own).
TYPES: dict[str, MessageType] = {}

SCHEMA_BASE = "https://joopas.fi/schemas/exchange/v1/"


def register_message_type(name: str, model: type[BaseModel], *, summary: str, inbound: bool, addressed: bool = False,
                          reply_to: tuple[str, ...] = (), handler: Handler | None = None,
                          may_send: MaySend | None = None, example: dict[str, Any] | None = None) -> MessageType:
    """Add a type (or replace it with the same name: a module imported twice registers the same thing)."""
    if inbound and not (handler or addressed or reply_to):
        raise ValueError(f"{name}: an inbound type needs a handler, or is addressed or a reply (forwarded)")
    mtype = MessageType(name, model, inbound, addressed=addressed, reply_to=tuple(reply_to), summary=summary,
                        handler=handler, may_send=may_send, example=example)
    TYPES[name] = mtype
    return mtype


# Name → the owner's check that the addressed recipient may receive the message (R-EXC-4, and e.g. R-REG-7:
# personal data only to institutions that hold a right of the student). Run by the transport after the
# recipient is resolved and before the handler; raising a DomainError refuses the message.
RECIPIENT_CHECKS: dict[str, RecipientCheck] = {}


def register_recipient_check(type_name: str, check: RecipientCheck) -> None:
    RECIPIENT_CHECKS[type_name] = check


def unregister_message_type(name: str) -> None:
    """For tests that register a toy type."""
    TYPES.pop(name, None)
    RECIPIENT_CHECKS.pop(name, None)


def message_types() -> list[MessageType]:
    return list(TYPES.values())


def get_type(name: str) -> MessageType | None:
    return TYPES.get(name)


def json_schemas() -> dict[str, dict[str, Any]]:
    """File name → JSON Schema 2020-12 for the envelope and every registered type's payload."""
    out: dict[str, dict[str, Any]] = {}

    def finish(name: str, schema: dict[str, Any], title: str, description: str) -> dict[str, Any]:
        return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"{SCHEMA_BASE}{name}",
                "title": title, "description": description, **{k: v for k, v in schema.items() if k != "title"}}

    out["envelope.json"] = finish("envelope.json", Envelope.model_json_schema(), "Envelope", Envelope.__doc__ or "")
    for t in TYPES.values():
        name = f"{t.name.lower()}.json"
        schema = t.model.model_json_schema()
        schema.pop("description", None)
        out[name] = finish(name, schema, t.name, t.summary)
    return out


def examples() -> dict[str, dict[str, Any]]:
    """Message type → one full example envelope (as an integrator would post or receive it); fresh copies."""
    return {t.name: copy.deepcopy(t.example) for t in TYPES.values() if t.example is not None}
