"""The push engine's database side (ADR 0004, R-EXC-3): claim due deliveries in batches under a lease
(`FOR UPDATE SKIP LOCKED`, per-student order kept), and record each batch's outcome.

Set-based SQL on the hot path (one statement per claim and per all-delivered chunk on PostgreSQL); every
status it writes is checked against `rules.DELIVERY_TRANSITIONS`. The lease and back-off arithmetic is
`core.leases` (`rules.retry_policy`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from joopas.core.leases import lease_until as lease_end
from joopas.exchange import rules
from joopas.exchange.models import Channel, Delivery, DeliveryAttempt, DeliveryStatus, StatusEvent

_OPEN = (DeliveryStatus.PENDING, DeliveryStatus.FAILED)



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
        Delivery.objects.filter(pk__in=ids).update(attempts=F("attempts") + 1, worker=worker,
                                                   lease_until=lease_end(now, lease_seconds))
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
                                 "worker": worker, "lease": lease_end(now, lease_seconds)})
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
        for open_status in _OPEN:  # the statement below moves open rows only, along the table
            rules.check_delivery_transition(open_status, DeliveryStatus.DELIVERED)
        return {"delivered": _record_delivered_pg(worker, results, now), "failed": 0, "dead": 0}
    counts = {"delivered": 0, "failed": 0, "dead": 0}
    policy = rules.retry_policy(settings.EXCHANGE_RETRY_BASE_SECONDS)
    with transaction.atomic():
        mine = {(pk, attempts): (max_attempts, msg_id, status) for pk, attempts, max_attempts, msg_id, status in
                Delivery.objects.select_for_update().filter(
                    pk__in=[r.claimed.id for r in results], worker=worker,
                    status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED])
                .values_list("pk", "attempts", "max_attempts", "message_id", "status")}
        attempts: list[tuple[Any, ...]] = []
        events: list[tuple[Any, ...]] = []
        ok_ids: list[int] = []
        for r in results:
            c = r.claimed
            key = (c.id, c.attempts)
            if key not in mine:
                continue
            max_attempts, msg_id, status = mine[key]
            if r.ok:
                rules.check_delivery_transition(status, DeliveryStatus.DELIVERED)
                ok_ids.append(c.id)
                outcome = "delivered"
            else:  # R-EXC-3: retry after a back-off, or dead after the receiver's attempt limit
                retry = policy.after_failure(attempts=c.attempts, max_attempts=max_attempts, now=now)
                outcome = "dead" if retry.dead else "failed"
                rules.check_delivery_transition(status, outcome)
                Delivery.objects.filter(pk=c.id).update(
                    status=outcome, lease_until=None, last_error=r.error[:4000], next_attempt_at=retry.retry_at or now)
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
