"""Tasks and a periodic entry used by the worker/scheduler process tests (imported with --import)."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

from joopas.core import audit
from joopas.core.jobs import periodic, task


@task("probe.effect", max_attempts=5)
def effect(key: str, sleep: float = 0.0, marker_dir: str = "") -> None:
    audit.record("probe.effect", subject=("probe", key))
    if marker_dir:
        (Path(marker_dir) / f"{key}.{os.getpid()}.started").write_text("started")
    time.sleep(sleep)


@task("probe.fail")
def fail(key: str) -> None:
    audit.record("probe.fail", subject=("probe", key))  # rolled back with the failure
    raise RuntimeError("probe failure")


@task("probe.noop")
def noop() -> None:
    return None


periodic("probe.tick", "probe.noop", every=dt.timedelta(seconds=1))
