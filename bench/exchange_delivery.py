"""P3: exchange delivery from commit to receiver — loopback webhook and RabbitMQ, beside raw pika.

A producer commits notification messages (message + status row + delivery, in batches) at a fixed
rate while `joopas deliver` processes push them: to a loopback webhook receiver (signature checked,
deduplicated on message_id) and to the receiver's durable RabbitMQ queue (persistent, confirmed).
Figures: messages/s over the run, p50/p95/p99/max commit→delivery (delivery row's created_at → the
worker's recorded delivery, which is after the receiver's 2xx or the broker's confirm), duplicates,
and a raw pika publish rate (persistent, pipelined confirms) measured in the same run.

Production starts once the deliver processes have connected to the database (they run continuously
in production; their start-up is not delivery latency); `BENCH_EXCHANGE_WAIT_READY=0` produces while
they start, as the first version of this benchmark did. The deliver processes are woken by NOTIFY
(the producer notifies in its transaction, as `create_deliveries` does) and poll every
`BENCH_EXCHANGE_POLL` (0.5) seconds as a fallback. `JOOPAS_DELIVER_TRACE=<file>` records per chunk
claim/send/record times.

Target: ≥ 2 000 messages/s on each channel and p95 ≤ 1 s.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

DB = "joopas_bench_exchange"
DB_URL = f"postgres://postgres@127.0.0.1:5432/{DB}"
ROOT = Path(__file__).resolve().parents[1]


def _setup() -> None:
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DB], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DB], check=True)
    os.environ["DATABASE_URL"] = DB_URL
    os.environ.setdefault("JOOPAS_ALLOW_DEV_KEY", "1")
    os.environ.setdefault("EXCHANGE_WEBHOOK_ALLOW_LOOPBACK", "1")  # the bench receiver listens on 127.0.0.1
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joopas.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def raw_pika_rate(n: int, window: int = 500) -> float:
    """Baseline: persistent messages to a durable queue with pipelined publisher confirms."""
    import pika

    from joopas.exchange.transports import Rabbit

    queue = f"bench.raw.{uuid.uuid4().hex[:8]}"
    rabbit = Rabbit(os.environ.get("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/%2F"))
    rabbit.connect()
    rabbit.channel.queue_declare(queue=queue, durable=True)
    body = b"x" * 600
    impl = rabbit.channel._impl
    start = time.perf_counter()
    for i in range(1, n + 1):
        impl.basic_publish("", queue, body, pika.BasicProperties(delivery_mode=2))
        if i % window == 0 or i == n:
            while len(rabbit.acked) + len(rabbit.nacked) < i:
                rabbit.conn.process_data_events(time_limit=0.002)  # type: ignore[union-attr]
    rate = n / (time.perf_counter() - start)
    rabbit.channel.queue_delete(queue=queue)
    rabbit.close()
    return rate


def _orgs() -> tuple[int, int, int]:
    from joopas.organisations.tests.factories import OrganisationFactory

    return OrganisationFactory(tk_code="01901").pk, OrganisationFactory(tk_code="10076").pk, \
        OrganisationFactory(tk_code="10122").pk


_PRODUCE_SQL = """
WITH m AS (
  INSERT INTO exchange_message (message_id, sender_id, type, schema_version, sent_at, received_at, inbound,
                                order_key, payload, status, status_reason, errors, response_status, response)
  SELECT gen_random_uuid(), %(sender)s, 'COURSEUNIT_UPDATED_NOTIFICATION', '1', now(), now(), false,
         'COURSE_UNIT:01901:B-' || g,
         jsonb_build_object('sendingOrganisationTkCode', '01901', 'timestamp', now(),
                            'updated', jsonb_build_array(jsonb_build_object(
                                'referenceIdentifier', 'B-' || g, 'referenceOrganizer', '01901',
                                'type', 'COURSE_UNIT'))),
         'validated', '', '[]'::jsonb, 202, '{}'::jsonb
  FROM generate_series(%(lo)s, %(hi)s) AS g
  RETURNING id, order_key
), e AS (
  INSERT INTO exchange_statusevent (message_id, status, reason, at) SELECT id, 'validated', '', now() FROM m
)
INSERT INTO exchange_delivery (message_id, receiver_id, channel, order_key, status, attempts, max_attempts,
                               next_attempt_at, worker, created_at, last_error)
SELECT id, %(receiver)s, %(channel)s, order_key, 'pending', 0, 10, now(), '', now(), '' FROM m
"""
# As outbound.create_deliveries does: wake the deliver loops at commit.
_NOTIFY_SQL = "SELECT pg_notify('joopas_exchange_due', '')"


def _produce(sender: int, receiver: int, channel: str, n: int, rate: float, batch: int = 250) -> float:
    """Commit `batch` messages (message + 'validated' status row + delivery) at a time, paced to `rate`.

    Written in SQL so that the producer is not what limits the run; `created_at` is the transaction's
    start, so the measured latency includes the commit itself.
    """
    from django.db import connection, transaction

    start = time.perf_counter()
    made = 0
    while made < n:
        k = min(batch, n - made)
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(_PRODUCE_SQL, {"sender": sender, "receiver": receiver, "channel": channel,
                                       "lo": made, "hi": made + k - 1})
            cur.execute(_NOTIFY_SQL)
        made += k
        ahead = made / rate - (time.perf_counter() - start)
        if ahead > 0:
            time.sleep(ahead)
    return time.perf_counter() - start


def _measure(receiver: int, n: int, timeout: float) -> dict[str, Any]:
    from joopas.exchange.models import Delivery

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if Delivery.objects.filter(receiver_id=receiver, status="delivered").count() >= n:
            break
        time.sleep(0.5)
    rows = list(Delivery.objects.filter(receiver_id=receiver).values_list("created_at", "delivered_at"))
    done = [(c, d) for c, d in rows if d is not None]
    lat = sorted((d - c).total_seconds() for c, d in done)
    first, last = min(c for c, _d in rows), max(d for _c, d in done)
    return {
        "messages": len(rows), "delivered": len(done),
        "messages_per_s": round(len(done) / (last - first).total_seconds(), 1),
        "p50_s": round(statistics.median(lat), 3), "p95_s": round(lat[int(len(lat) * 0.95) - 1], 3),
        "p99_s": round(lat[int(len(lat) * 0.99) - 1], 3),
        "max_s": round(lat[-1], 3),
    }


def _workers(n: int, log: Path) -> list[subprocess.Popen[bytes]]:
    env = {**os.environ, "DATABASE_URL": DB_URL, "JOOPAS_ALLOW_DEV_KEY": "1", "LOG_LEVEL": "WARNING",
           "EXCHANGE_WEBHOOK_BATCH": os.environ.get("EXCHANGE_WEBHOOK_BATCH", "250")}
    cmd = [sys.executable, "-m", "joopas.cli", "deliver", "--batch", os.environ.get("BENCH_EXCHANGE_BATCH", "1000"),
           "--poll", os.environ.get("BENCH_EXCHANGE_POLL", "0.5")]  # NOTIFY wakes the loops; polling is the fallback
    return [subprocess.Popen(cmd,
                             env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT) for _ in range(n)]


def _wait_ready(procs: list[subprocess.Popen[bytes]], timeout: float = 120) -> float:
    """Wait until every deliver process has connected to the database (its first claim, after start-up).

    The processes are long-running in production; their Python/Django start-up (several seconds on a
    busy machine) is not commit→delivery latency, so production starts once they are up.
    """
    from django.db import connection

    start = time.monotonic()
    if os.environ.get("BENCH_EXCHANGE_WAIT_READY", "1") == "0":  # the old way: produce while they start
        return 0.0
    while time.monotonic() - start < timeout:
        if any(p.poll() is not None for p in procs):
            raise RuntimeError("a deliver process exited during start-up")
        with connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                        "AND pid <> pg_backend_pid() AND backend_type = 'client backend'")
            if cur.fetchone()[0] >= len(procs):
                return time.monotonic() - start
        time.sleep(0.1)
    raise RuntimeError("deliver processes did not start")


def _stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for p in procs:
        p.terminate()
    for p in procs:
        p.wait(timeout=30)


def run(args: Any) -> dict[str, Any]:
    n = 10_000 if getattr(args, "quick", False) else 100_000
    rate = float(os.environ.get("BENCH_EXCHANGE_RATE", "2500"))
    workers = int(os.environ.get("BENCH_EXCHANGE_WORKERS", "2"))
    _setup()
    from django.conf import settings

    from joopas.exchange.services import operations
    from joopas.exchange.testing import Receiver

    out: dict[str, Any] = {"messages_per_channel": n, "offered_rate_per_s": rate, "deliver_processes": workers,
                           "raw_pika_publish_per_s": round(raw_pika_rate(20_000), 1)}
    sender, web_rx, mq_rx = _orgs()
    log = ROOT / "bench" / "results" / "exchange_delivery.log"
    log.parent.mkdir(exist_ok=True)

    with Receiver() as rx:
        rx.secret = operations.ensure_settings(organisation_id=web_rx, channel="webhook",
                                             webhook_url=rx.url).webhook_secret
        procs = _workers(workers, log)
        try:
            out["workers_start_s"] = round(_wait_ready(procs), 1)
            produced = _produce(sender, web_rx, "webhook", n, rate)
            out["webhook"] = _measure(web_rx, n, timeout=600)
        finally:
            _stop(procs)
        out["webhook"].update({"produce_s": round(produced, 1), "received_unique": len(rx.copies),
                               "received_total": sum(rx.copies.values()), "bad_signatures": rx.bad_signatures})

    operations.ensure_settings(organisation_id=mq_rx, channel="rabbitmq")
    from joopas.organisations.api import get_by_id

    queue = settings.EXCHANGE_QUEUE_PREFIX + get_by_id(mq_rx).oid  # type: ignore[union-attr]
    import pika

    conn = pika.BlockingConnection(pika.URLParameters(settings.RABBITMQ_URL))
    conn.channel().queue_delete(queue=queue)  # start empty, as the raw pika queue does (a run cut short leaves it)
    conn.close()
    procs = _workers(workers, log)
    try:
        _wait_ready(procs)
        produced = _produce(sender, mq_rx, "rabbitmq", n, rate)
        out["rabbitmq"] = _measure(mq_rx, n, timeout=600)
    finally:
        _stop(procs)
    conn = pika.BlockingConnection(pika.URLParameters(settings.RABBITMQ_URL))
    ch = conn.channel()
    out["rabbitmq"].update({"produce_s": round(produced, 1),
                            "in_queue": ch.queue_declare(queue=queue, durable=True, passive=True).method.message_count})
    ch.queue_delete(queue=queue)
    conn.close()
    out["rabbitmq_vs_raw_pika"] = round(out["rabbitmq"]["messages_per_s"] / out["raw_pika_publish_per_s"], 3)
    out["targets_met"] = all(out[c]["messages_per_s"] >= 2000 and out[c]["p95_s"] <= 1.0
                             for c in ("webhook", "rabbitmq"))
    return out
