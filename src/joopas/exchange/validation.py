"""Parse and validate an inbound message body: bytes → envelope + typed payload, or precise errors.

Pure (no database): the same function serves a real send, `POST /exchange/validate` and
`joopas exchange validate FILE`, so all three give the same schema errors.
"""

from __future__ import annotations

import json
import math
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

__all__ = ["NotFinite", "Parsed", "depth", "loads", "parse"]


class NotFinite(ValueError):
    """NaN, Infinity or a number too large for a double: not JSON numbers (RFC 8259), refused."""


def _constant(name: str) -> Any:
    raise NotFinite(name)


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise NotFinite(text[:40])
    return value


def loads(body: bytes | str) -> Any:
    """Strict JSON: NaN / Infinity / -Infinity and numbers that overflow a double raise NotFinite; nesting
    beyond Python's own limit raises RecursionError (callers refuse both as 4xx)."""
    return json.loads(body, parse_constant=_constant, parse_float=_float)


def depth(data: Any) -> int:
    """How deeply arrays and objects nest (a scalar is 0), without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, level)
        if deepest > 10_000:
            break
        stack.extend((child, level + 1) for child in children)
    return deepest


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
        data = loads(body)
    except NotFinite as exc:
        result.problems.append(Problem(ErrorCode.NOT_FINITE, "",
                                       f"Numbers must be finite JSON numbers; {exc} is not allowed."))
        return result
    except RecursionError:
        result.problems.append(_too_deep())
        return result
    except (ValueError, UnicodeDecodeError) as exc:
        result.problems.append(Problem(ErrorCode.MALFORMED_JSON, "", f"The body is not valid JSON: {exc}",
                                       status=400))
        return result
    if depth(data) > rules.MAX_DEPTH:
        result.problems.append(_too_deep())
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


def _too_deep() -> Problem:
    return Problem(ErrorCode.TOO_DEEP, "", f"The message nests arrays and objects deeper than {rules.MAX_DEPTH} levels.")
