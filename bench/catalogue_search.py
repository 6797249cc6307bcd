"""P2: catalogue search (text + two filters) at 32 concurrent clients over HTTP against a real server.

On the bench database with 50 000 course units and 200 000 realisations (imported by the P4 path when
missing), gunicorn serves `joopas.config.wsgi` on a loopback port as docs/deploy.md deploys it (sync
workers, 2 per core, `--preload`, the search cache in Redis); wrk (C, Debian package `wrk`) keeps 32
connections busy for a fixed time, so the load generator takes little of the machine's two cores:
  * `http`: `GET /api/v1/catalogue/search?q=tilastotieteen&language=fi&open=1` (a popular search: after
    the first miss, served from the search cache);
  * `http_varied_mix_cold_cache`: from an empty cache, random picks from ~3 000 distinct searches (topic
    words in fi/sv/en, inflected forms, ± language, ± open now, pages 1–3), so most are misses;
  * `http_no_cache`: the popular search with the cache switched off (every request queries PostgreSQL).
Each phase reports wrk's p50/p95/p99 and cache hits/misses from the X-Catalogue-Cache response header.
In the same run the very SQL statements that request executes (captured from Django) are issued
directly with psycopg by 32 threads with their own connections (same session settings as the service): once as Django sends them (literal SQL,
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
import urllib.parse
from typing import Any

from bench import catalogue_data as data

CLIENTS = 32
PATH = "/api/v1/catalogue/search?q=tilastotieteen&language=fi&open=1"
P95_TARGET_MS = 50.0
RATIO_TARGET = 0.40
WORKERS = int(os.environ.get("BENCH_GUNICORN_WORKERS", str(2 * (os.cpu_count() or 2))))
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/9")


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
    out = subprocess.run([data.JOOPAS, "shell", "-c", script], env={**data.env(), "CATALOGUE_SEARCH_CACHE_SECONDS": "0"},
                         cwd=data.ROOT, check=True,
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


def _mix() -> list[str]:
    """A varied query mix: topic words in fi/sv/en, base and inflected forms, with and without the language
    and open-now filters, pages 1–3 (about 3 000 distinct searches, so most are cache misses)."""
    words = [w for topic in data.TOPICS for w in topic] + ["tilastotieteen", "ohjelmoinnin", "tietokantojen",
                                                         "matematiikan", "fysiikan", "kemian", "biologian",
                                                         "kursernas", "programmeringen", "databases"]
    paths = []
    for w in dict.fromkeys(x.lower().split()[0] for x in words):
        for lang in ("", "fi", "sv", "en"):
            for open_ in ("", "1"):
                for page in (1, 2, 3):
                    qs = {"q": w, **({"language": lang} if lang else {}), **({"open": open_} if open_ else {}),
                          **({"page": str(page)} if page > 1 else {})}
                    paths.append("/api/v1/catalogue/search?" + urllib.parse.urlencode(qs))
    return paths


WRK_SCRIPT = """
local paths = {%(paths)s}
local threads = {}
hits, misses, bad = 0, 0, 0  -- globals: done() reads them with thread:get
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  math.randomseed(id * 7919)
end
function request()
  return wrk.format("GET", paths[math.random(#paths)])
end
function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
  if headers["X-Catalogue-Cache"] == "hit" then hits = hits + 1 else misses = misses + 1 end
end
function done(summary, latency, requests)
  local h, m, b = 0, 0, 0
  for _, t in ipairs(threads) do h = h + t:get("hits"); m = m + t:get("misses"); b = b + t:get("bad") end
  local e = summary.errors
  io.write(string.format('RESULT {"requests": %%d, "seconds": %%.3f, "p50_ms": %%.2f, "p95_ms": %%.2f, '
    .. '"p99_ms": %%.2f, "errors": %%d, "non_200": %%d, "cache_hits": %%d, "cache_misses": %%d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, e.connect + e.read + e.write + e.timeout, b, h, m))
end
"""


def _wrk(port: int, seconds: float, paths: list[str]) -> dict[str, Any]:
    """wrk with CLIENTS connections on 2 threads for `seconds`, each request a seeded random pick of `paths`."""
    import shutil
    import tempfile

    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("the P2 benchmark needs wrk (Debian: apt-get install wrk)")
    script = WRK_SCRIPT % {"paths": ", ".join(json.dumps(p) for p in paths)}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(script)
    try:
        out = subprocess.run([wrk, "-t2", f"-c{CLIENTS}", f"-d{int(seconds)}s", "--timeout", "30s", "-s", fh.name,
                              f"http://127.0.0.1:{port}/"], check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(fh.name)
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def _http_phase(port: int, seconds: float, paths: list[str] | None = None) -> dict[str, Any]:
    r = _wrk(port, seconds, paths or [PATH])
    total = r["cache_hits"] + r["cache_misses"]
    return {"p50_ms": r["p50_ms"], "p95_ms": r["p95_ms"], "p99_ms": r["p99_ms"], "requests": r["requests"],
            "rps": round(r["requests"] / r["seconds"], 1), "errors": r["errors"] + r["non_200"],
            "cache_hits": r["cache_hits"], "cache_misses": r["cache_misses"],
            "cache_hit_rate": round(r["cache_hits"] / total, 3) if total else None}


def _server(port: int, cache_seconds: int) -> subprocess.Popen[bytes]:
    """gunicorn as docs/deploy.md runs it: sync workers (2 per core; behind the deployment's buffering proxy),
    preloaded lemma dictionaries, the search cache in Redis (shared by the processes, so a write invalidates
    all of them)."""
    server = subprocess.Popen(
        [str(data.ROOT / ".venv" / "bin" / "gunicorn"), "joopas.config.wsgi", "-w", str(WORKERS), "-k", "sync",
         "-b", f"127.0.0.1:{port}", "--log-level", "warning", "--preload"],
        env={**data.env(), "JOOPAS_PRELOAD_LEMMAS": "1", "CACHE_URL": CACHE_URL, "SECURE_SSL_REDIRECT": "0",  # no proxy
             "CATALOGUE_SEARCH_CACHE_SECONDS": str(cache_seconds)}, cwd=data.ROOT, start_new_session=True)
    deadline = time.time() + 60
    while True:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            c.request("GET", "/api/v1/catalogue/search?q=warmup")
            if c.getresponse().status == 200:
                return server
        except OSError:
            if time.time() > deadline:
                raise
            time.sleep(0.5)


def _flush_cache() -> None:
    """Empty the bench's Redis database: the cold phases start without cached results."""
    import redis

    redis.Redis.from_url(CACHE_URL).flushdb()


def _psycopg_worker(statements: list[str], *, prepared: bool) -> Any:
    """`prepared=False` sends the statement as Django does (client-side binding: parsed and planned every
    time); `prepared=True` lets psycopg prepare it after a few runs (no planning)."""
    import psycopg

    def work(out: list[float], stop: threading.Event) -> None:
        # the server's session settings (serial plans, settings.DATABASES), so both sides run the same plan
        with psycopg.connect(data.DATABASE_URL.replace("postgres://", "postgresql://"), autocommit=True,
                             options="-c max_parallel_workers_per_gather=0") as conn:
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
    results: dict[str, Any] = {}
    for label, cache_seconds in (("cache", 30), ("no_cache", 0)):
        port = _free_port()
        _flush_cache()
        server = _server(port, cache_seconds)
        try:
            print(f"  [{label}] warming up…", flush=True)
            _wrk(port, 3.0, _mix())  # loads code paths; leaves other searches in the cache
            _flush_cache()
            if cache_seconds:
                print("  [cache] varied query mix from a cold cache…", flush=True)
                results["http_varied_mix_cold_cache"] = {**_http_phase(port, seconds, _mix()),
                                                         "distinct_searches": len(_mix())}
                _flush_cache()
            print(f"  [{label}] {PATH}…", flush=True)
            results[f"http_{label}"] = _http_phase(port, seconds)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    _load(_psycopg_worker(statements, prepared=False), 3.0)
    pg_lat, pg_err = _load(_psycopg_worker(statements, prepared=False), seconds)
    prep_lat, prep_err = _load(_psycopg_worker(statements, prepared=True), seconds)
    pg_rps = len(pg_lat) / seconds
    prep_rps = len(prep_lat) / seconds
    http = results["http_cache"]
    http_rps = http["rps"]
    return {
        "query": PATH, "clients": CLIENTS, "seconds": seconds, "sql_statements_per_request": len(statements),
        "server": f"gunicorn -w {WORKERS} -k sync --preload, cache {CACHE_URL}", "load_generator": "wrk -t2",
        "http": http,
        "http_varied_mix_cold_cache": results["http_varied_mix_cold_cache"],
        "http_no_cache": results["http_no_cache"],
        "psycopg": {**_percentiles(pg_lat), "requests": len(pg_lat), "rps": round(pg_rps, 1), "errors": pg_err},
        "psycopg_prepared": {**_percentiles(prep_lat), "requests": len(prep_lat), "rps": round(prep_rps, 1),
                             "errors": prep_err},
        "http_to_psycopg_ratio": round(http_rps / pg_rps, 3) if pg_rps else None,
        "http_to_prepared_psycopg_ratio": round(http_rps / prep_rps, 3) if prep_rps else None,
        "http_no_cache_to_psycopg_ratio": round(results["http_no_cache"]["rps"] / pg_rps, 3) if pg_rps else None,
        "targets": {"p95_ms": P95_TARGET_MS, "ratio": RATIO_TARGET},
        "meets_p95": http["p95_ms"] <= P95_TARGET_MS,
        "meets_ratio": bool(pg_rps) and http_rps / pg_rps >= RATIO_TARGET,
        "meets_p95_varied_mix": results["http_varied_mix_cold_cache"]["p95_ms"] <= P95_TARGET_MS,
        "meets_p95_no_cache": results["http_no_cache"]["p95_ms"] <= P95_TARGET_MS,
    }
