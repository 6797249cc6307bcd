"""Machine baselines measured in the same run as a benchmark, so results are reported as ratios.

`pgbench` TPC-B-like (read/write) and select-only runs against a scratch database on the local
PostgreSQL. Needs the `pgbench` and `createdb` client programs (Debian: postgresql-client / contrib).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import asdict, dataclass
from typing import Any

PG_HOST = os.environ.get("BENCH_PG_HOST", "127.0.0.1")
PG_PORT = os.environ.get("BENCH_PG_PORT", "5432")
PG_USER = os.environ.get("BENCH_PG_USER", "postgres")
SCRATCH_DB = os.environ.get("BENCH_PG_SCRATCH", "joopas_bench_pgbench")


@dataclass(frozen=True)
class PgbenchResult:
    mode: str
    clients: int
    seconds: int
    tps: float
    latency_ms: float


def _pg(*args: str) -> list[str]:
    return [*args, "-h", PG_HOST, "-p", PG_PORT, "-U", PG_USER]


def pgbench_available() -> bool:
    return shutil.which("pgbench") is not None


def _parse(output: str) -> tuple[float, float]:
    tps = re.search(r"tps = ([0-9.]+)", output)
    lat = re.search(r"latency average = ([0-9.]+) ms", output)
    if not tps or not lat:
        raise RuntimeError(f"unexpected pgbench output:\n{output}")
    return float(tps.group(1)), float(lat.group(1))


def run_pgbench(*, clients: int = 8, seconds: int = 10, scale: int = 10) -> list[PgbenchResult]:
    if not pgbench_available():
        raise RuntimeError("pgbench not found: apt-get install postgresql-contrib (or postgresql-client-15)")
    subprocess.run(_pg("dropdb", "--if-exists", SCRATCH_DB), check=True, capture_output=True)
    subprocess.run(_pg("createdb", SCRATCH_DB), check=True, capture_output=True)
    try:
        subprocess.run([*_pg("pgbench"), "-i", "-q", "-s", str(scale), SCRATCH_DB], check=True, capture_output=True)
        results = []
        for mode, extra in (("tpcb-like", []), ("select-only", ["-S"])):
            proc = subprocess.run([*_pg("pgbench"), *extra, "-c", str(clients), "-j", "2", "-T", str(seconds),
                                   SCRATCH_DB], check=True, capture_output=True, text=True)
            tps, lat = _parse(proc.stdout)
            results.append(PgbenchResult(mode, clients, seconds, tps, lat))
        return results
    finally:
        subprocess.run(_pg("dropdb", "--if-exists", SCRATCH_DB), capture_output=True)


def as_json(results: list[PgbenchResult]) -> list[dict[str, Any]]:
    return [asdict(r) for r in results]
