"""`joopas deliver`: the push-delivery loop (ADR 0004).

Claim a batch of due deliveries (SKIP LOCKED, with a lease), cut it into chunks (one webhook POST or
one run of confirmed RabbitMQ publishes each) and record each chunk's outcome as soon as it is
known, in its own transaction. Sending is pipelined: a sender thread (network only, no database)
sends chunk k+1 while this thread records chunk k. A killed worker's unrecorded chunks are
reclaimed after the lease.

When idle the loop waits on PostgreSQL `LISTEN` (writers `NOTIFY` in the transaction that creates
due deliveries, so the wake-up comes at commit) and polls every `poll_seconds` as a fallback for
retries falling due and lost notifications. Other databases poll.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import signal
import socket
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

from joopas.exchange import selectors
from joopas.exchange.models import Channel, ExchangeSettings
from joopas.exchange.services import delivery
from joopas.exchange.services.delivery import Claimed, Result
from joopas.exchange.services.outbound import DUE_CHANNEL
from joopas.exchange.transports import Rabbit, Webhook

log = logging.getLogger("joopas.exchange.worker")

# Diagnostics: a file to append one JSON line per chunk (claim, send and record timestamps).
TRACE_ENV = "JOOPAS_DELIVER_TRACE"


@dataclass
class _Chunk:
    items: list[Claimed]
    send: Callable[[], list[str | None]]  # one outcome per item: None (delivered) or an error text


@dataclass
class DeliveryWorker:
    batch: int = 500
    lease_seconds: int = 60
    poll_seconds: float = 0.1
    rabbit_chunk: int = 250  # publishes whose confirms are awaited, then recorded, together
    pipeline: bool = True  # send the next chunk while recording the previous one
    listen: bool = True  # PostgreSQL: wake up on NOTIFY instead of waiting for the next poll
    name: str = field(default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}")
    stopping: bool = False
    webhook: Webhook = field(default_factory=lambda: Webhook(settings.EXCHANGE_WEBHOOK_TIMEOUT))
    rabbit: Rabbit = field(default_factory=lambda: Rabbit(settings.RABBITMQ_URL))
    _sender: ThreadPoolExecutor | None = field(default=None, repr=False)
    _listening_on: Any = field(default=None, repr=False)
    _trace: Any = field(default=None, repr=False)

    # --- one round ----------------------------------------------------------------------------------

    def run_once(self) -> int:
        t0 = time.time()
        claimed = delivery.claim_batch(worker=self.name, limit=self.batch, lease_seconds=self.lease_seconds)
        if not claimed:
            return 0
        t_claim = time.time()
        immediate, chunks = self._plan(claimed)
        if immediate:
            delivery.record_results(worker=self.name, results=immediate)
        if self.pipeline:
            self._run_pipelined(chunks, t0, t_claim)
        else:
            for chunk in chunks:
                outcomes = chunk.send()
                t_sent = time.time()
                self._record(chunk, outcomes)
                self._trace_chunk(chunk, t0, t_claim, t_sent)
        return len(claimed)

    def _run_pipelined(self, chunks: list[_Chunk], t0: float, t_claim: float) -> None:
        if self._sender is None:
            self._sender = ThreadPoolExecutor(max_workers=1, thread_name_prefix="deliver-send")
        sender = self._sender

        def timed(chunk: _Chunk) -> tuple[list[str | None], float]:
            outcomes = chunk.send()
            return outcomes, time.time()

        futures: list[Future[tuple[list[str | None], float]]] = [sender.submit(timed, c) for c in chunks]
        try:
            for chunk, fut in zip(chunks, futures, strict=True):
                outcomes, t_sent = fut.result()
                self._record(chunk, outcomes)
                self._trace_chunk(chunk, t0, t_claim, t_sent)
        finally:
            # A failed recording leaves the rest to the lease: nothing unsent goes out after we stop
            # waiting, and nothing sent is marked here without its outcome (it is retried).
            for fut in futures:
                fut.cancel()
            for fut in futures:
                if not fut.cancelled():
                    try:
                        fut.result()
                    except Exception:  # already reported by the round that failed
                        log.debug("send failed after the round stopped", exc_info=True)

    def _record(self, chunk: _Chunk, outcomes: list[str | None]) -> None:
        delivery.record_results(worker=self.name, results=[
            Result(c, err is None, err or "") for c, err in zip(chunk.items, outcomes, strict=True)])

    def _plan(self, claimed: list[Claimed]) -> tuple[list[Result], list[_Chunk]]:
        """Everything that needs the database is read here; the chunks' send functions only talk to the network."""
        msgs = selectors.out_rows(c.message_pk for c in claimed)
        confs = {c.organisation_id: c for c in
                 ExchangeSettings.objects.filter(organisation_id__in={c.receiver_id for c in claimed})}
        groups: dict[tuple[int, str], list[Claimed]] = defaultdict(list)
        for c in claimed:
            groups[(c.receiver_id, c.channel)].append(c)
        immediate: list[Result] = []
        chunks: list[_Chunk] = []
        oids: dict[int, str] = {}  # per round: organisation ids are not cached across rounds
        now = timezone.now()
        for (rid, channel), items in groups.items():
            conf = confs.get(rid)
            if channel == Channel.WEBHOOK:
                if conf is None or not conf.webhook_url:
                    immediate += [Result(c, False, "no webhook address in the receiver's settings")
                                  for c in items]
                    continue
                size = max(1, settings.EXCHANGE_WEBHOOK_BATCH)
                fresh = [c for c in items if c.attempts == 1]
                parts = [fresh[i:i + size] for i in range(0, len(fresh), size)]
                parts += [[c] for c in items if c.attempts > 1]  # retries alone: a bad one blocks nobody else
                signing = conf.signing_secrets(now)  # opened once per receiver and round
                for part in parts:
                    envs = [selectors.envelope_of(msgs[c.message_pk], rid, oids) for c in part]
                    chunks.append(_Chunk(part, self._webhook_send(conf.webhook_url, signing, envs)))
            elif channel == Channel.RABBITMQ:
                queue = settings.EXCHANGE_QUEUE_PREFIX + selectors.organisation_oid(rid, oids)
                size = max(1, self.rabbit_chunk)
                for i in range(0, len(items), size):
                    part = items[i:i + size]
                    envs = [selectors.envelope_of(msgs[c.message_pk], rid, oids) for c in part]
                    chunks.append(_Chunk(part, self._rabbit_send([(queue, e) for e in envs])))
            else:
                immediate += [Result(c, False, f"channel {channel} is not pushed") for c in items]
        return immediate, chunks

    def _webhook_send(self, url: str, secrets: list[str],
                      envs: list[dict[str, Any]]) -> Callable[[], list[str | None]]:
        def send() -> list[str | None]:
            err = self.webhook.send(url, secrets, envs)
            return [err] * len(envs)
        return send

    def _rabbit_send(self, items: list[tuple[str, dict[str, Any]]]) -> Callable[[], list[str | None]]:
        return lambda: self.rabbit.publish(items)

    def _trace_chunk(self, chunk: _Chunk, t0: float, t_claim: float, t_sent: float) -> None:
        if self._trace is None:
            return
        oldest = min(c.created_at for c in chunk.items).timestamp()
        self._trace.write(json.dumps({"pid": os.getpid(), "n": len(chunk.items), "oldest": oldest, "start": t0,
                                      "claimed": t_claim, "sent": t_sent, "recorded": time.time()}) + "\n")

    # --- the loop -------------------------------------------------------------------------------------

    def run_until_empty(self, limit: int = 1_000_000) -> int:
        done = 0
        while done < limit:
            n = self.run_once()
            if not n:
                break
            done += n
        return done

    def install_signal_handlers(self) -> None:
        def stop(signum: int, frame: Any) -> None:
            self.stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)

    def wait_for_work(self) -> None:
        """Sleep until a NOTIFY arrives (PostgreSQL) or `poll_seconds` pass."""
        if not self.listen or connection.vendor != "postgresql":
            time.sleep(self.poll_seconds)
            return
        try:
            pg = self._listener()
            for _note in pg.notifies(timeout=self.poll_seconds, stop_after=1):
                pass  # any backlog comes in the first batch: one wake-up covers all of it
        except Exception:
            log.warning("delivery worker %s: LISTEN failed, polling", self.name, exc_info=True)
            connection.close()
            self._listening_on = None
            time.sleep(self.poll_seconds)

    def _listener(self) -> Any:
        connection.ensure_connection()
        raw = connection.connection
        if self._listening_on is not raw:
            with connection.cursor() as cur:
                cur.execute(f"LISTEN {DUE_CHANNEL}")
            self._listening_on = raw
        return raw

    def run_forever(self) -> None:
        log.info("delivery worker %s started", self.name)
        path = os.environ.get(TRACE_ENV)
        if path:
            self._trace = open(path, "a", buffering=1)  # noqa: SIM115 — closed below
        gc.freeze()  # Django's start-up objects stay out of the collector's full passes
        while not self.stopping:
            try:
                n = self.run_once()
            except Exception:
                log.exception("delivery worker %s: round failed", self.name)
                connection.close()
                self._listening_on = None
                n = 0
            if not n:
                self.wait_for_work()
        if self._sender is not None:
            self._sender.shutdown(wait=True)
        if self._trace is not None:
            self._trace.close()
        self.webhook.close()
        self.rabbit.close()
