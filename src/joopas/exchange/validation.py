"""Parse and validate an inbound message body: bytes → envelope + typed payload, or precise errors.

Pure (no database): the same function serves a real send, `POST /exchange/validate` and
`joopas exchange validate FILE`, so all three give the same schema errors.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from joopas.core.problems import Problem, from_pydantic
from joopas.exchange import rules
from joopas.exchange.codes import ErrorCode
from joopas.exchange.data import MessageType
from joopas.exchange.registry import TYPES
from joopas.exchange.schemas import Envelope

__all__ = ["Parsed", "parse"]


@dataclass
class Parsed:
    message_id: uuid.UUID | None = None
    envelope: Envelope | None = None
    mtype: MessageType | None = None
    payload: BaseModel | None = None
    raw: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def parse(body: bytes) -> Parsed:
    """Schema-level checks only; the services add the checks that need the database."""
    result = Parsed()
    if len(body) > rules.MAX_BODY_BYTES:
        result.problems.append(Problem(ErrorCode.TOO_LARGE, "",
                                       f"The message is {len(body)} bytes; the limit is {rules.MAX_BODY_BYTES}.",
                                       status=413))
        return result
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        result.problems.append(Problem(ErrorCode.MALFORMED_JSON, "", f"The body is not valid JSON: {exc}",
                                       status=400))
        return result
    try:  # PostgreSQL stores neither NUL characters nor lone surrogates in text or jsonb
        if "\\u0000" in json.dumps(data, ensure_ascii=False).encode("utf-8").decode("utf-8"):
            raise UnicodeError("NUL character")
    except UnicodeError as exc:
        result.problems.append(Problem(ErrorCode.INVALID_TEXT, "",
                                       f"The message contains characters that are not valid text: {exc}"))
        return result
    if not isinstance(data, dict):
        result.problems.append(Problem("schema.model_type", "", "The message must be a JSON object."))
        return result
    result.raw = data
    try:
        result.message_id = uuid.UUID(str(data.get("message_id")))
    except ValueError:
        result.message_id = None
    try:
        envelope = Envelope.model_validate_json(body, strict=True)
    except ValidationError as exc:
        result.problems.extend(from_pydantic(exc, ""))
        if isinstance(data.get("type"), str) and data["type"] not in TYPES and len(data["type"]) <= 60:
            result.problems.append(_unknown_type(data["type"]))
        return result
    result.envelope = envelope
    mtype = TYPES.get(envelope.type)
    if mtype is None:
        result.problems.append(_unknown_type(envelope.type))
        return result
    result.mtype = mtype
    if not mtype.inbound:
        result.problems.append(Problem(ErrorCode.TYPE_NOT_ACCEPTED, "type",
                                       f"{envelope.type} is sent by the platform; organisations cannot post it."))
        return result
    if mtype.addressed and not envelope.recipient:
        result.problems.append(Problem(ErrorCode.RECIPIENT_REQUIRED, "recipient",
                                       f"{envelope.type} needs the OID of the receiving organisation."))
    if not mtype.addressed and envelope.recipient:
        result.problems.append(Problem(ErrorCode.RECIPIENT_NOT_ALLOWED, "recipient",
                                       f"{envelope.type} is not addressed; leave recipient out."))
    try:
        result.payload = mtype.model.model_validate_json(json.dumps(envelope.payload), strict=True)
    except ValidationError as exc:
        result.problems.extend(from_pydantic(exc, "payload"))
    return result


def _unknown_type(name: str) -> Problem:
    known = ", ".join(sorted(t for t, mt in TYPES.items() if mt.inbound))
    return Problem(ErrorCode.UNKNOWN_TYPE, "type", f"Unknown message type {name!r}. Known types: {known}.")
