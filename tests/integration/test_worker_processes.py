"""Real worker and scheduler processes: SIGKILL mid-job, and two schedulers side by side."""

from __future__ import annotations

import signal
import time

import pytest

from joopas.core import jobs
from joopas.core.models import AuditEvent, Job, JobAttempt, PeriodicRun
from joopas.core.tests import probe_tasks  # noqa: F401
from tests.integration.processes import spawn, stop, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PROBES = "joopas.core.tests.probe_tasks"


def test_job_killed_mid_way_completes_exactly_once_on_another_worker(tmp_path) -> None:
    job = jobs.enqueue("probe.effect", args={"key": "kill-me", "sleep": 30, "marker_dir": str(tmp_path)})
    first = spawn("worker", "--import", PROBES, "--lease", "2", "--poll", "0.1", log=tmp_path / "w1.log")
    try:
        assert wait_for(lambda: any(tmp_path.glob("kill-me.*.started")), timeout=60), \
            (tmp_path / "w1.log").read_text()
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        stop(first)
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING  # claimed, never finished
    assert AuditEvent.objects.filter(event="probe.effect").count() == 0  # its effect rolled back with it

    # The next worker must not sleep 30 s again: shorten the job, as an operator fixing it would.
    Job.objects.filter(pk=job.pk).update(args={"key": "kill-me", "sleep": 0, "marker_dir": str(tmp_path)})
    second = spawn("worker", "--import", PROBES, "--lease", "2", "--poll", "0.1", log=tmp_path / "w2.log")
    try:
        assert wait_for(lambda: Job.objects.get(pk=job.pk).status == Job.Status.DONE, timeout=60), \
            (tmp_path / "w2.log").read_text()
    finally:
        stop(second)
    assert AuditEvent.objects.filter(event="probe.effect", subject_id="kill-me").count() == 1
    assert list(JobAttempt.objects.filter(job=job).values_list("outcome", flat=True)) == ["lost", "done"]
    assert len(list(tmp_path.glob("kill-me.*.started"))) == 2  # ran twice, took effect once


def test_two_scheduler_processes_fire_each_slot_once_and_fail_over(tmp_path) -> None:
    args = ("scheduler", "--import", PROBES, "--interval", "0.2", "--lease", "2")
    a = spawn(*args, log=tmp_path / "a.log")
    b = spawn(*args, log=tmp_path / "b.log")
    try:
        assert wait_for(lambda: PeriodicRun.objects.filter(name="probe.tick").count() >= 4, timeout=60)
        holders = set(PeriodicRun.objects.filter(name="probe.tick").values_list("fired_by", flat=True))
        assert len(holders) == 1  # only the lease holder fires
        holder_pid = int(next(iter(holders)).split(":")[1])
        victim, survivor = (a, b) if a.pid == holder_pid else (b, a)
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=10)
        killed_at = time.time()
        assert wait_for(lambda: PeriodicRun.objects.filter(name="probe.tick", fired_by__contains=f":{survivor.pid}:")
                        .exists(), timeout=30)
        assert time.time() - killed_at < 15
    finally:
        stop(a)
        stop(b)
    slots = list(PeriodicRun.objects.filter(name="probe.tick").values_list("slot", flat=True))
    assert len(slots) == len(set(slots))
    keys = list(Job.objects.filter(task="probe.noop").values_list("unique_key", flat=True))
    assert len(keys) == len(slots) == len(set(keys))
