"""A loopback webhook receiver for tests, the demo walk-through and the benchmark.

It verifies signatures and timestamps, deduplicates on message_id, and can be told to fail.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from joopas.exchange import rules
from joopas.exchange.transports import SIGNATURE_HEADER, TIMESTAMP_HEADER


class Receiver:
    def __init__(self, secret: str = "", *, fail_first: int = 0, always_fail: bool = False) -> None:
        self.secret = secret
        self.fail_first = fail_first  # answer 500 to this many requests, then recover
        self.always_fail = always_fail
        self.body = b""  # what a failing answer says (the sender must never see it)
        self.requests = 0
        self.copies: Counter[str] = Counter()  # message_id → times received
        self.order: list[str] = []  # first arrivals, in order
        self.arrived_at: dict[str, float] = {}
        self.bad_signatures = 0
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                status = receiver.handle(body, self.headers.get(TIMESTAMP_HEADER, "0"),
                                         self.headers.get(SIGNATURE_HEADER, ""))
                answer = receiver.body if status >= 300 else b""
                self.send_response(status)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/joopas"

    def handle(self, body: bytes, ts: str, sig: str) -> int:
        with self.lock:
            self.requests += 1
            if self.always_fail or self.requests <= self.fail_first:
                return 500
            if self.secret and not rules.verify_signature(self.secret, int(ts or 0), body, sig,
                                                          now=int(time.time())):
                self.bad_signatures += 1
                return 401
            now = time.time()
            for env in json.loads(body)["messages"]:
                mid = env["message_id"]
                if mid not in self.copies:
                    self.order.append(mid)
                    self.arrived_at[mid] = now
                self.copies[mid] += 1
            return 200

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()
