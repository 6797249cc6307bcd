"""What the exchange hands to the apps that plug into it: the registered message types and the inbound
message a handler gets. Frozen; no model instances cross the boundary."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from pydantic import BaseModel

from joopas.exchange.schemas import (
    PLAIN_TEXT,
    Address,
    Code,
    CodeText,
    CooperationNetwork,
    Credits,
    Description,
    ExternalCode,
    GroupQuota,
    Identifier,
    Keyword,
    Language,
    LocalisedName,
    LocalisedString,
    LocalisedValues,
    NameText,
    NonEmpty,
    OrganisationReference,
    OrganisationTarget,
    Person,
    PersonIds,
    PersonReference,
    Phone,
    PlainText,
    Seats,
    Status,
    Strict,
    StudentWarning,
    StudyRight,
    StudyRightIdentifiers,
    StudyRightType,
    one_main_organiser,
    partial,
    plain_text,
)
from joopas.organisations.api import get_by_id

__all__ = ["EXAMPLE", "PLAIN_TEXT", "Address", "Code", "CodeText", "CooperationNetwork", "Credits", "Description",
           "ExampleValues", "ExternalCode", "GroupQuota", "Handler", "Identifier", "Inbound", "Keyword", "Language",
           "LocalisedName", "LocalisedString", "LocalisedValues", "MaySend", "MessageType", "NameText", "NonEmpty",
           "OrganisationReference", "OrganisationTarget", "Person", "PersonIds", "PersonReference", "Phone", "PlainText",
           "RecipientCheck", "Seats", "Status", "Strict", "StudentWarning", "StudyRight",
           "StudyRightIdentifiers", "StudyRightType", "SystemActor", "one_main_organiser", "partial", "plain_text"]


@dataclass(frozen=True)
class Inbound:
    """One accepted-so-far inbound message, as its handler sees it.

    `ref` is the exchange's row id of the message (pass the Inbound as `caused_by` to `emit`);
    `payload` is the type's Pydantic model, already validated; `recipient_id` is the addressed
    organisation of an addressed type (checked by the transport, R-EXC-4). `sender_tk_code` is read
    on first use (one query), so handlers that do not need it do not pay for it."""

    ref: int
    message_id: uuid.UUID
    sender_id: int
    type: str
    payload: BaseModel
    recipient: str | None = None
    recipient_id: int | None = None

    @cached_property
    def sender_tk_code(self) -> str:
        """The sending organisation's Statistics Finland code ("" if it has none)."""
        org = get_by_id(self.sender_id)
        return (org.tk_code or "") if org else ""

    @property
    def actor(self) -> SystemActor:
        """The sending organisation's system, as the actor of the domain services a handler calls."""
        return SystemActor(self.sender_id, f"exchange message {self.message_id}")


@dataclass(frozen=True)
class SystemActor:
    """An organisation's information system acting through the exchange (the authenticated sender of an
    inbound message, or the platform on its behalf). Not a user: domain policies accept it for its own
    organisation only (`organisation_id`), and the audit row names it by `label`."""

    organisation_id: int
    label: str = ""
    is_authenticated = False  # never a logged-in user (core.audit, access policies)

    def __str__(self) -> str:
        return f"system of organisation {self.organisation_id}" + (f" ({self.label})" if self.label else "")


Handler = Callable[[Inbound], None]
RecipientCheck = Callable[[Inbound], None]  # raises a DomainError when the recipient may not get the message
MaySend = Callable[[int], bool]  # sender organisation id → may it post this type?


@dataclass(frozen=True)
class MessageType:
    name: str
    model: type[BaseModel]
    inbound: bool  # may an organisation post it?
    addressed: bool = False  # needs an envelope recipient; forwarded to it
    reply_to: tuple[str, ...] = ()  # types this one answers; forwarded to the original's sender
    summary: str = ""
    handler: Handler | None = field(default=None, compare=False)
    may_send: MaySend | None = field(default=None, compare=False)
    example: dict[str, Any] | None = field(default=None, compare=False)  # one full envelope, for the guide


@dataclass(frozen=True)
class ExampleValues:
    """The demo institutions and network every example message uses (docs/exchange.md, the guide)."""

    hy_oid: str = "1.2.246.562.10.39218317368"
    hy_tk: str = "01901"
    aalto_oid: str = "1.2.246.562.10.56753942459"
    aalto_tk: str = "10076"
    network: str = "ETELA-RISTIIN"  # a demo network with both HY and Aalto as members
    sent_at: str = "2026-11-23T09:30:00+02:00"


EXAMPLE = ExampleValues()
