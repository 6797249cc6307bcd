"""`joopas demo` as a real process: it serves, and a SIGTERM stops its worker, scheduler and deliver loop too."""

from __future__ import annotations

import http.client
import os
import signal
import socket
from pathlib import Path

import pytest

from tests.integration.processes import spawn, stop, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            if f"\nPPid:\t{pid}\n" in status:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in state


def _healthy(port: int) -> bool:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        conn.request("GET", "/healthz")
        return conn.getresponse().status == 200
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_sigterm_stops_web_worker_scheduler_and_delivery(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    demo = spawn("demo", "--addr", f"127.0.0.1:{port}", log=tmp_path / "demo.log")
    children: set[int] = set()
    try:
        assert wait_for(lambda: _healthy(port), timeout=180, interval=0.5), (tmp_path / "demo.log").read_text()
        children = _children(demo.pid)
        assert len(children) == 3, (children, (tmp_path / "demo.log").read_text())  # worker, scheduler, deliver
        os.kill(demo.pid, signal.SIGTERM)
        assert demo.wait(timeout=30) == 0
        assert wait_for(lambda: not any(_alive(c) for c in children), timeout=15)
        assert not _healthy(port)
    finally:
        stop(demo)
        for child in children:  # a failing run leaves no orphans behind
            if _alive(child):
                os.kill(child, signal.SIGKILL)
