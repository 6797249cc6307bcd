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

from joopas.exchange import netguard, rules

log = logging.getLogger("joopas.exchange.transports")

SIGNATURE_HEADER = "X-Joopas-Signature"
TIMESTAMP_HEADER = "X-Joopas-Timestamp"


def webhook_body(envelopes: list[dict[str, Any]]) -> bytes:
    return json.dumps({"messages": envelopes}, separators=(",", ":"), ensure_ascii=False).encode()


class Webhook:
    """POST `{"messages": [envelope, …]}` signed with HMAC-SHA256 over `<timestamp>.<body>`.

    The address is resolved once per request and every resolved address checked (`netguard`); the
    request goes to the checked address, with the name kept in `Host` and in TLS SNI (and so in the
    certificate check), so a second resolution cannot lead elsewhere. Redirects are not followed. The
    outcome is a short generic reason: the receiver's answer body never reaches the sender.
    """

    def __init__(self, timeout: float = 10.0) -> None:
        self.client = httpx.Client(timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
                                   limits=httpx.Limits(max_keepalive_connections=20), follow_redirects=False,
                                   trust_env=False)

    def send(self, url: str, secrets: list[str], envelopes: list[dict[str, Any]]) -> str | None:
        """None when delivered, else a short reason. `secrets`: the current one first, then (during a
        rotation's overlap window) the previous one; the request carries one signature per secret."""
        try:
            target = netguard.resolve_url(url)
        except netguard.Refused as exc:
            return exc.reason
        body = webhook_body(envelopes)
        ts = int(time.time())
        parts = httpx.URL(url)
        host_header = target.host if parts.port is None else f"{target.host}:{parts.port}"
        if ":" in target.host and not target.host.startswith("["):
            host_header = f"[{target.host}]" + (f":{parts.port}" if parts.port is not None else "")
        headers = {"Content-Type": "application/json", TIMESTAMP_HEADER: str(ts), "Host": host_header,
                   SIGNATURE_HEADER: rules.signature_header(secrets, ts, body), "User-Agent": "Joopas-exchange/1"}
        pinned = parts.copy_with(host=target.address)
        extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
        try:
            request = self.client.build_request("POST", pinned, content=body, headers=headers,
                                                extensions=extensions)
            r = self.client.send(request)
        except httpx.HTTPError as exc:
            return _reason(exc)
        if 200 <= r.status_code < 300:
            return None
        return f"HTTP {r.status_code}"

    def close(self) -> None:
        self.client.close()


def _reason(exc: httpx.HTTPError) -> str:
    """A short generic reason for a failed request (nothing the receiver's side chose to say)."""
    text = str(exc).lower()
    if isinstance(exc, httpx.TimeoutException):
        return "timeout"
    if isinstance(exc, httpx.ConnectError):
        if "certificate" in text or "ssl" in text or "tls" in text:
            return "TLS error"
        if "refused" in text:
            return "connection refused"
        return "connection failed"
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
        return "connection closed"
    return "request failed"


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
