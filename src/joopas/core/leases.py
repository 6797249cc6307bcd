"""One lease / attempt / back-off mechanism for everything that retries: jobs and exchange deliveries.

A worker *leases* a row (claims it until `lease_until`); a row whose lease ran out is reclaimable.
After a failed attempt the row is retried after an exponential back-off with jitter, until its
attempt limit is reached, when it goes dead (a dead job, a dead letter). The SQL that claims rows
stays with each table (the delivery loop claims in batches in per-student order); the arithmetic and
the retry-or-dead decision live here, once.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass


def backoff_seconds(attempt: int, *, base: float, cap: float = 3600.0, rng: random.Random | None = None) -> float:
    """Exponential back-off with jitter in [delay/2, delay] after the n-th failed attempt (n ≥ 1)."""
    delay = min(cap, base * (2 ** max(0, attempt - 1)))
    r = (rng or random).random()
    return delay / 2 + r * delay / 2


def lease_until(now: dt.datetime, seconds: float) -> dt.datetime:
    """When a lease taken at `now` runs out."""
    return now + dt.timedelta(seconds=seconds)


@dataclass(frozen=True)
class Retry:
    """What happens after a failed attempt: `dead`, or try again at `retry_at`."""

    dead: bool
    retry_at: dt.datetime | None


@dataclass(frozen=True)
class RetryPolicy:
    base: float
    cap: float = 3600.0

    def backoff_seconds(self, attempt: int, rng: random.Random | None = None) -> float:
        return backoff_seconds(attempt, base=self.base, cap=self.cap, rng=rng)

    def after_failure(self, *, attempts: int, max_attempts: int, now: dt.datetime,
                      rng: random.Random | None = None) -> Retry:
        """`attempts` made so far (including the one that just failed)."""
        if is_exhausted(attempts, max_attempts):
            return Retry(dead=True, retry_at=None)
        return Retry(dead=False, retry_at=now + dt.timedelta(seconds=self.backoff_seconds(attempts, rng)))


def is_exhausted(attempts: int, max_attempts: int) -> bool:
    """After the attempt limit a row goes dead (the dead-letter list for deliveries)."""
    return attempts >= max_attempts
