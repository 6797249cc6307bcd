"""Benchmark runner: `python -m bench.run [NAME ...]` (default: every registered benchmark).

Each benchmark is a module `bench/<name>.py` with `run(args) -> dict`. The runner first records the
machine's pgbench baselines, then each benchmark's figures, and writes one JSON file per run to
`bench/results/` (not committed). Benchmarks report ratios against baselines from the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import platform
import sys
from pathlib import Path
from typing import Any

from bench import baseline

RESULTS = Path(__file__).resolve().parent / "results"
# module names under bench/, added as capabilities bring targets
BENCHMARKS: list[str] = ["catalogue_search", "catalogue_import", "exchange_delivery", "registrations_burst"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", help=f"benchmarks to run (default: {', '.join(BENCHMARKS) or 'none'})")
    parser.add_argument("--baseline-seconds", type=int, default=10)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--quick", action="store_true", help="smaller data sets, for a smoke run")
    args = parser.parse_args(argv)

    report: dict[str, Any] = {
        "started_at": dt.datetime.now(dt.UTC).isoformat(),
        "machine": {"python": sys.version.split()[0], "platform": platform.platform(), "cpus": os.cpu_count()},
    }
    print(f"pgbench baselines ({args.baseline_seconds}s each, {args.clients} clients)…", flush=True)
    pg = baseline.run_pgbench(clients=args.clients, seconds=args.baseline_seconds)
    report["baseline"] = {"pgbench": baseline.as_json(pg)}
    for r in pg:
        print(f"  pgbench {r.mode:12} {r.tps:10.0f} tps  {r.latency_ms:6.2f} ms", flush=True)

    for name in args.names or BENCHMARKS:
        module = importlib.import_module(f"bench.{name}")
        print(f"benchmark {name}…", flush=True)
        report[name] = module.run(args)
        print(json.dumps(report[name], indent=2), flush=True)

    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
