"""P1: enrolment burst — 64 clients register distinct students to a few popular realisations through the HTTP
API (`POST /api/v1/registrations`, the home institution's API key) on PostgreSQL, gunicorn serving
`joopas.config.wsgi` as docs/deploy.md deploys it (sync workers, 2 per core, `--preload`). Other settings to
compare: BENCH_GUNICORN_WORKERS, BENCH_GUNICORN_CLASS (sync | gthread), BENCH_GUNICORN_THREADS; the database:
BENCH_REGISTRATIONS_DB (dropped and made anew).

Every registration runs the whole service: R-REG-1 checks (network and memberships, eligible home right,
offering in the network, enrolment window, duplicates under a per-student lock), the host's identity (R-REG-6)
and provisional right (R-REG-2), history and audit rows, and the outbound CREATE_REGISTRATION_REQUEST with its
delivery to the host. After every fifth registration a client repeats the previous one (refused 409).

Reported: committed registrations per second, pgbench TPC-B TPS measured in the same run (same client count as
the runner's baseline) and their ratio (target ≥ 0.5), p50/p95/p99 latency (target p99 ≤ 250 ms), the server's
peak RSS (master + workers, sampled from /proc), and a check afterwards: every request answered 201 is in the
database exactly once with its outbound message and delivery; refused requests left nothing (counts equal).

Also reported, on the same server with the same 64 clients before the burst: the stack's ceiling, the
requests per second of `GET /api/v1/health`, which runs Django's middleware and the API router and nothing
else (no database, no authentication). No registration can be served faster than that, so its ratio to
pgbench bounds the ratio any registration code on this stack and machine can reach.
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
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import baseline

ROOT = Path(__file__).resolve().parent.parent
JOOPAS = str(ROOT / ".venv" / "bin" / "joopas")
DB_NAME = os.environ.get("BENCH_REGISTRATIONS_DB", "joopas_bench_registrations")
DATABASE_URL = f"postgres://{baseline.PG_USER}@{baseline.PG_HOST}:{baseline.PG_PORT}/{DB_NAME}"
CLIENTS = 64
REALISATIONS = 3
WORKERS = int(os.environ.get("BENCH_GUNICORN_WORKERS", str(2 * (os.cpu_count() or 2))))
# gunicorn's worker class and threads per worker (gthread), to compare settings for docs/deploy.md
WORKER_CLASS = os.environ.get("BENCH_GUNICORN_CLASS", "sync")
THREADS = int(os.environ.get("BENCH_GUNICORN_THREADS", "1"))
RATIO_TARGET, P99_TARGET_MS = 0.5, 250.0


def env() -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": DATABASE_URL, "JOOPAS_ALLOW_DEV_KEY": "1", "DB_CONN_MAX_AGE": "600",
            "DJANGO_SETTINGS_MODULE": "joopas.config.settings", "SECURE_COOKIES": "0", "SECURE_SSL_REDIRECT": "0"}


SETUP = """
import datetime as dt, json
from django.utils import timezone
from joopas.access.api import Role, create_api_key
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import UserFactory
from joopas.catalogue.tests.factories import make_realisation, make_unit
from joopas.core.clock import today
from joopas.networks.tests.factories import make_network, make_targeting
from joopas.organisations.tests.factories import OrganisationFactory
from joopas.rights import services as rs
from joopas.rights.tests.factories import officer, person_input

home, host = OrganisationFactory(tk_code="01901"), OrganisationFactory(tk_code="10076")
network = make_network(home, [host])
unit = make_unit(host)
now = timezone.now()
win = {"enrolment_start_date_time": (now - dt.timedelta(days=5)).isoformat(),
       "enrolment_end_date_time": (now + dt.timedelta(days=5)).isoformat()}
ends = (today() + dt.timedelta(days=90)).isoformat()
reals = [make_realisation(unit, start_date=today().isoformat(), end_date=ends, **win) for _ in range(%(reals)d)]
make_targeting(network, course_unit=unit)
clerk = officer(home)
rights = []
for i in range(%(students)d):
    person = rs.person_upsert(actor=clerk, organisation_id=home.pk, data=person_input())
    right = rs.home_right_create(actor=clerk, person_id=person.pk, identifier=f"BENCH-{i}",
                                 start_date=today() - dt.timedelta(days=30), end_date=today() + dt.timedelta(days=900))
    rs.eligibility_set(actor=clerk, right_id=right.pk, network_ids=[network.pk])
    rights.append(right.identifier)
main = UserFactory()
grant(main, home, Role.MAIN_USER)
_c, key = create_api_key(actor=main, organisation_id=home.pk, name="bench")
print(json.dumps({"key": key, "host": host.oid, "network": network.code, "rights": rights,
                  "realisations": [r.external_id for r in reals]}))
"""

VERIFY = """
import json
from joopas.exchange.models import Delivery, Message
from joopas.registrations.models import Registration, Selection
from joopas.rights.models import StudyRight
accepted = json.loads(open(%(path)r).read())
regs = list(Registration.objects.values_list("request_id", flat=True))
ids = [str(r) for r in regs]
msgs = Message.objects.filter(type="CREATE_REGISTRATION_REQUEST", inbound=False)
mids = [str(m) for m in msgs.values_list("message_id", flat=True)]
print(json.dumps({
  "accepted": len(accepted), "registrations": len(regs), "distinct": len(set(ids)),
  "accepted_in_db_once": sum(1 for a in accepted if ids.count(a) == 1),
  "with_outbound_message": sum(1 for a in accepted if a in set(mids)),
  "outbound_messages": len(mids),
  "deliveries_to_host": Delivery.objects.filter(message__in=msgs).count(),
  "selections": Selection.objects.count(),
  "provisional_rights": StudyRight.objects.filter(kind="host_provisional").count(),
}))
"""


def _shell(script: str) -> dict[str, Any]:
    out = subprocess.run([JOOPAS, "shell", "-c", script], env=env(), cwd=ROOT, check=True, capture_output=True,
                         text=True).stdout
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def _fresh_database() -> None:
    subprocess.run(baseline._pg("dropdb", "--if-exists", DB_NAME), check=True, capture_output=True)
    subprocess.run(baseline._pg("createdb", DB_NAME), check=True, capture_output=True)
    subprocess.run([JOOPAS, "migrate", "--noinput", "-v", "0"], check=True, env=env(), cwd=ROOT)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _server(port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "joopas.config.wsgi", "-w", str(WORKERS), "-k", WORKER_CLASS,
         *(["--threads", str(THREADS)] if WORKER_CLASS == "gthread" else []),
         "-b", f"127.0.0.1:{port}", "--log-level", "warning", "--preload"],
        env=env(), cwd=ROOT, start_new_session=True)
    deadline = time.time() + 60
    while True:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            c.request("GET", "/api/v1/health")
            if c.getresponse().status == 200:
                return server
        except OSError:
            if time.time() > deadline:
                raise
            time.sleep(0.5)


def _rss_kb(pid: int) -> int:
    """Resident memory of the server: the process and its children (the workers), from /proc."""
    total = 0
    for p in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def _children(pid: int) -> list[int]:
    try:
        return [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _percentiles(samples: list[float]) -> dict[str, float]:
    if len(samples) < 2:
        return {"p50_ms": 0.0, "p95_ms": 0.0, "p99_ms": 0.0}
    q = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50_ms": round(q[49] * 1000, 1), "p95_ms": round(q[94] * 1000, 1), "p99_ms": round(q[98] * 1000, 1)}


def _together(client: Callable[[int], None], *, stop: threading.Event | None = None, after: float = 0.0) -> float:
    """Run `client(i)` for i < CLIENTS in threads that start at the same moment; the seconds until all are done.
    With `stop`: set it `after` seconds from the start."""
    barrier = threading.Barrier(CLIENTS + 1)

    def run(i: int) -> None:
        barrier.wait()
        client(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    barrier.wait()
    t0 = time.perf_counter()
    if stop is not None:
        time.sleep(after)
        stop.set()
    for t in threads:
        t.join()
    return time.perf_counter() - t0


def _burst(port: int, world: dict[str, Any]) -> dict[str, Any]:
    """CLIENTS threads, each with its own keep-alive connection, register their share of the students (each
    student once, to one of the popular realisations); after every fifth the client repeats the previous one."""
    rights, reals = world["rights"], world["realisations"]
    headers = {"Authorization": f"Bearer {world['key']}", "Content-Type": "application/json"}
    latencies: list[list[float]] = [[] for _ in range(CLIENTS)]
    accepted: list[list[str]] = [[] for _ in range(CLIENTS)]
    statuses: list[dict[int, int]] = [{} for _ in range(CLIENTS)]

    def body(i: int, ident: str, real: str) -> bytes:
        return json.dumps({"host": world["host"], "network": world["network"], "study_right": ident,
                           "selections": [{"realisation": real}]}).encode()

    def client(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = rights[i::CLIENTS]
        previous = None
        for n, ident in enumerate(mine):
            plan = [(ident, reals[(i + n) % len(reals)])]
            if previous is not None and n % 5 == 4:
                plan.append(previous)  # a duplicate: refused, must leave nothing
            for who, real in plan:
                t0 = time.perf_counter()
                conn.request("POST", "/api/v1/registrations/", body=body(i, who, real), headers=headers)
                resp = conn.getresponse()
                data = resp.read()
                latencies[i].append(time.perf_counter() - t0)
                statuses[i][resp.status] = statuses[i].get(resp.status, 0) + 1
                if resp.status == 201:
                    accepted[i].append(json.loads(data)["request_id"])
            previous = (ident, reals[(i + n) % len(reals)])
        conn.close()

    seconds = _together(client)
    counts: dict[int, int] = {}
    for s in statuses:
        for k, v in s.items():
            counts[k] = counts.get(k, 0) + v
    return {"seconds": seconds, "latencies": [x for lat in latencies for x in lat],
            "accepted": [x for a in accepted for x in a], "statuses": counts}


def _ceiling(port: int, seconds: float = 8.0) -> dict[str, Any]:
    """CLIENTS threads, each with its own keep-alive connection, ask `GET /api/v1/health` for `seconds`."""
    counts = [0] * CLIENTS
    latencies: list[list[float]] = [[] for _ in range(CLIENTS)]
    stop = threading.Event()

    def client(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while not stop.is_set():
            t0 = time.perf_counter()
            conn.request("GET", "/api/v1/health")
            resp = conn.getresponse()
            resp.read()
            latencies[i].append(time.perf_counter() - t0)
            counts[i] += resp.status == 200
        conn.close()

    elapsed = _together(client, stop=stop, after=seconds)
    return {"endpoint": "GET /api/v1/health", "per_second": round(sum(counts) / elapsed, 1),
            **_percentiles([x for lat in latencies for x in lat])}


def run(args: argparse.Namespace) -> dict[str, Any]:
    students = CLIENTS * (6 if args.quick else 30)
    pg = {r.mode: r for r in baseline.run_pgbench(clients=args.clients, seconds=args.baseline_seconds)}
    tpcb = pg["tpcb-like"].tps
    print(f"  pgbench tpcb-like {tpcb:.0f} tps ({args.clients} clients); setting up {students} students…", flush=True)
    _fresh_database()
    world = _shell(SETUP % {"students": students, "reals": REALISATIONS})
    port = _free_port()
    server = _server(port)
    peak = [_rss_kb(server.pid)]
    sampling = threading.Event()

    def sample() -> None:
        while not sampling.is_set():
            peak.append(_rss_kb(server.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        ceiling = _ceiling(port)
        burst = _burst(port, world)
    finally:
        sampling.set()
        sampler.join()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
    path = ROOT / "bench" / "results" / "registrations_accepted.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(burst["accepted"]))
    check = _shell(VERIFY % {"path": str(path)})
    rate = len(burst["accepted"]) / burst["seconds"]
    lat = _percentiles(burst["latencies"])
    ok_check = (check["accepted_in_db_once"] == check["accepted"] == check["registrations"] == check["distinct"]
                == check["with_outbound_message"] == check["outbound_messages"] == check["deliveries_to_host"]
                == check["selections"] == check["provisional_rights"])
    return {
        "clients": CLIENTS, "students": students, "realisations": REALISATIONS,
        "server": f"gunicorn -w {WORKERS} -k {WORKER_CLASS}"
                  + (f" --threads {THREADS}" if WORKER_CLASS == "gthread" else "") + " --preload", "cpus": os.cpu_count(),
        "requests": len(burst["latencies"]), "statuses": {str(k): v for k, v in sorted(burst["statuses"].items())},
        "seconds": round(burst["seconds"], 2), "committed_per_second": round(rate, 1),
        "pgbench_tpcb_tps": round(tpcb, 1), "ratio": round(rate / tpcb, 3), "ratio_target": RATIO_TARGET,
        **lat, "p99_target_ms": P99_TARGET_MS, "peak_rss_mb": round(max(peak) / 1024, 1),
        "check": check, "check_ok": ok_check,
        "stack_ceiling": {**ceiling, "ratio_to_pgbench": round(ceiling["per_second"] / tpcb, 3)},
        "meets_targets": rate / tpcb >= RATIO_TARGET and lat["p99_ms"] <= P99_TARGET_MS and ok_check,
    }
