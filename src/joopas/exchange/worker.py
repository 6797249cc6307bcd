"""`joopas deliver`: the push-delivery loop (ADR 0004).

Claim a batch of due deliveries (SKIP LOCKED, with a lease), send them by each receiver's channel,
record the outcomes in one transaction. A killed worker's batch is reclaimed after the lease.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection

from joopas.exchange import selectors, services
from joopas.exchange.models import Channel, ExchangeSettings, Message
from joopas.exchange.transports import Rabbit, Webhook

log = logging.getLogger("joopas.exchange.worker")


@dataclass
class DeliveryWorker:
    batch: int = 500
    lease_seconds: int = 60
    poll_seconds: float = 0.1
    name: str = field(default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}")
    stopping: bool = False
    webhook: Webhook = field(default_factory=lambda: Webhook(settings.EXCHANGE_WEBHOOK_TIMEOUT))
    rabbit: Rabbit = field(default_factory=lambda: Rabbit(settings.RABBITMQ_URL))

    def run_once(self) -> int:
        claimed = services.claim_batch(worker=self.name, limit=self.batch, lease_seconds=self.lease_seconds)
        if not claimed:
            return 0
        msgs = {m.pk: m for m in Message.objects.filter(pk__in={c.message_pk for c in claimed})
                .select_related("in_reply_to")}
        confs = {c.organisation_id: c for c in
                 ExchangeSettings.objects.filter(organisation_id__in={c.receiver_id for c in claimed})}
        groups: dict[tuple[int, str], list[services.Claimed]] = defaultdict(list)
        for c in claimed:
            groups[(c.receiver_id, c.channel)].append(c)
        results: list[services.Result] = []
        oids: dict[int, str] = {}  # per round: organisation ids are not cached across rounds
        rabbit_items: list[tuple[services.Claimed, str, dict[str, Any]]] = []
        for (rid, channel), items in groups.items():
            conf = confs.get(rid)
            if channel == Channel.WEBHOOK:
                if conf is None or not conf.webhook_url:
                    results += [services.Result(c, False, "no webhook address in the receiver's settings")
                                for c in items]
                    continue
                fresh = [c for c in items if c.attempts == 1]
                chunks = [fresh[i:i + settings.EXCHANGE_WEBHOOK_BATCH]
                          for i in range(0, len(fresh), settings.EXCHANGE_WEBHOOK_BATCH)]
                chunks += [[c] for c in items if c.attempts > 1]  # retries alone: a bad one blocks nobody else
                for chunk in chunks:
                    err = self.webhook.send(conf.webhook_url, conf.webhook_secret,
                                            [selectors.envelope_out(msgs[c.message_pk], rid, oids) for c in chunk])
                    results += [services.Result(c, err is None, err or "") for c in chunk]
            elif channel == Channel.RABBITMQ:
                queue = settings.EXCHANGE_QUEUE_PREFIX + selectors.organisation_oid(rid, oids)
                rabbit_items += [(c, queue, selectors.envelope_out(msgs[c.message_pk], rid, oids)) for c in items]
            else:
                results += [services.Result(c, False, f"channel {channel} is not pushed") for c in items]
        if rabbit_items:
            outcomes = self.rabbit.publish([(q, e) for _c, q, e in rabbit_items])
            results += [services.Result(c, err is None, err or "") for (c, _q, _e), err in zip(rabbit_items, outcomes,
                                                                                                strict=True)]
        services.record_results(worker=self.name, results=results)
        return len(claimed)

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

    def run_forever(self) -> None:
        log.info("delivery worker %s started", self.name)
        while not self.stopping:
            try:
                n = self.run_once()
            except Exception:
                log.exception("delivery worker %s: round failed", self.name)
                connection.close()
                n = 0
            if not n:
                time.sleep(self.poll_seconds)
        self.webhook.close()
        self.rabbit.close()
