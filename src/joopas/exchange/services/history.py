"""R-EXC-2: every status change of a message or a delivery writes a history row, never updated."""

from __future__ import annotations

from collections.abc import Iterable

from joopas.core.transitions import transition
from joopas.exchange import rules
from joopas.exchange.codes import ErrorCode
from joopas.exchange.models import Delivery, Message, StatusEvent


def event(msg: Message | int, status: str, reason: str = "", *, delivery: Delivery | None = None) -> StatusEvent:
    message_id = msg if isinstance(msg, int) else msg.pk
    return StatusEvent.objects.create(message_id=message_id, delivery=delivery,
                                      receiver_id=delivery.receiver_id if delivery else None,
                                      status=status, reason=reason[:4000])


def set_message_status(msg: Message, new: str, reason: str = "", *, extra_fields: Iterable[str] = ()) -> None:
    """received → validated | refused (the table is `rules.MESSAGE_TRANSITIONS`), with its history row;
    `extra_fields` set by the caller are saved with the status."""
    msg.status_reason = reason
    transition(msg, to=new, table=rules.MESSAGE_TRANSITIONS, code=ErrorCode.ILLEGAL_STATUS,
               extra_fields=["status_reason", *extra_fields],
               history=lambda _old, to: event(msg, to, reason))


def set_delivery_status(d: Delivery, new: str, reason: str = "", *, extra_fields: Iterable[str] = ()) -> str:
    """One delivery's status change (table `rules.DELIVERY_TRANSITIONS`) and its history row; the old status."""
    return transition(d, to=new, table=rules.DELIVERY_TRANSITIONS, code=ErrorCode.ILLEGAL_DELIVERY_STATUS,
                      extra_fields=extra_fields,
                      history=lambda _old, to: event(d.message_id, to, reason, delivery=d))
