"""R-ACC-6: reads that show message payloads (students' names, ids and addresses) are recorded.

The views and the API call these after their own permission checks (a refused read writes nothing) and
before answering. One audit row per read, in one shape: `organisation` = the reader's organisation
concerned (the sender or receiver whose role the reader used), `subject` = what was opened, `person_oid` =
the student when the read concerns one, `after = {"messages": [message ids], "person_oids": [...]}`.

A pull-feed page is one read: one `exchange.feed.read` row per non-empty page listing every message id it
handed out and every student OID they name (`person_oid` is set when there is exactly one), so "who read
this student's data" is a search on `person_oid` or `after.person_oids`. An empty page shows nothing and
writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from joopas.core import audit
from joopas.exchange import rules
from joopas.exchange.codes import Event
from joopas.exchange.models import Delivery, Message
from joopas.organisations.api import get_by_id


def api_actor(key_id: int, name: str) -> str:
    """How an integration appears in the audit log (it is no user)."""
    return f"api-key:{key_id} {name}".strip()


def _persons(msgs: Iterable[Message]) -> list[str]:
    return sorted({p for m in msgs if (p := rules.person_oid(m.order_key, m.payload))})


def _oid(organisation_id: int | None) -> str:
    ref = get_by_id(organisation_id) if organisation_id else None
    return ref.oid if ref else ""


def reader_organisation(msg: Message, receiver_ids: Sequence[int], viewer_orgs: Sequence[int] | None) -> int | None:
    """The organisation whose role shows the message: the sender if it is the viewer's, else the first
    receiving one (a platform admin, `viewer_orgs` None, reads as the sender's)."""
    if viewer_orgs is None or msg.sender_id in viewer_orgs:
        return msg.sender_id
    return next((r for r in receiver_ids if r in viewer_orgs), None)


def _record(event: Event, *, actor: Any, organisation_id: int | None, msgs: Sequence[Message], subject: Any,
            extra: dict[str, Any] | None = None) -> None:
    persons = _persons(msgs)
    audit.record(event, actor=actor, organisation=_oid(organisation_id), subject=subject,
                 person_oid=persons[0] if len(persons) == 1 else "",
                 after={"messages": [str(m.message_id) for m in msgs], "person_oids": persons, **(extra or {})})


def message_read(*, actor: Any, msg: Message, organisation_id: int | None, channel: str) -> None:
    """One message opened (the officer page with its payload, or the status endpoint)."""
    _record(Event.MESSAGE_READ, actor=actor, organisation_id=organisation_id, msgs=[msg], subject=msg,
            extra={"channel": channel})


def delivery_read(*, actor: Any, delivery: Delivery, organisation_id: int | None) -> None:
    """A delivery's page, which shows the message's payload for fixing."""
    _record(Event.DELIVERY_READ, actor=actor, organisation_id=organisation_id, msgs=[delivery.message],
            subject=delivery, extra={"channel": "page"})


def feed_read(*, actor: Any, organisation_id: int, rows: Sequence[Delivery], after: int, next_cursor: int) -> None:
    """One pull-feed page; nothing when it is empty."""
    if not rows:
        return
    _record(Event.FEED_READ, actor=actor, organisation_id=organisation_id, msgs=[d.message for d in rows],
            subject=None, extra={"after": after, "next_cursor": next_cursor})
