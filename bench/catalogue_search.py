"""P2: catalogue search (text + two filters) at 32 concurrent clients over HTTP against a real server.

On the bench database with 50 000 course units and 200 000 realisations (imported by the P4 path when
missing), gunicorn serves `joopas.config.wsgi` on a loopback port; 32 client threads with keep-alive
connections call `GET /api/v1/catalogue/search?q=tilastotieteen&language=fi&open=1` for a fixed time.
In the same run the very SQL statements that request executes (captured from Django) are issued
directly with psycopg by 32 threads with their own connections: once as Django sends them (literal SQL,
planned on every execution; the ratio's baseline) and once prepared by psycopg (for information). Reported: p50/p95/p99 latency of
both, throughput of both and the HTTP/psycopg throughput ratio. Targets: HTTP p95 ≤ 50 ms, ratio ≥ 40 %.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import threading
import time
from typing import Any

from bench import catalogue_data as data

CLIENTS = 32
PATH = "/api/v1/catalogue/search?q=tilastotieteen&language=fi&open=1"
P95_TARGET_MS = 50.0
RATIO_TARGET = 0.40


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _percentiles(samples: list[float]) -> dict[str, float]:
    if not samples:
        return {"p50_ms": 0.0, "p95_ms": 0.0, "p99_ms": 0.0}
    q = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50_ms": round(q[49] * 1000, 2), "p95_ms": round(q[94] * 1000, 2), "p99_ms": round(q[98] * 1000, 2)}


def _ensure_data(quick: bool) -> None:
    try:
        units = int(data.psql("SELECT count(*) FROM catalogue_courseunit") or 0)
    except subprocess.CalledProcessError:
        units = 0
    wanted = 5_000 if quick else 50_000
    if units < wanted:
        data.generate(units=wanted)
        data.fresh_database()
        data.import_file()
    data.psql("VACUUM ANALYZE")


def _captured_sql() -> list[str]:
    script = (
        "import json\n"
        "from django.db import connection\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        f"Client().get({PATH!r})\n"
        "with CaptureQueriesContext(connection) as c:\n"
        f"    r = Client().get({PATH!r})\n"
        "assert r.status_code == 200, r.content\n"
        "print(json.dumps({'total': r.json()['total'], 'sql': [q['sql'] for q in c.captured_queries]}))\n"
    )
    out = subprocess.run([data.JOOPAS, "shell", "-c", script], env=data.env(), cwd=data.ROOT, check=True,
                         capture_output=True, text=True).stdout
    found = json.loads(out.strip().splitlines()[-1])
    print(f"  query matches {found['total']} course units; {len(found['sql'])} SQL statements per request",
          flush=True)
    return [s for s in found["sql"] if not s.startswith(("SAVEPOINT", "RELEASE", "BEGIN", "COMMIT"))]


def _load(worker: Any, seconds: float) -> tuple[list[float], int]:
    """Run `worker(latencies, stop)` in CLIENTS threads for `seconds`; returns latencies and errors."""
    latencies: list[list[float]] = [[] for _ in range(CLIENTS)]
    errors = [0] * CLIENTS
    stop = threading.Event()

    def body(i: int) -> None:
        try:
            worker(latencies[i], stop)
        except Exception:
            errors[i] += 1

    threads = [threading.Thread(target=body, args=(i,)) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join()
    return [x for lat in latencies for x in lat], sum(errors)


def _http_worker(port: int) -> Any:
    def work(out: list[float], stop: threading.Event) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while not stop.is_set():
            t0 = time.perf_counter()
            conn.request("GET", PATH)
            resp = conn.getresponse()
            resp.read()
            if resp.status != 200:
                raise RuntimeError(f"HTTP {resp.status}")
            out.append(time.perf_counter() - t0)
            if resp.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.close()
    return work


def _psycopg_worker(statements: list[str], *, prepared: bool) -> Any:
    """`prepared=False` sends the statement as Django does (client-side binding: parsed and planned every
    time); `prepared=True` lets psycopg prepare it after a few runs (no planning)."""
    import psycopg

    def work(out: list[float], stop: threading.Event) -> None:
        with psycopg.connect(data.DATABASE_URL.replace("postgres://", "postgresql://"), autocommit=True) as conn:
            conn.prepare_threshold = 5 if prepared else None
            while not stop.is_set():
                t0 = time.perf_counter()
                with conn.cursor() as cur:
                    for sql in statements:
                        cur.execute(sql)
                        cur.fetchall()
                out.append(time.perf_counter() - t0)
    return work


def run(args: argparse.Namespace) -> dict[str, Any]:
    quick = getattr(args, "quick", False)
    seconds = 8.0 if quick else 20.0
    _ensure_data(quick)
    statements = _captured_sql()
    port = _free_port()
    server = subprocess.Popen(
        [str(data.ROOT / ".venv" / "bin" / "gunicorn"), "joopas.config.wsgi", "-w", "2", "-k", "gthread",
         "--threads", "8", "-b", f"127.0.0.1:{port}", "--keep-alive", "30", "--log-level", "warning",
         "--preload"],
        env={**data.env(), "JOOPAS_PRELOAD_LEMMAS": "1"}, cwd=data.ROOT, start_new_session=True)
    try:
        deadline = time.time() + 60
        while True:
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                c.request("GET", PATH)
                if c.getresponse().status == 200:
                    break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.5)
        print("  warming up…", flush=True)
        _load(_http_worker(port), 5.0)
        http_lat, http_err = _load(_http_worker(port), seconds)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    _load(_psycopg_worker(statements, prepared=False), 3.0)
    pg_lat, pg_err = _load(_psycopg_worker(statements, prepared=False), seconds)
    prep_lat, prep_err = _load(_psycopg_worker(statements, prepared=True), seconds)
    http_rps = len(http_lat) / seconds
    pg_rps = len(pg_lat) / seconds
    prep_rps = len(prep_lat) / seconds
    http_p = _percentiles(http_lat)
    return {
        "query": PATH, "clients": CLIENTS, "seconds": seconds, "sql_statements_per_request": len(statements),
        "http": {**http_p, "requests": len(http_lat), "rps": round(http_rps, 1), "errors": http_err},
        "psycopg": {**_percentiles(pg_lat), "requests": len(pg_lat), "rps": round(pg_rps, 1), "errors": pg_err},
        "psycopg_prepared": {**_percentiles(prep_lat), "requests": len(prep_lat), "rps": round(prep_rps, 1),
                             "errors": prep_err},
        "http_to_psycopg_ratio": round(http_rps / pg_rps, 3) if pg_rps else None,
        "http_to_prepared_psycopg_ratio": round(http_rps / prep_rps, 3) if prep_rps else None,
        "targets": {"p95_ms": P95_TARGET_MS, "ratio": RATIO_TARGET},
        "meets_p95": http_p["p95_ms"] <= P95_TARGET_MS,
        "meets_ratio": bool(pg_rps) and http_rps / pg_rps >= RATIO_TARGET,
    }
