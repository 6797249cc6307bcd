"""Messages in: receive, check the envelope, dispatch to the type's registered handler, forward addressed
messages and replies to their recipient, and acknowledgements (R-EXC-1, R-EXC-4)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from joopas.core.errors import DomainError, PermissionDenied
from joopas.core.problems import Problem, from_domain_error
from joopas.exchange import rules
from joopas.exchange.codes import ErrorCode
from joopas.exchange.data import Inbound
from joopas.exchange.models import Delivery, DeliveryStatus, Message, MessageStatus
from joopas.exchange.registry import RECIPIENT_CHECKS
from joopas.exchange.schemas import Acknowledgement
from joopas.exchange.services.history import event, set_delivery_status, set_message_status
from joopas.exchange.services.outbound import create_deliveries
from joopas.exchange.validation import Parsed, parse
from joopas.organisations.api import get_by_id, get_by_oid


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict[str, Any]


def _refused_body(message_id: uuid.UUID | None, problems: list[Problem]) -> dict[str, Any]:
    return {"code": ErrorCode.REFUSED, "message": _("The message was refused."),
            "details": {"message_id": str(message_id) if message_id else None,
                        "errors": [p.as_dict() for p in problems]}}


def _accepted_body(msg: Message) -> dict[str, Any]:
    return {"message_id": str(msg.message_id), "status": "accepted", "received_at": msg.received_at.isoformat()}


def too_large(size: int) -> Answer:
    """The refusal of a body too large to read (nothing is stored: it has no message_id we could read)."""
    problem = Problem(ErrorCode.TOO_LARGE, "", _("The message is %(size)s bytes; the limit is %(limit)s.")
                      % {"size": size, "limit": rules.MAX_BODY_BYTES}, status=413)
    return Answer(413, _refused_body(None, [problem]))


def receive(*, organisation_id: int, body: bytes, dry_run: bool = False) -> Answer:
    """Accept or refuse one message from an authenticated organisation (R-EXC-1, R-EXC-4).

    A `message_id` the sender used before returns the first answer and changes nothing, also when
    copies race: the unique (sender, message_id) row is inserted first, so a concurrent copy waits
    on it and then reads the committed answer.
    """
    parsed = parse(body)
    if parsed.message_id is None:  # nothing to remember the answer by
        return Answer(max(p.status for p in parsed.problems) if parsed.problems else 422,
                      _refused_body(None, parsed.problems or [Problem("schema.missing", "message_id",
                                                                       "Field required")]))
    if dry_run:
        existing = _answer_of(organisation_id, parsed.message_id)
        if existing is not None:  # R-EXC-1: as a resend would be answered (the first answer, nothing changes)
            return existing
        with transaction.atomic():
            answer = _process(organisation_id, parsed, message_id=uuid.uuid4())
            transaction.set_rollback(True)
        if answer.body.get("details", {}).get("message_id"):
            answer.body["details"]["message_id"] = str(parsed.message_id)
        if answer.status < 300:
            answer = Answer(200, {"message_id": str(parsed.message_id), "status": "valid"})
        return answer
    existing = _answer_of(organisation_id, parsed.message_id)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return _process(organisation_id, parsed, message_id=parsed.message_id)
    except IntegrityError:
        existing = _answer_of(organisation_id, parsed.message_id)
        if existing is None:
            raise
        return existing


def _answer_of(organisation_id: int, message_id: uuid.UUID) -> Answer | None:
    row = Message.objects.filter(sender_id=organisation_id, message_id=message_id) \
        .values("response_status", "response").first()
    return Answer(row["response_status"], row["response"]) if row else None


def _process(organisation_id: int, parsed: Parsed, *, message_id: uuid.UUID) -> Answer:
    env = parsed.envelope
    raw = parsed.raw
    with transaction.atomic():  # the savepoint a concurrent duplicate fails on
        msg = Message.objects.create(
            message_id=message_id, sender_id=organisation_id,
            type=(env.type if env else str(raw.get("type", "")))[:60],
            schema_version=(env.schema_version if env else str(raw.get("schema_version", ""))[:10]),
            sent_at=env.sent_at.astimezone(dt.UTC) if env else None,
            payload=raw.get("payload") if isinstance(raw.get("payload"), dict | list) else None,
        )
    event(msg, MessageStatus.RECEIVED)
    problems = list(parsed.problems)
    if not problems:
        try:
            with transaction.atomic():
                _dispatch(msg, parsed)
        except DomainError as exc:
            problems = from_domain_error(exc, "payload")
    answer = ["response_status", "response"]
    if problems:
        msg.errors = [p.as_dict() for p in problems]
        msg.response_status, msg.response = max(p.status for p in problems), _refused_body(message_id, problems)
        set_message_status(msg, MessageStatus.REFUSED, "; ".join(f"{p.code}: {p.message}" for p in problems),
                           extra_fields=["errors", *answer])
    else:
        msg.response_status, msg.response = 202, _accepted_body(msg)
        set_message_status(msg, MessageStatus.VALIDATED, extra_fields=answer)
    return Answer(msg.response_status, msg.response)


def _dispatch(msg: Message, parsed: Parsed) -> None:
    """The transport's checks, then the type's handler; addressed messages and replies are forwarded."""
    mtype, env = parsed.mtype, parsed.envelope
    assert env is not None and parsed.payload is not None and mtype is not None
    if mtype.may_send is not None and not mtype.may_send(msg.sender_id):
        raise PermissionDenied(_("Your organisation may not send this type of message."),
                               code=ErrorCode.SENDER_NOT_ALLOWED, details={"path": "type"})
    receivers: list[int] = []
    if mtype.addressed:
        recipient = get_by_oid(env.recipient or "")
        if recipient is None or recipient.status != "active":
            raise DomainError(_("The receiving organisation is not known."), code=ErrorCode.UNKNOWN_RECIPIENT,
                              status=422, details={"path": "recipient"})
        if recipient.id == msg.sender_id:
            raise DomainError(_("An organisation cannot address a message to itself."),
                              code=ErrorCode.RECIPIENT_IS_SENDER, status=422, details={"path": "recipient"})
        msg.recipient_id = recipient.id
        msg.order_key = rules.order_key(mtype.name, env.payload)[:200]
        msg.save(update_fields=["recipient_id", "order_key"])
        receivers = [recipient.id]
    elif mtype.reply_to:
        receivers = [_reply(msg, parsed)]
    inbound = Inbound(ref=msg.pk, message_id=msg.message_id, sender_id=msg.sender_id, type=mtype.name,
                      payload=parsed.payload, recipient=env.recipient, recipient_id=msg.recipient_id)
    if mtype.addressed and (check := RECIPIENT_CHECKS.get(mtype.name)) is not None:
        check(inbound)  # the owner's rule on who may receive it (R-EXC-4, R-REG-7)
    if mtype.handler is not None:
        mtype.handler(inbound)
    if receivers:
        create_deliveries(msg, receivers)


def _reply(msg: Message, parsed: Parsed) -> int:
    """R-EXC-4: a reply goes back to the original's sender, and only its recipient may send it.

    The original is looked up among the messages addressed to the replier (a message_id is unique per
    sender only): another sender reusing the id cannot catch the reply. Should two senders have addressed
    the replier with one id, the first message with it is answered.
    """
    payload = parsed.payload
    assert payload is not None and parsed.mtype is not None
    id_field = rules.reply_id_field(type(payload).model_fields)
    candidates = Message.objects.filter(message_id=getattr(payload, id_field), type__in=parsed.mtype.reply_to,
                                        status=MessageStatus.VALIDATED)
    original = candidates.filter(recipient_id=msg.sender_id).order_by("received_at", "id").first()
    if original is None:
        if candidates.exists():  # R-EXC-4: addressed to someone else
            raise DomainError(_("Only the organisation the original message was addressed to may answer it."),
                              code=ErrorCode.REPLY_NOT_ALLOWED, status=403,
                              details={"path": f"payload/{id_field}"})
        raise DomainError(_("The message being answered was not found."), code=ErrorCode.ORIGINAL_NOT_FOUND,
                          status=422, details={"path": f"payload/{id_field}"})
    assert rules.reply_allowed(original_recipient_id=original.recipient_id, replier_id=msg.sender_id)  # R-EXC-4
    msg.in_reply_to = original
    msg.recipient_id = original.sender_id
    msg.order_key = original.order_key
    msg.save(update_fields=["in_reply_to", "recipient_id", "order_key"])
    return original.sender_id


def acknowledge(inbound: Inbound) -> None:
    """ACKNOWLEDGEMENT's handler: the acknowledger's delivery of the acknowledged message is done.

    Only deliveries to the acknowledger count. A message_id is unique per sender only: when several
    senders' messages with the id reached the acknowledger, `receivingOrganisationTkCode` names the sender;
    without it the first message with the id is acknowledged. One message is acknowledged, never several.
    """
    payload = inbound.payload
    assert isinstance(payload, Acknowledgement)
    deliveries = list(Delivery.objects.select_for_update().filter(message__message_id=payload.requestId,
                                                                  receiver_id=inbound.sender_id)
                      .select_related("message").order_by("message__received_at", "message_id", "id"))
    if not deliveries:
        raise DomainError(_("No message with that id was delivered to your organisation."),
                          code=ErrorCode.ACK_UNKNOWN_MESSAGE, status=422, details={"path": "payload/requestId"})
    if payload.receivingOrganisationTkCode:
        senders = {d.message.sender_id: get_by_id(d.message.sender_id) for d in deliveries}
        deliveries = [d for d in deliveries if (ref := senders[d.message.sender_id]) is not None
                      and ref.tk_code == payload.receivingOrganisationTkCode]
        if not deliveries:
            raise DomainError(_("receivingOrganisationTkCode is not the code of the message's sender."),
                              code=ErrorCode.ACK_WRONG_ORGANISATION, status=422,
                              details={"path": "payload/receivingOrganisationTkCode"})
    deliveries = [d for d in deliveries if d.message_id == deliveries[0].message_id]
    now = timezone.now()
    for d in deliveries:
        if d.status == DeliveryStatus.ACKNOWLEDGED:
            continue
        d.acknowledged_at, d.lease_until = now, None
        set_delivery_status(d, DeliveryStatus.ACKNOWLEDGED, f"acknowledged by message {inbound.message_id}",
                            extra_fields=["acknowledged_at", "lease_until"])
    Message.objects.filter(pk=inbound.ref).update(in_reply_to=deliveries[0].message)
