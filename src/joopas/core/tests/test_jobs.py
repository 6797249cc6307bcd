from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from joopas.core import jobs
from joopas.core.models import AuditEvent, Job, JobAttempt, PeriodicRun
from joopas.core.tests import probe_tasks  # noqa: F401 - registers the probe tasks

pytestmark = pytest.mark.django_db


def test_enqueued_job_is_invisible_until_its_transaction_commits() -> None:
    # The job row is written in the caller's transaction: a rolled-back change leaves no job.
    with pytest.raises(RuntimeError), transaction.atomic():
        jobs.enqueue("probe.noop")
        raise RuntimeError("roll back")
    assert Job.objects.count() == 0
    jobs.enqueue("probe.noop")
    assert Job.objects.filter(status=Job.Status.QUEUED).count() == 1


def test_worker_runs_a_job_and_its_effect_commits_with_the_done_mark() -> None:
    job = jobs.enqueue("probe.effect", args={"key": "a"})
    worker = jobs.Worker(name="w1")
    assert worker.run_until_empty() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.attempts == 1
    assert AuditEvent.objects.filter(event="probe.effect", subject_id="a").count() == 1
    assert list(JobAttempt.objects.filter(job=job).values_list("outcome", flat=True)) == ["done"]


def test_failure_retries_with_backoff_then_goes_dead_and_leaves_no_effect() -> None:
    job = jobs.enqueue("probe.fail", args={"key": "x"}, max_attempts=2)
    worker = jobs.Worker(name="w1")
    before = timezone.now()
    assert worker.run_once() is True
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED
    assert "RuntimeError: probe failure" in job.last_error
    assert job.run_at >= before + dt.timedelta(seconds=2.5)  # back-off 5 s with jitter in [2.5, 5]
    assert worker.run_once() is False  # not due yet
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=10), tick=False):
        assert worker.run_once() is True
    job.refresh_from_db()
    assert job.status == Job.Status.DEAD
    assert job.attempts == 2
    assert AuditEvent.objects.filter(event="probe.fail").count() == 0
    assert list(JobAttempt.objects.filter(job=job).values_list("outcome", flat=True)) == ["retry", "dead"]


def test_unknown_task_goes_dead_at_once() -> None:
    job = jobs.enqueue("no.such.task")
    jobs.Worker(name="w1").run_once()
    job.refresh_from_db()
    assert job.status == Job.Status.DEAD
    assert "unknown task" in job.last_error


def test_expired_lease_is_reclaimed_and_the_lost_attempt_recorded() -> None:
    job = jobs.enqueue("probe.effect", args={"key": "b"})
    first = jobs.Worker(name="w1", lease_seconds=30)
    claimed = first.claim()
    assert claimed is not None and claimed.pk == job.pk
    second = jobs.Worker(name="w2", lease_seconds=30)
    assert second.claim() is None  # lease still valid
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=31), tick=False):
        again = second.claim()
        assert again is not None and again.attempts == 2
        assert second.run(again) == "done"
    # The first worker comes back late: its result must not count.
    assert first.run(claimed) == "lost"
    assert AuditEvent.objects.filter(event="probe.effect", subject_id="b").count() == 1
    assert list(JobAttempt.objects.filter(job=job).values_list("worker", "outcome")) == [("w1", "lost"),
                                                                                         ("w2", "done")]


def test_backoff_grows_exponentially_within_jitter_and_cap() -> None:
    for attempt, full in [(1, 5.0), (2, 10.0), (3, 20.0), (12, 3600.0)]:
        value = jobs.backoff_seconds(attempt)
        assert full / 2 <= value <= full


def test_unique_key_enqueues_once() -> None:
    a = jobs.enqueue("probe.noop", unique_key="k1")
    b = jobs.enqueue("probe.noop", unique_key="k1")
    assert a.pk == b.pk
    assert Job.objects.count() == 1


def test_two_schedulers_fire_each_slot_once() -> None:
    s1, s2 = jobs.Scheduler(name="s1", lease_seconds=30), jobs.Scheduler(name="s2", lease_seconds=30)
    now = timezone.now()
    fired1 = s1.tick(now)
    assert "probe.tick" in fired1
    assert s2.tick(now) == []          # s1 holds the lease
    assert s1.tick(now) == []          # same slot: already fired
    assert PeriodicRun.objects.filter(name="probe.tick").count() == 1
    with time_machine.travel(now + dt.timedelta(seconds=31), tick=False):
        later = timezone.now()
        assert "probe.tick" in s2.tick(later)  # lease expired: s2 takes over
        assert s1.tick(later) == []
    runs = list(PeriodicRun.objects.filter(name="probe.tick").order_by("slot").values_list("fired_by", flat=True))
    assert runs == ["s1", "s2"]
    assert Job.objects.filter(task="probe.noop").count() == 2


def test_daily_periodic_slot_is_aligned_to_local_time() -> None:
    p = jobs.Periodic("x", "probe.noop", every=dt.timedelta(days=1), offset=dt.timedelta(hours=3))
    at = timezone.make_aware(dt.datetime(2026, 3, 10, 2, 59))
    assert timezone.localtime(p.slot(at)).replace(tzinfo=None) == dt.datetime(2026, 3, 9, 3, 0)
    at = timezone.make_aware(dt.datetime(2026, 3, 10, 3, 0))
    assert timezone.localtime(p.slot(at)).replace(tzinfo=None) == dt.datetime(2026, 3, 10, 3, 0)
