"""The only writers of the exchange: receive, route, deliver, acknowledge, replay, purge."""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from joopas.core import audit
from joopas.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from joopas.exchange import offering, policies, rules
from joopas.exchange import schemas as s
from joopas.exchange.models import (
    Channel,
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    ExchangeSettings,
    Message,
    MessageStatus,
    StatusEvent,
)
from joopas.exchange.validation import Parsed, Problem, parse
from joopas.organisations.api import get_by_id, get_by_oid

log = logging.getLogger("joopas.exchange")


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict[str, Any]


def _refused_body(message_id: uuid.UUID | None, problems: list[Problem]) -> dict[str, Any]:
    return {"code": "exchange.refused", "message": _("The message was refused."),
            "details": {"message_id": str(message_id) if message_id else None,
                        "errors": [p.as_dict() for p in problems]}}


def _accepted_body(msg: Message) -> dict[str, Any]:
    return {"message_id": str(msg.message_id), "status": "accepted", "received_at": msg.received_at.isoformat()}


def _event(msg: Message, status: str, reason: str = "", *, delivery: Delivery | None = None) -> StatusEvent:
    return StatusEvent.objects.create(message=msg, delivery=delivery,
                                      receiver_id=delivery.receiver_id if delivery else None,
                                      status=status, reason=reason[:4000])


def _set_message_status(msg: Message, new: str, reason: str = "") -> None:
    rules.check_message_transition(msg.status, new)
    msg.status = new
    msg.status_reason = reason
    _event(msg, new, reason)


# --- inbound ---------------------------------------------------------------------------------------

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
    _event(msg, MessageStatus.RECEIVED)
    problems = list(parsed.problems)
    if not problems:
        try:
            with transaction.atomic():
                _handle(msg, parsed)
        except DomainError as exc:
            problems = _problems_of(exc)
    if problems:
        status = max(p.status for p in problems)
        msg.errors = [p.as_dict() for p in problems]
        msg.response_status, msg.response = status, _refused_body(message_id, problems)
        _set_message_status(msg, MessageStatus.REFUSED, "; ".join(f"{p.code}: {p.message}" for p in problems))
    else:
        msg.response_status, msg.response = 202, _accepted_body(msg)
        _set_message_status(msg, MessageStatus.VALIDATED)
    msg.save()
    return Answer(msg.response_status, msg.response)


def _problems_of(exc: DomainError) -> list[Problem]:
    details = exc.details if isinstance(exc.details, dict) else {}
    inner = details.get("errors") if isinstance(details.get("errors"), list) else None
    if inner:
        return [Problem(str(e.get("code", exc.code)), "payload/" + str(e.get("path", "")).strip("/"),
                        str(e.get("message", exc.message)), status=exc.status) for e in inner]
    return [Problem(exc.code, str(details.get("path", "payload")), str(exc.message), status=exc.status)]


# --- handlers ---------------------------------------------------------------------------------------

def _handle(msg: Message, parsed: Parsed) -> None:
    assert parsed.envelope is not None and parsed.payload is not None and parsed.mtype is not None
    payload = parsed.payload
    name = parsed.mtype.name
    if name == "ACKNOWLEDGEMENT":
        assert isinstance(payload, s.Acknowledgement)
        _acknowledge(msg, payload)
    elif parsed.mtype.addressed:
        recipient = get_by_oid(parsed.envelope.recipient or "")
        if recipient is None or recipient.status != "active":
            raise DomainError(_("The receiving organisation is not known."), code="exchange.unknown_recipient",
                              status=422, details={"path": "recipient"})
        if recipient.id == msg.sender_id:
            raise DomainError(_("An organisation cannot address a message to itself."),
                              code="exchange.recipient_is_sender", status=422, details={"path": "recipient"})
        msg.recipient_id = recipient.id
        msg.order_key = rules.order_key(name, parsed.envelope.payload)[:200]
        msg.save(update_fields=["recipient_id", "order_key"])
        create_deliveries(msg, [recipient.id])
    elif parsed.mtype.reply_to:
        _reply(msg, parsed)
    else:
        _offering(msg, name, payload)


def _reply(msg: Message, parsed: Parsed) -> None:
    payload = parsed.payload
    assert isinstance(payload, s.UpdateStudentReplyRequest) and parsed.mtype is not None
    original = Message.objects.filter(message_id=payload.studentRequestId, type__in=parsed.mtype.reply_to,
                                      status=MessageStatus.VALIDATED).first()
    if original is None:
        raise DomainError(_("The message being answered was not found."), code="exchange.original_not_found",
                          status=422, details={"path": "payload/studentRequestId"})
    if not rules.reply_allowed(original_recipient_id=original.recipient_id, replier_id=msg.sender_id):  # R-EXC-4
        raise DomainError(_("Only the organisation the original message was addressed to may answer it."),
                          code="exchange.reply_not_allowed", status=403, details={"path": "payload/studentRequestId"})
    msg.in_reply_to = original
    msg.recipient_id = original.sender_id
    msg.order_key = original.order_key
    msg.save(update_fields=["in_reply_to", "recipient_id", "order_key"])
    create_deliveries(msg, [original.sender_id])


def _acknowledge(msg: Message, payload: s.Acknowledgement) -> None:
    deliveries = list(Delivery.objects.select_for_update().filter(message__message_id=payload.requestId,
                                                                  receiver_id=msg.sender_id)
                      .select_related("message"))
    if not deliveries:
        raise DomainError(_("No message with that id was delivered to your organisation."),
                          code="exchange.ack_unknown_message", status=422, details={"path": "payload/requestId"})
    if payload.receivingOrganisationTkCode:
        sender = get_by_id(deliveries[0].message.sender_id)
        if sender is None or sender.tk_code != payload.receivingOrganisationTkCode:
            raise DomainError(_("receivingOrganisationTkCode is not the code of the message's sender."),
                              code="exchange.ack_wrong_organisation", status=422,
                              details={"path": "payload/receivingOrganisationTkCode"})
    now = timezone.now()
    for d in deliveries:
        if d.status == DeliveryStatus.ACKNOWLEDGED:
            continue
        rules.check_delivery_transition(d.status, DeliveryStatus.ACKNOWLEDGED)
        d.status, d.acknowledged_at, d.lease_until = DeliveryStatus.ACKNOWLEDGED, now, None
        d.save(update_fields=["status", "acknowledged_at", "lease_until"])
        _event(d.message, DeliveryStatus.ACKNOWLEDGED, f"acknowledged by message {msg.message_id}", delivery=d)
    msg.in_reply_to = deliveries[0].message
    msg.save(update_fields=["in_reply_to"])


KIND_OF = {"COURSEUNIT": "COURSE_UNIT", "STUDYMODULE": "STUDY_MODULE", "REALISATION": "REALISATION"}


def _offering(msg: Message, name: str, payload: Any) -> None:
    """Create / update / delete onto catalogue.api, then notify the members of the affected networks."""
    verb, element = name.split("_")[0], name.split("_")[1]
    kind = KIND_OF[element]
    org = get_by_id(msg.sender_id)
    tk = org.tk_code if org else ""
    changes: list[tuple[str, str, Any, list[str]]] = []  # (kind, external id, ref, networks)

    def before(kind_: str, ext: str) -> Any:
        getter = {"COURSE_UNIT": offering.get_course_unit, "STUDY_MODULE": offering.get_study_module,
                  "REALISATION": offering.get_realisation}[kind_]
        return getter(msg.sender_id, ext)

    if verb == "CREATE":
        if kind == "COURSE_UNIT":
            for i, cu in enumerate(payload.courseUnits):
                _refuse_existing("COURSE_UNIT", msg.sender_id, cu.studyElementId, f"payload/courseUnits/{i}")
                ref = offering.upsert_course_unit(msg.sender_id, offering.course_unit_data(cu))
                changes.append((kind, cu.studyElementId, ref, [n.id for n in cu.cooperationNetworks]))
                for r in cu.realisations or []:
                    rref = offering.upsert_realisation(msg.sender_id, offering.realisation_data(r, cu.studyElementId))
                    changes.append(("REALISATION", r.realisationId, rref, [n.id for n in r.cooperationNetworks]))
        elif kind == "STUDY_MODULE":
            for i, sm in enumerate(payload.studyModules):
                _refuse_existing("STUDY_MODULE", msg.sender_id, sm.studyElementId, f"payload/studyModules/{i}")
                ref = offering.upsert_study_module(msg.sender_id, offering.study_module_data(sm))
                changes.append((kind, sm.studyElementId, ref, [n.id for n in sm.cooperationNetworks]))
        else:
            for i, r in enumerate(payload.realisations):
                _refuse_existing("REALISATION", msg.sender_id, r.realisationId, f"payload/realisations/{i}")
                unit = offering.course_unit_of(r, tk)
                ref = offering.upsert_realisation(msg.sender_id, offering.realisation_data(r, unit))
                changes.append((kind, r.realisationId, ref, [n.id for n in r.cooperationNetworks]))
    elif verb == "UPDATE":
        if kind == "COURSE_UNIT":
            cu = payload.courseUnit
            old = _require_own(kind, msg.sender_id, cu.studyElementId, "payload/courseUnit/studyElementId", before)
            ref = offering.upsert_course_unit(msg.sender_id, offering.course_unit_data(cu))
            changes.append((kind, cu.studyElementId, ref or old, [n.id for n in cu.cooperationNetworks]))
        elif kind == "STUDY_MODULE":
            sm = payload.studyModule
            old = _require_own(kind, msg.sender_id, sm.studyElementId, "payload/studyModule/studyElementId", before)
            ref = offering.upsert_study_module(msg.sender_id, offering.study_module_data(sm))
            changes.append((kind, sm.studyElementId, ref or old, [n.id for n in sm.cooperationNetworks]))
        else:
            r = payload.realisation
            old = _require_own(kind, msg.sender_id, r.realisationId, "payload/realisation/realisationId", before)
            unit = offering.course_unit_of(r, tk) if r.studyElementReferences else old.study_element_id
            ref = offering.upsert_realisation(msg.sender_id, offering.realisation_data(r, unit))
            changes.append((kind, r.realisationId, ref, [n.id for n in r.cooperationNetworks]))
    else:  # DELETE
        ext = payload.realisationId if kind == "REALISATION" else payload.studyElementId
        old = _require_own(kind, msg.sender_id, ext, "payload/" + ("realisationId" if kind == "REALISATION"
                                                                   else "studyElementId"), before)
        receivers = offering.affected_members(kind, old, [], msg.sender_id)  # before it is gone
        # ... and everyone told about the element before (its networks are not in a delete message)
        receivers |= set(Delivery.objects.filter(message__sender_id=msg.sender_id, message__inbound=False,
                                                 order_key=f"{kind}:{tk or '-'}:{ext}")
                         .values_list("receiver_id", flat=True))
        offering.delete(kind, msg.sender_id, ext)
        _notify(msg, f"{element}_DELETED_NOTIFICATION", "deleted", [(kind, ext)], tk, receivers)
        return
    what = "created" if verb == "CREATE" else "updated"
    for kind_, ext, ref, networks in changes:
        receivers = offering.affected_members(kind_, ref, networks, msg.sender_id)
        el = {v: k for k, v in KIND_OF.items()}[kind_]
        _notify(msg, f"{el}_{what.upper()}_NOTIFICATION", what, [(kind_, ext)], tk, receivers)


def _refuse_existing(kind: str, org_id: int, ext: str, path: str) -> None:
    getter = {"COURSE_UNIT": offering.get_course_unit, "STUDY_MODULE": offering.get_study_module,
              "REALISATION": offering.get_realisation}[kind]
    if getter(org_id, ext) is not None:
        raise DomainError(_("An element with this identifier exists already; send an update message."),
                          code="exchange.already_exists", status=409, details={"path": path})


def _require_own(kind: str, org_id: int, ext: str, path: str, before: Any) -> Any:
    """R-EXC-4: an update touches only the sender's own data (ids are looked up per sender)."""
    ref = before(kind, ext)
    if ref is None:
        raise DomainError(_("The sending organisation has no element with this identifier."),
                          code="exchange.not_found", status=404, details={"path": path})
    return ref


def _notify(cause: Message, type_name: str, what: str, elements: list[tuple[str, str]], tk: str,
            receivers: Iterable[int]) -> Message | None:
    receivers = sorted(set(receivers))
    if not receivers:
        return None
    payload = {"sendingOrganisationTkCode": tk or "-", "timestamp": timezone.now().isoformat(),
               what: [{"referenceIdentifier": ext, "referenceOrganizer": tk or "-", "type": kind}
                      for kind, ext in elements]}
    return emit(sender_id=cause.sender_id, type_name=type_name, payload=payload, receivers=receivers, caused_by=cause)


def emit(*, sender_id: int, type_name: str, payload: dict[str, Any], receivers: list[int],
         caused_by: Message | None = None, reason: str = "") -> Message:
    """A platform-generated message (notification) and its deliveries, in the caller's transaction."""
    s.TYPES[type_name].model.model_validate_json(json.dumps(payload), strict=True)  # we obey our own schemas
    msg = Message.objects.create(sender_id=sender_id, type=type_name, inbound=False, sent_at=timezone.now(),
                                 payload=payload, status=MessageStatus.VALIDATED, caused_by=caused_by,
                                 order_key=rules.order_key(type_name, payload)[:200], response_status=202)
    _event(msg, MessageStatus.VALIDATED, reason or (f"generated from message {caused_by.message_id}"
                                                    if caused_by else "generated by the platform"))
    create_deliveries(msg, receivers)
    return msg


def create_deliveries(msg: Message, receivers: Iterable[int]) -> list[Delivery]:
    receivers = list(receivers)
    conf = {c.organisation_id: c for c in ExchangeSettings.objects.filter(organisation_id__in=receivers)}
    rows = []
    for rid in receivers:
        c = conf.get(rid)
        rows.append(Delivery(message=msg, receiver_id=rid, channel=c.channel if c else Channel.PULL,
                             order_key=msg.order_key, max_attempts=c.max_attempts if c else 10))
    made = Delivery.objects.bulk_create(rows)
    if any(d.channel in PUSH_CHANNELS for d in made):
        notify_due()
    return made


PUSH_CHANNELS = (Channel.WEBHOOK, Channel.RABBITMQ)
DUE_CHANNEL = "joopas_exchange_due"  # PostgreSQL NOTIFY channel the `deliver` loop listens on


def notify_due() -> None:
    """Wake idle `deliver` loops (PostgreSQL). Sent in the caller's transaction, so it arrives at commit
    (and not at all on rollback); several in one transaction arrive as one."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_notify(%s, '')", [DUE_CHANNEL])


# --- pull feed --------------------------------------------------------------------------------------

def feed(*, organisation_id: int, after: int, limit: int = 100) -> list[Delivery]:
    """Pull channel: the organisation's deliveries after the cursor, oldest first.

    Deliveries still pending below the cursor are included too: a transaction that committed late
    with a smaller id is not skipped. Handing a message out marks it delivered.
    """
    limit = max(1, min(limit, 500))
    with transaction.atomic():
        rows = list(Delivery.objects.filter(receiver_id=organisation_id)
                    .filter(Q(pk__gt=after) | Q(status=DeliveryStatus.PENDING, channel=Channel.PULL))
                    .select_related("message").order_by("pk")[:limit])
        now = timezone.now()
        fresh = [d for d in rows if d.status in (DeliveryStatus.PENDING, DeliveryStatus.FAILED)]
        if fresh:
            Delivery.objects.filter(pk__in=[d.pk for d in fresh]).update(status=DeliveryStatus.DELIVERED,
                                                                        delivered_at=now, attempts=1)
            StatusEvent.objects.bulk_create([StatusEvent(message_id=d.message_id, delivery=d, receiver_id=d.receiver_id,
                                                         status=DeliveryStatus.DELIVERED, reason="pull feed", at=now)
                                             for d in fresh])
            for d in fresh:
                d.status, d.delivered_at = DeliveryStatus.DELIVERED, now
    return rows


# --- push delivery engine ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Claimed:
    id: int
    attempts: int
    receiver_id: int
    channel: str
    message_pk: int
    created_at: dt.datetime


def claim_batch(*, worker: str, limit: int = 500, lease_seconds: int = 60,
                channels: tuple[str, ...] = (Channel.WEBHOOK, Channel.RABBITMQ)) -> list[Claimed]:
    """Claim due push deliveries with `FOR UPDATE SKIP LOCKED` (R-EXC-3).

    Only the head of each (receiver, order key) chain is due: a later message about the same
    student waits for the earlier one, other students' messages do not.
    """
    if connection.vendor == "postgresql":
        return _claim_pg(worker=worker, limit=limit, lease_seconds=lease_seconds, channels=channels)
    now = timezone.now()
    earlier = Delivery.objects.filter(receiver_id=OuterRef("receiver_id"), order_key=OuterRef("order_key"),
                                      pk__lt=OuterRef("pk"),
                                      status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED])
    with transaction.atomic():
        qs = (Delivery.objects.filter(status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED],
                                      channel__in=channels, next_attempt_at__lte=now)
              .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
              .filter(Q(order_key="") | ~Exists(earlier))
              .order_by("pk"))
        if connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True, of=("self",))
        rows = list(qs.values_list("pk", "attempts", "receiver_id", "channel", "message_id", "created_at",
                                   "lease_until")[:limit])
        if not rows:
            return []
        ids = [r[0] for r in rows]
        lost = [r for r in rows if r[6] is not None]  # a worker died holding these
        if lost:
            DeliveryAttempt.objects.bulk_create([DeliveryAttempt(delivery_id=r[0], number=r[1], channel=r[3],
                                                                 outcome="lost", error="lease expired")
                                                 for r in lost])
        from django.db.models import F

        Delivery.objects.filter(pk__in=ids).update(attempts=F("attempts") + 1, worker=worker,
                                                   lease_until=now + dt.timedelta(seconds=lease_seconds))
    return [Claimed(r[0], r[1] + 1, r[2], r[3], r[4], r[5]) for r in rows]


_CLAIM_SQL = """
WITH c AS (
  SELECT d.id, d.lease_until FROM exchange_delivery d
  WHERE d.status IN ('pending', 'failed') AND d.channel = ANY(%(channels)s) AND d.next_attempt_at <= %(now)s
    AND (d.lease_until IS NULL OR d.lease_until < %(now)s)
    AND (d.order_key = '' OR NOT EXISTS (
      SELECT 1 FROM exchange_delivery e WHERE e.receiver_id = d.receiver_id AND e.order_key = d.order_key
        AND e.id < d.id AND e.status IN ('pending', 'failed')))
  ORDER BY d.id LIMIT %(limit)s
  FOR UPDATE OF d SKIP LOCKED
)
UPDATE exchange_delivery d SET attempts = d.attempts + 1, worker = %(worker)s, lease_until = %(lease)s
FROM c WHERE d.id = c.id
RETURNING d.id, d.attempts, d.receiver_id, d.channel, d.message_id, d.created_at, c.lease_until
"""


def _claim_pg(*, worker: str, limit: int, lease_seconds: int, channels: tuple[str, ...]) -> list[Claimed]:
    """The same claim as the ORM path in one statement (select, lock and lease), PostgreSQL's hot path."""
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cur:
        # Walk exchange_delivery_open in id order and stop at the limit. Left to itself the planner, which
        # rarely sees open rows in its statistics, collects every due row (and every dead index entry
        # of recently delivered ones) and sorts them: a claim that grows with the backlog.
        cur.execute("SET LOCAL enable_sort = off")
        cur.execute(_CLAIM_SQL, {"channels": [str(c) for c in channels], "now": now, "limit": limit,
                                 "worker": worker, "lease": now + dt.timedelta(seconds=lease_seconds)})
        rows = sorted(cur.fetchall())
        lost = [r for r in rows if r[6] is not None]  # a worker died holding these
        if lost:
            DeliveryAttempt.objects.bulk_create([DeliveryAttempt(delivery_id=r[0], number=r[1] - 1, channel=r[3],
                                                                 outcome="lost", error="lease expired")
                                                 for r in lost])
    return [Claimed(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows]


@dataclass(frozen=True)
class Result:
    claimed: Claimed
    ok: bool
    error: str = ""


def record_results(*, worker: str, results: list[Result]) -> dict[str, int]:
    """Mark a batch's outcome in one transaction. A late worker whose lease was taken changes nothing."""
    if not results:
        return {}
    now = timezone.now()
    if connection.vendor == "postgresql" and all(r.ok for r in results):
        return {"delivered": _record_delivered_pg(worker, results, now), "failed": 0, "dead": 0}
    counts = {"delivered": 0, "failed": 0, "dead": 0}
    with transaction.atomic():
        mine = {(pk, attempts): (max_attempts, msg_id) for pk, attempts, max_attempts, msg_id in
                Delivery.objects.select_for_update().filter(
                    pk__in=[r.claimed.id for r in results], worker=worker,
                    status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED])
                .values_list("pk", "attempts", "max_attempts", "message_id")}
        attempts: list[tuple[Any, ...]] = []
        events: list[tuple[Any, ...]] = []
        ok_ids: list[int] = []
        for r in results:
            c = r.claimed
            key = (c.id, c.attempts)
            if key not in mine:
                continue
            max_attempts, msg_id = mine[key]
            if r.ok:
                ok_ids.append(c.id)
                outcome = "delivered"
            else:
                dead = rules.is_dead(c.attempts, max_attempts)
                outcome = "dead" if dead else "failed"
                Delivery.objects.filter(pk=c.id).update(
                    status=outcome, lease_until=None, last_error=r.error[:4000],
                    next_attempt_at=now + dt.timedelta(seconds=rules.backoff_seconds(
                        c.attempts, base=settings.EXCHANGE_RETRY_BASE_SECONDS)))
            counts[outcome] += 1
            attempts.append((c.id, c.attempts, c.channel, worker, now, outcome, r.error[:4000]))
            reason = "" if r.ok else (r.error[:4000] if outcome == "failed"
                                      else f"retry limit reached after {c.attempts} attempts: {r.error}"[:4000])
            events.append((msg_id, c.id, c.receiver_id, outcome, reason, now))
        if ok_ids:
            Delivery.objects.filter(pk__in=ok_ids).update(status=DeliveryStatus.DELIVERED, delivered_at=now,
                                                          lease_until=None, last_error="")
        # Plain tuples, no model instances: this is the delivery loop's hot path.
        _insert_many(DeliveryAttempt, ["delivery_id", "number", "channel", "worker", "started_at", "outcome", "error"],
                     attempts)
        _insert_many(StatusEvent, ["message_id", "delivery_id", "receiver_id", "status", "reason", "at"], events)
    return counts


_DELIVERED_SQL = """
WITH u AS (
  UPDATE exchange_delivery d SET status = 'delivered', delivered_at = %(now)s, lease_until = NULL, last_error = ''
  FROM unnest(%(ids)s::bigint[], %(attempts)s::integer[]) AS v(id, attempts)
  WHERE d.id = v.id AND d.attempts = v.attempts AND d.worker = %(worker)s AND d.status IN ('pending', 'failed')
  RETURNING d.id, d.message_id, d.receiver_id, d.channel, d.attempts
), a AS (
  INSERT INTO exchange_deliveryattempt (delivery_id, number, channel, worker, started_at, outcome, error)
  SELECT id, attempts, channel, %(worker)s, %(now)s, 'delivered', '' FROM u
)
INSERT INTO exchange_statusevent (message_id, delivery_id, receiver_id, status, reason, at)
SELECT message_id, id, receiver_id, 'delivered', '', %(now)s FROM u
"""


def _record_delivered_pg(worker: str, results: list[Result], now: dt.datetime) -> int:
    """The common case, a chunk that all went through, in one statement: the same rows, attempts and
    history as the general path (only rows still leased to this worker with the same attempt)."""
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(_DELIVERED_SQL, {"now": now, "worker": worker, "ids": [r.claimed.id for r in results],
                                     "attempts": [r.claimed.attempts for r in results]})
        return int(cur.rowcount)


def _insert_many(model: Any, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Bulk insert without building model instances: one `INSERT … SELECT unnest(…)` on PostgreSQL
    (the delivery loop's hot path), bulk_create elsewhere."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**dict(zip(columns, r, strict=True))) for r in rows])
        return
    names = {f.name for f in model._meta.fields}
    fields = [model._meta.get_field(c if c in names else c.removesuffix("_id")) for c in columns]
    types = [f.target_field.db_type(connection) if f.is_relation else f.db_type(connection) for f in fields]
    types = ["text" if ty.startswith("varchar") else ty for ty in types]
    cols = ", ".join(f.column for f in fields)
    unnest = ", ".join(f"%s::{ty}[]" for ty in types)
    with connection.cursor() as cur:
        cur.execute(f"INSERT INTO {model._meta.db_table} ({cols}) SELECT * FROM unnest({unnest})",  # noqa: S608
                    [list(col) for col in zip(*rows, strict=True)])


# --- operations -------------------------------------------------------------------------------------

def replay(*, actor: Any, delivery_id: int) -> Delivery:
    """Dead-letter replay: the delivery is due again with a fresh retry budget."""
    with transaction.atomic():
        d = Delivery.objects.select_for_update().select_related("message").filter(pk=delivery_id).first()
        if d is None:
            raise NotFound(code="exchange.delivery_not_found")
        if not policies.can_operate_delivery(actor, d):
            raise PermissionDenied()
        rules.check_delivery_transition(d.status, DeliveryStatus.PENDING)
        if d.message.payload is None:
            raise DomainError(_("The payload has been purged; the message cannot be replayed."),
                              code="exchange.payload_purged", status=409)
        before = {"status": d.status, "attempts": d.attempts}
        d.status, d.next_attempt_at, d.lease_until = DeliveryStatus.PENDING, timezone.now(), None
        d.max_attempts = d.attempts + max(1, d.max_attempts)
        d.save(update_fields=["status", "next_attempt_at", "lease_until", "max_attempts"])
        if d.channel in PUSH_CHANNELS:
            notify_due()
        _event(d.message, DeliveryStatus.PENDING, _("replayed by %(who)s") % {"who": actor.email}, delivery=d)
        audit.record("exchange.delivery_replayed", actor=actor, subject=d, before=before,
                     after={"status": d.status, "max_attempts": d.max_attempts})
    return d


def edit_dead_payload(*, actor: Any, delivery_id: int, payload: dict[str, Any]) -> Delivery:
    """An operator fixes a dead message's payload before replaying it (audited, schema-checked)."""
    with transaction.atomic():
        d = Delivery.objects.select_for_update().select_related("message").filter(pk=delivery_id).first()
        if d is None:
            raise NotFound(code="exchange.delivery_not_found")
        if not policies.can_operate_delivery(actor, d):
            raise PermissionDenied()
        if d.status != DeliveryStatus.DEAD:
            raise DomainError(_("Only a dead message can be edited."), code="exchange.not_dead", status=409)
        mtype = s.TYPES.get(d.message.type)
        if mtype is None:
            raise ValidationFailed(code="exchange.unknown_type")
        import json

        from pydantic import ValidationError

        try:
            mtype.model.model_validate_json(json.dumps(payload), strict=True)
        except ValidationError as exc:
            raise ValidationFailed(details={"errors": [{"code": "schema." + e["type"],
                                                        "path": "/".join(str(p) for p in e["loc"]),
                                                        "message": e["msg"]} for e in exc.errors()]}) from exc
        before = d.message.payload
        d.message.payload = payload
        d.message.save(update_fields=["payload"])
        _event(d.message, DeliveryStatus.DEAD, _("payload edited by %(who)s") % {"who": actor.email}, delivery=d)
        audit.record("exchange.payload_edited", actor=actor, subject=d.message, before=before, after=payload)
    return d


def settings_update(*, actor: Any, organisation_id: int, channel: str, webhook_url: str = "",
                    contact_email: str = "", max_attempts: int = 10, new_secret: bool = False) -> ExchangeSettings:
    if not policies.can_edit_settings(actor, organisation_id):
        raise PermissionDenied()
    if channel not in Channel.values:
        raise ValidationFailed(code="exchange.unknown_channel", details={"path": "channel"})
    if channel == Channel.WEBHOOK:
        allowed = ("https://", "http://") if settings.EXCHANGE_WEBHOOK_ALLOW_HTTP else ("https://",)
        if not webhook_url.startswith(allowed):
            raise ValidationFailed(_("A webhook address must start with https://."),
                                   code="exchange.webhook_https_required", details={"path": "webhook_url"})
    if not 1 <= max_attempts <= 50:
        raise ValidationFailed(code="exchange.max_attempts_range", details={"path": "max_attempts"})
    with transaction.atomic():
        conf, _created = ExchangeSettings.objects.select_for_update().get_or_create(organisation_id=organisation_id)
        before = {"channel": conf.channel, "webhook_url": conf.webhook_url, "contact_email": conf.contact_email,
                  "max_attempts": conf.max_attempts}
        conf.channel, conf.webhook_url = channel, webhook_url
        conf.contact_email, conf.max_attempts = contact_email, max_attempts
        if new_secret or (channel == Channel.WEBHOOK and not conf.webhook_secret):
            conf.webhook_secret = secrets.token_hex(32)
        conf.save()
        # Deliveries not yet out go by the new channel.
        Delivery.objects.filter(receiver_id=organisation_id,
                                status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED]) \
            .update(channel=channel)
        if channel in PUSH_CHANNELS:
            notify_due()
        org = get_by_id(organisation_id)
        audit.record("exchange.settings_updated", actor=actor, organisation=org.oid if org else "", subject=conf,
                     before=before, after={**before, "channel": channel, "webhook_url": webhook_url,
                                           "contact_email": contact_email, "max_attempts": max_attempts,
                                           "secret_rotated": new_secret})
    return conf


def ensure_settings(*, organisation_id: int, channel: str = Channel.PULL, webhook_url: str = "",
                    contact_email: str = "") -> ExchangeSettings:
    """For the demo and tests: settings without an acting user."""
    conf, _created = ExchangeSettings.objects.update_or_create(
        organisation_id=organisation_id,
        defaults={"channel": channel, "webhook_url": webhook_url, "contact_email": contact_email})
    if channel == Channel.WEBHOOK and not conf.webhook_secret:
        conf.webhook_secret = secrets.token_hex(32)
        conf.save(update_fields=["webhook_secret"])
    return conf


def purge_payloads(*, now: dt.datetime | None = None) -> int:
    """Retention (SPEC §12): payloads older than EXCHANGE_PAYLOAD_RETENTION_DAYS are removed; status stays.

    Messages with a delivery still on its way keep their payload until it is delivered or dead.
    """
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.EXCHANGE_PAYLOAD_RETENTION_DAYS)
    open_ = Delivery.objects.filter(message=OuterRef("pk"),
                                    status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED])
    with transaction.atomic():
        return Message.objects.filter(received_at__lt=cutoff, payload__isnull=False) \
            .filter(~Exists(open_)).update(payload=None, payload_purged_at=now)


def failure_digest(*, since: dt.datetime | None = None, now: dt.datetime | None = None) -> int:
    """Daily email to each organisation's exchange contact: its failed and dead deliveries and refusals."""
    now = now or timezone.now()
    since = since or now - dt.timedelta(days=1)
    sent = 0
    for conf in ExchangeSettings.objects.exclude(contact_email=""):
        failures = list(StatusEvent.objects.filter(at__gte=since, at__lt=now, status__in=["failed", "dead"])
                        .filter(Q(receiver_id=conf.organisation_id) | Q(message__sender_id=conf.organisation_id))
                        .select_related("message").order_by("at")[:200])
        refused = list(Message.objects.filter(sender_id=conf.organisation_id, status=MessageStatus.REFUSED,
                                              received_at__gte=since, received_at__lt=now)[:200])
        if not failures and not refused:
            continue
        lines = [_("Exchange failures in the last 24 hours:"), ""]
        lines += [f"{e.at:%Y-%m-%d %H:%M} {e.status} {e.message.type} {e.message.message_id}: {e.reason[:200]}"
                  for e in failures]
        lines += [f"{m.received_at:%Y-%m-%d %H:%M} refused {m.type} {m.message_id}: {m.status_reason[:200]}"
                  for m in refused]
        lines += ["", f"{settings.SITE_URL}/exchange/"]
        send_mail(_("Joopas exchange: %(n)d problem(s)") % {"n": len(failures) + len(refused)}, "\n".join(lines),
                  None, [conf.contact_email])
        sent += 1
    return sent


# --- network notifications ----------------------------------------------------------------------------

NETWORK_TYPES = {"curriculum_level": "CURRICULUM_LEVEL", "freedom_of_choice": "FREEDOM_OF_CHOICE",
                 "joo_agreement": "JOO_AGREEMENT"}
NETWORK_KINDS = {"network_created": "NETWORK_CREATED_NOTIFICATION"} | dict.fromkeys(
    ("network_updated", "validity_changed", "member_added", "member_changed", "member_removed"),
    "NETWORK_UPDATED_NOTIFICATION")


def _day_start(day: dt.date) -> str:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min)).isoformat()


def _day_end(day: dt.date) -> str:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59))).isoformat()


def _validity(start: dt.date, end: dt.date | None) -> dict[str, Any]:
    if end is None:
        return {"continuity": "INDEFINITELY", "start": _day_start(start)}
    return {"continuity": "FIXED", "start": _day_start(start), "end": _day_end(end)}


def network_payload(net: Any) -> dict[str, Any]:
    def tk(org_id: int) -> str:
        ref = get_by_id(org_id)
        return (ref.tk_code or ref.oid) if ref else str(org_id)

    periods = sorted(net.periods, key=lambda p: p.start)
    start = periods[0].start if periods else timezone.localdate()
    end = periods[-1].end if periods else None
    name = {k: v for k, v in {"fi": net.name_fi, "sv": net.name_sv, "en": net.name_en}.items() if v}
    return {"network": {
        "id": net.code, "name": {"values": name}, "networkType": NETWORK_TYPES.get(net.network_type, "CURRICULUM_LEVEL"),
        "published": True, "validity": _validity(start, end),
        "organisations": [{"organisationTkCode": tk(m.organisation_id), "isCoordinator": m.is_coordinator,
                           "validityInNetwork": _validity(m.valid_from, m.valid_until)} for m in net.members]}}


def network_changes_notify(*, limit: int = 200) -> int:
    """NETWORK_CREATED / NETWORK_UPDATED notifications from the networks change log (exactly once:
    the cursor moves in the same transaction as the notifications are written)."""
    from joopas.exchange.models import FeedCursor
    from joopas.networks import api as networks_api

    emitted = 0
    with transaction.atomic():
        cursor, _created = FeedCursor.objects.select_for_update().get_or_create(name="networks.changes")
        after = int(cursor.value or 0)
        changes = networks_api.changes_since(after, limit=limit)
        for change in changes:
            type_name = NETWORK_KINDS.get(change.kind)
            net = networks_api.get_network(change.network_id) if type_name else None
            if net is not None and type_name is not None:
                receivers = set(change.affected_organisation_ids) | {m.organisation_id for m in net.members}
                emit(sender_id=net.coordinating_organisation_id, type_name=type_name,
                     payload=network_payload(net), receivers=sorted(receivers),
                     reason=f"network change {change.id}: {change.kind}")
                emitted += 1
            after = change.id
        cursor.value = str(after)
        cursor.save(update_fields=["value"])
    return emitted
