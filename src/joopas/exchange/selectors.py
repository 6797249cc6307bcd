"""Reads for the exchange pages and API."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any, NamedTuple

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import get_language

from joopas.exchange.models import Delivery, DeliveryStatus, ExchangeSettings, Message, StatusEvent
from joopas.organisations.api import get_by_id, get_many


def organisation_oid(org_id: int | None, cache: dict[int, str] | None = None) -> str:
    if not org_id:
        return ""
    if cache is not None and org_id in cache:
        return cache[org_id]
    ref = get_by_id(org_id)
    oid = ref.oid if ref else ""
    if cache is not None:
        cache[org_id] = oid
    return oid


def organisation_name(org_id: int | None, lang: str | None = None) -> str:
    """The organisation's name in the page's language (Finnish when it has none in that language)."""
    ref = get_by_id(org_id) if org_id else None
    return ref.name(_lang(lang)) if ref else ""


def _lang(lang: str | None) -> str:
    code = (lang or get_language() or "fi")[:2]
    return code if code in ("fi", "sv", "en") else "fi"


class OrgName(NamedTuple):
    """An organisation as pages show it: its name in the page's language, its OID for a title or detail row."""

    name: str
    oid: str


def organisation_names(org_ids: Iterable[int | None], lang: str | None = None) -> dict[int, OrgName]:
    """Names and OIDs of many organisations in one query (unknown ids are left out)."""
    code = _lang(lang)
    return {pk: OrgName(ref.name(code), ref.oid) for pk, ref in get_many({i for i in org_ids if i}).items()}


def envelope_out(msg: Message, receiver_id: int, oids: dict[int, str] | None = None) -> dict[str, Any]:
    """What a receiver gets: our envelope plus the sender's and receiver's OIDs."""
    return envelope_of(OutRow(msg.message_id, msg.type, msg.schema_version, msg.sent_at, msg.sender_id,
                              msg.in_reply_to.message_id if msg.in_reply_to_id and msg.in_reply_to else None,
                              msg.payload), receiver_id, oids)


class OutRow(NamedTuple):
    """The columns of a message an outgoing envelope needs (the delivery loop reads only these)."""

    message_id: uuid.UUID
    type: str
    schema_version: str
    sent_at: dt.datetime | None
    sender_id: int
    in_reply_to: uuid.UUID | None
    payload: Any


def out_rows(message_pks: Iterable[int]) -> dict[int, OutRow]:
    """For the delivery loop: the envelope columns of many messages in one query, without model instances."""
    rows: Any = Message.objects.filter(pk__in=set(message_pks)).values_list(
        "pk", "message_id", "type", "schema_version", "sent_at", "sender_id", "in_reply_to__message_id", "payload")
    return {r[0]: OutRow(*r[1:]) for r in rows}


def envelope_of(row: OutRow, receiver_id: int, oids: dict[int, str] | None = None) -> dict[str, Any]:
    return {
        "message_id": str(row.message_id), "type": row.type, "schema_version": row.schema_version or "1",
        "sent_at": row.sent_at.isoformat() if row.sent_at else None,
        "sender": organisation_oid(row.sender_id, oids), "receiver": organisation_oid(receiver_id, oids),
        "in_reply_to": str(row.in_reply_to) if row.in_reply_to else None,
        "payload": row.payload,
    }


def messages_for(org_ids: list[int], *, direction: str = "all", status: str = "", type_: str = "",
                 q: str = "") -> QuerySet[Message]:
    received = Exists(Delivery.objects.filter(message=OuterRef("pk"), receiver_id__in=org_ids))
    qs = Message.objects.all()
    if direction == "sent":
        qs = qs.filter(sender_id__in=org_ids)
    elif direction == "received":
        qs = qs.filter(received)
    else:
        qs = qs.filter(Q(sender_id__in=org_ids) | received)
    if status in ("received", "validated", "refused"):
        qs = qs.filter(status=status)
    elif status:
        qs = qs.filter(Exists(Delivery.objects.filter(message=OuterRef("pk"), status=status)))
    if type_:
        qs = qs.filter(type=type_)
    if q:
        try:
            qs = qs.filter(message_id=uuid.UUID(q))
        except ValueError:
            qs = qs.filter(type__icontains=q)
    return qs.order_by("-received_at", "-id")


def message_by_uuid(message_id: uuid.UUID, org_ids: list[int] | None) -> Message | None:
    """One message by its id, among those the organisations sent or received (None = any)."""
    qs = Message.objects.filter(message_id=message_id)
    if org_ids is not None:
        qs = qs.filter(Q(sender_id__in=org_ids) |
                       Exists(Delivery.objects.filter(message=OuterRef("pk"), receiver_id__in=org_ids)))
    return qs.order_by("id").first()


def history(msg: Message) -> list[StatusEvent]:
    return list(StatusEvent.objects.filter(message=msg).order_by("at", "id"))


def sent_message(message_id: uuid.UUID, sender_id: int) -> Message | None:
    """The sender's own message with this id (a message_id is unique per sender)."""
    return Message.objects.filter(message_id=message_id, sender_id=sender_id).first()


def caused_by(msg: Message) -> list[Message]:
    """The platform messages (notifications) a message caused, with their deliveries; oldest first."""
    return list(Message.objects.filter(caused_by=msg).order_by("id")
                .prefetch_related(Prefetch("deliveries", queryset=Delivery.objects.order_by("id"))))


def deliveries(msg: Message) -> list[Delivery]:
    return list(Delivery.objects.filter(message=msg).order_by("id").prefetch_related("attempt_rows"))


def summary_status(msg: Message, dels: list[Delivery]) -> str:
    """One word for lists: refused/received, else the least advanced delivery, else validated."""
    if msg.status != "validated" or not dels:
        return msg.status
    order = ["dead", "failed", "pending", "delivered", "acknowledged"]
    return min((d.status for d in dels), key=order.index)


def dead_letters(org_ids: list[int] | None) -> QuerySet[Delivery]:
    qs = Delivery.objects.filter(status=DeliveryStatus.DEAD).select_related("message")
    if org_ids is not None:
        qs = qs.filter(Q(receiver_id__in=org_ids) | Q(message__sender_id__in=org_ids))
    return qs.order_by("-id")


def delivery(pk: int) -> Delivery | None:
    return Delivery.objects.select_related("message").filter(pk=pk).first()


def settings_for(org_id: int) -> ExchangeSettings | None:
    return ExchangeSettings.objects.filter(organisation_id=org_id).first()
