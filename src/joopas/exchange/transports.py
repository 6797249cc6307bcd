"""Push channels: signed webhooks (httpx) and a durable RabbitMQ queue per organisation (pika).

No database access here: a transport takes envelopes and answers, per envelope, None (delivered) or
an error text. The delivery worker records the outcome.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from typing import Any

import httpx
import pika

from joopas.exchange import rules

log = logging.getLogger("joopas.exchange.transports")

SIGNATURE_HEADER = "X-Joopas-Signature"
TIMESTAMP_HEADER = "X-Joopas-Timestamp"


def webhook_body(envelopes: list[dict[str, Any]]) -> bytes:
    return json.dumps({"messages": envelopes}, separators=(",", ":"), ensure_ascii=False).encode()


class Webhook:
    """POST `{"messages": [envelope, …]}` signed with HMAC-SHA256 over `<timestamp>.<body>`."""

    def __init__(self, timeout: float = 10.0) -> None:
        self.client = httpx.Client(timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
                                   limits=httpx.Limits(max_keepalive_connections=20), follow_redirects=False)

    def send(self, url: str, secret: str, envelopes: list[dict[str, Any]]) -> str | None:
        body = webhook_body(envelopes)
        ts = int(time.time())
        headers = {"Content-Type": "application/json", TIMESTAMP_HEADER: str(ts),
                   SIGNATURE_HEADER: rules.signature(secret, ts, body), "User-Agent": "Joopas-exchange/1"}
        try:
            r = self.client.post(url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            return f"{type(exc).__name__}: {exc}"
        if 200 <= r.status_code < 300:
            return None
        return f"HTTP {r.status_code}: {r.text[:300]}"

    def close(self) -> None:
        self.client.close()


class Rabbit:
    """Persistent messages to a durable queue per organisation, with pipelined publisher confirms."""

    def __init__(self, url: str, *, confirm_timeout: float = 15.0) -> None:
        self.url = url
        self.confirm_timeout = confirm_timeout
        self.conn: pika.BlockingConnection | None = None
        self.channel: Any = None
        self.declared: set[str] = set()
        self.seq = 0
        self.acked: set[int] = set()
        self.nacked: set[int] = set()
        self.last_tag = 0
        self.fault: Callable[[int], None] | None = None  # tests: called after each publish

    def _on_confirm(self, frame: Any) -> None:
        m = frame.method
        tags = range(self.last_tag + 1, m.delivery_tag + 1) if m.multiple else [m.delivery_tag]
        target = self.acked if type(m).__name__ == "Ack" else self.nacked
        target.update(tags)
        self.last_tag = max(self.last_tag, m.delivery_tag)

    def connect(self) -> None:
        self.close()
        self.conn = pika.BlockingConnection(pika.URLParameters(self.url))
        self.channel = self.conn.channel()
        ready: list[bool] = []
        self.channel._impl.confirm_delivery(self._on_confirm, callback=lambda _f: ready.append(True))
        deadline = time.monotonic() + 10
        while not ready and time.monotonic() < deadline:
            self.conn.process_data_events(time_limit=0.01)
        self.declared, self.seq, self.last_tag = set(), 0, 0
        self.acked, self.nacked = set(), set()

    def publish(self, items: list[tuple[str, dict[str, Any]]]) -> list[str | None]:
        """items: (queue name, envelope). One result per item, in order."""
        results: list[str | None] = ["not published"] * len(items)
        try:
            if self.conn is None or self.conn.is_closed:
                self.connect()
            assert self.conn is not None
            for queue in {q for q, _e in items} - self.declared:
                self.channel.queue_declare(queue=queue, durable=True)
                self.declared.add(queue)
            tags: dict[int, int] = {}
            impl = self.channel._impl
            for i, (queue, env) in enumerate(items):
                body = json.dumps(env, separators=(",", ":"), ensure_ascii=False).encode()
                impl.basic_publish("", queue, body, pika.BasicProperties(
                    delivery_mode=2, content_type="application/json", message_id=env["message_id"],
                    type=env["type"], headers={"sender": env.get("sender", "")}))
                self.seq += 1
                tags[self.seq] = i
                if self.fault:
                    self.fault(i)
                if i % 200 == 199:
                    self.conn.process_data_events(time_limit=0)
            deadline = time.monotonic() + self.confirm_timeout
            while time.monotonic() < deadline and not all(t in self.acked or t in self.nacked for t in tags):
                self.conn.process_data_events(time_limit=0.002)
            for tag, i in tags.items():
                if tag in self.acked:
                    results[i] = None
                elif tag in self.nacked:
                    results[i] = "broker refused the message (nack)"
                else:
                    results[i] = "no publisher confirm within the timeout"
            self.acked -= set(tags)
            self.nacked -= set(tags)
            if any(r is not None for r in results):
                self.close()  # a silent broker or a dead socket: start the next batch on a new connection
        except Exception as exc:  # connection lost mid-batch: unconfirmed messages are retried
            log.warning("rabbitmq publish failed: %s", exc)
            error = f"{type(exc).__name__}: {exc}"
            results = [None if r is None else error for r in results]
            self.close()
        return results

    def close(self) -> None:
        if self.conn is not None:
            try:
                if self.conn.is_open:
                    self.conn.close()
            except Exception:  # already broken
                log.debug("rabbitmq close failed", exc_info=True)
        self.conn = None
        self.channel = None
