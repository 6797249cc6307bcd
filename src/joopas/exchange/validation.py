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

from joopas.exchange import rules
from joopas.exchange.schemas import TYPES, Envelope, MessageType


@dataclass
class Problem:
    code: str
    path: str
    message: str
    status: int = 422

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "path": self.path, "message": self.message}


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


def _path(prefix: str, loc: tuple[Any, ...]) -> str:
    parts = [prefix] if prefix else []
    parts += [str(p) for p in loc if not (isinstance(p, str) and ("[" in p or p.startswith("function-")))]
    return "/".join(parts)


def _pydantic_problems(exc: ValidationError, prefix: str) -> list[Problem]:
    out = []
    for e in exc.errors(include_url=False):
        code = "schema." + ("unknown_field" if e["type"] == "extra_forbidden" else e["type"])
        msg = e["msg"]
        if e["type"] == "value_error":
            msg = msg.removeprefix("Value error, ")
        out.append(Problem(code, _path(prefix, tuple(e["loc"])), msg))
    return out


def parse(body: bytes) -> Parsed:
    """Schema-level checks only; the services add the checks that need the database."""
    result = Parsed()
    if len(body) > rules.MAX_BODY_BYTES:
        result.problems.append(Problem("exchange.too_large", "",
                                       f"The message is {len(body)} bytes; the limit is {rules.MAX_BODY_BYTES}.",
                                       status=413))
        return result
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        result.problems.append(Problem("exchange.malformed_json", "", f"The body is not valid JSON: {exc}",
                                       status=400))
        return result
    try:  # PostgreSQL stores neither NUL characters nor lone surrogates in text or jsonb
        if "\\u0000" in json.dumps(data, ensure_ascii=False).encode("utf-8").decode("utf-8"):
            raise UnicodeError("NUL character")
    except UnicodeError as exc:
        result.problems.append(Problem("exchange.invalid_text", "",
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
        result.problems.extend(_pydantic_problems(exc, ""))
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
        result.problems.append(Problem("exchange.type_not_accepted", "type",
                                       f"{envelope.type} is sent by the platform; organisations cannot post it."))
        return result
    if mtype.addressed and not envelope.recipient:
        result.problems.append(Problem("exchange.recipient_required", "recipient",
                                       f"{envelope.type} needs the OID of the receiving organisation."))
    if not mtype.addressed and envelope.recipient:
        result.problems.append(Problem("exchange.recipient_not_allowed", "recipient",
                                       f"{envelope.type} is not addressed; leave recipient out."))
    try:
        result.payload = mtype.model.model_validate_json(json.dumps(envelope.payload), strict=True)
    except ValidationError as exc:
        result.problems.extend(_pydantic_problems(exc, "payload"))
    return result


def _unknown_type(name: str) -> Problem:
    known = ", ".join(sorted(t for t, mt in TYPES.items() if mt.inbound))
    return Problem("exchange.unknown_type", "type", f"Unknown message type {name!r}. Known types: {known}.")
