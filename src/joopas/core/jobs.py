"""Durable background work: task registry, enqueue (outbox), worker and scheduler.

Why our own tables: the state stays queryable next to the domain data, a job is written in the
same transaction as the change that caused it (so it exists iff that change committed), and
PostgreSQL's `FOR UPDATE SKIP LOCKED` lets many workers share the table without a broker.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from joopas.core.leases import RetryPolicy, is_exhausted, lease_until
from joopas.core.models import Job, JobAttempt, PeriodicRun, SchedulerLease

log = logging.getLogger("joopas.jobs")

TaskFn = Callable[..., Any]


@dataclass(frozen=True)
class TaskSpec:
    name: str
    fn: TaskFn
    max_attempts: int | None = None
    queue: str = "default"


_TASKS: dict[str, TaskSpec] = {}


def task(name: str, *, max_attempts: int | None = None, queue: str = "default") -> Callable[[TaskFn], TaskFn]:
    """Register a task. Tasks are thin: they call a service by id (ARCHITECTURE: tasks.py)."""

    def decorator(fn: TaskFn) -> TaskFn:
        _TASKS[name] = TaskSpec(name, fn, max_attempts, queue)
        return fn

    return decorator


def registered_tasks() -> dict[str, TaskSpec]:
    return dict(_TASKS)


def discover() -> None:
    autodiscover_modules("tasks")


def enqueue(name: str, *, args: dict[str, Any] | None = None, run_at: dt.datetime | None = None,
            unique_key: str | None = None, max_attempts: int | None = None, priority: int = 0) -> Job:
    """Write a job row in the caller's transaction; the worker sees it only once that commits."""
    spec = _TASKS.get(name)
    fields = {
        "task": name,
        "args": args or {},
        "queue": spec.queue if spec else "default",
        "run_at": run_at or timezone.now(),
        "max_attempts": max_attempts or (spec.max_attempts if spec and spec.max_attempts else None)
        or settings.JOBS_MAX_ATTEMPTS,
        "priority": priority,
    }
    if unique_key is None:
        return Job.objects.create(**fields)
    try:
        with transaction.atomic():
            return Job.objects.create(unique_key=unique_key, **fields)
    except IntegrityError:
        return Job.objects.get(unique_key=unique_key)


RETRY = RetryPolicy(base=5.0, cap=3600.0)  # jobs: 5 s, 10 s, 20 s … capped at an hour


def backoff_seconds(attempt: int) -> float:
    """Exponential back-off with full jitter in [delay/2, delay] (core.leases)."""
    return RETRY.backoff_seconds(attempt)


class LeaseLost(Exception):
    """Another worker reclaimed the job after our lease ran out; our result must not count."""


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident() % 10000}"


@dataclass
class Worker:
    queues: tuple[str, ...] = ("default",)
    lease_seconds: int = field(default_factory=lambda: settings.JOBS_LEASE_SECONDS)
    poll_seconds: float = field(default_factory=lambda: settings.JOBS_POLL_SECONDS)
    name: str = field(default_factory=_worker_name)
    stopping: bool = False

    def claim(self) -> Job | None:
        now = timezone.now()
        with transaction.atomic():
            qs = Job.objects.filter(
                Q(status=Job.Status.QUEUED, run_at__lte=now) | Q(status=Job.Status.RUNNING, lease_until__lt=now),
                queue__in=self.queues,
            ).order_by("-priority", "run_at", "id")
            if connection.features.has_select_for_update_skip_locked:
                qs = qs.select_for_update(skip_locked=True)
            job = qs.first()
            if job is None:
                return None
            if job.status == Job.Status.RUNNING:  # the previous holder died (or hung) past its lease
                JobAttempt.objects.filter(job=job, number=job.attempts, outcome="").update(outcome="lost")
                if is_exhausted(job.attempts, job.max_attempts):
                    job.status = Job.Status.DEAD
                    job.last_error = "lease lost on the final attempt"
                    job.finished_at = now
                    job.save(update_fields=["status", "last_error", "finished_at"])
                    return None
            job.status = Job.Status.RUNNING
            job.attempts += 1
            job.lease_until = lease_until(now, self.lease_seconds)
            job.worker = self.name
            job.save(update_fields=["status", "attempts", "lease_until", "worker"])
            JobAttempt.objects.create(job=job, number=job.attempts, worker=self.name)
        return job

    def _mine(self, job: Job) -> Any:
        return Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, worker=self.name, attempts=job.attempts)

    def run(self, job: Job) -> str:
        spec = _TASKS.get(job.task)
        try:
            if spec is None:
                raise LookupError(f"unknown task {job.task!r}")
            # The task's writes and the "done" mark commit together or not at all.
            with transaction.atomic():
                spec.fn(**job.args)
                if self._mine(job).update(status=Job.Status.DONE, finished_at=timezone.now(),
                                          lease_until=None, last_error="") != 1:
                    raise LeaseLost
                JobAttempt.objects.filter(job=job, number=job.attempts).update(outcome="done")
            return "done"
        except LeaseLost:
            log.warning("job %s: lease lost, result discarded", job.pk)
            return "lost"
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"[:4000]
            retry = RETRY.after_failure(attempts=job.attempts, max_attempts=job.max_attempts, now=timezone.now())
            dead = retry.dead or spec is None
            outcome = "dead" if dead else "retry"
            with transaction.atomic():
                if dead:
                    self._mine(job).update(status=Job.Status.DEAD, last_error=error, lease_until=None,
                                           finished_at=timezone.now())
                else:
                    self._mine(job).update(status=Job.Status.QUEUED, last_error=error, lease_until=None,
                                           run_at=retry.retry_at)
                JobAttempt.objects.filter(job=job, number=job.attempts).update(outcome=outcome, error=error)
            log.warning("job %s %s failed (%s): %s", job.pk, job.task, outcome, error)
            return outcome

    def run_once(self) -> bool:
        job = self.claim()
        if job is None:
            return False
        self.run(job)
        return True

    def run_until_empty(self, limit: int = 10_000) -> int:
        done = 0
        while done < limit and self.run_once():
            done += 1
        return done

    def install_signal_handlers(self) -> None:
        def stop(signum: int, frame: Any) -> None:
            log.info("worker %s: stopping after the current job", self.name)
            self.stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)

    def run_forever(self) -> None:
        log.info("worker %s started on queues %s", self.name, ",".join(self.queues))
        while not self.stopping:
            try:
                worked = self.run_once()
            except Exception:  # database gone for a moment: log, wait, go on
                log.exception("worker %s: claim failed", self.name)
                connection.close()
                worked = False
            if not worked:
                time.sleep(self.poll_seconds)


# --- Scheduler ----------------------------------------------------------------

@dataclass(frozen=True)
class Periodic:
    name: str
    task: str
    every: dt.timedelta
    offset: dt.timedelta = dt.timedelta(0)  # e.g. daily at 03:00 local time: every=1 day, offset=3 h
    args: dict[str, Any] = field(default_factory=dict)

    def slot(self, now: dt.datetime) -> dt.datetime:
        """Start of the current slot, aligned in local time so daily jobs run at a local hour."""
        local = timezone.localtime(now).replace(tzinfo=None)
        epoch = dt.datetime(2000, 1, 1) + self.offset
        n = (local - epoch) // self.every
        start = epoch + n * self.every
        return timezone.make_aware(start)


_PERIODIC: dict[str, Periodic] = {}


def periodic(name: str, task_name: str, *, every: dt.timedelta, offset: dt.timedelta = dt.timedelta(0),
             args: dict[str, Any] | None = None) -> None:
    _PERIODIC[name] = Periodic(name, task_name, every, offset, args or {})


def registered_periodic() -> dict[str, Periodic]:
    return dict(_PERIODIC)


@dataclass
class Scheduler:
    lease_name: str = "default"
    lease_seconds: int = field(default_factory=lambda: settings.SCHEDULER_LEASE_SECONDS)
    name: str = field(default_factory=_worker_name)
    stopping: bool = False

    def acquire_lease(self) -> bool:
        now = timezone.now()
        try:
            with transaction.atomic():
                SchedulerLease.objects.get_or_create(name=self.lease_name,
                                                     defaults={"expires_at": now - dt.timedelta(seconds=1)})
        except IntegrityError:
            pass  # another scheduler created it at the same moment
        # A conditional UPDATE is atomic: of two schedulers racing for an expired lease one wins.
        won = SchedulerLease.objects.filter(name=self.lease_name).filter(
            Q(holder=self.name) | Q(expires_at__lt=now)
        ).update(holder=self.name, expires_at=lease_until(now, self.lease_seconds))
        return won == 1

    def tick(self, now: dt.datetime | None = None) -> list[str]:
        if not self.acquire_lease():
            return []
        now = now or timezone.now()
        fired = []
        for p in _PERIODIC.values():
            slot = p.slot(now)
            try:
                with transaction.atomic():
                    run = PeriodicRun.objects.create(name=p.name, slot=slot, fired_by=self.name)
                    run.job = enqueue(p.task, args=p.args, unique_key=f"periodic:{p.name}:{slot.isoformat()}")
                    run.save(update_fields=["job"])
                fired.append(p.name)
            except IntegrityError:
                continue  # this slot has fired already
        return fired

    def run_forever(self, interval: float = 1.0) -> None:
        log.info("scheduler %s started (%d periodic tasks)", self.name, len(_PERIODIC))
        while not self.stopping:
            try:
                for name in self.tick():
                    log.info("scheduler %s fired %s", self.name, name)
            except Exception:
                log.exception("scheduler %s: tick failed", self.name)
                connection.close()
            time.sleep(interval)

    def release(self) -> None:
        SchedulerLease.objects.filter(name=self.lease_name, holder=self.name).update(expires_at=timezone.now())
