import datetime as dt
import random

from joopas.core import leases
from joopas.core.leases import Retry, RetryPolicy

NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)


def test_backoff_doubles_within_jitter_and_stops_at_cap() -> None:
    for attempt, full in [(1, 2.0), (2, 4.0), (3, 8.0), (20, 3600.0)]:
        value = leases.backoff_seconds(attempt, base=2.0)
        assert full / 2 <= value <= full


def test_backoff_extremes_of_the_jitter() -> None:
    class Fixed(random.Random):
        def __init__(self, r: float) -> None:
            super().__init__()
            self.r = r

        def random(self) -> float:
            return self.r

    assert leases.backoff_seconds(3, base=5.0, rng=Fixed(0.0)) == 10.0
    assert leases.backoff_seconds(3, base=5.0, rng=Fixed(1.0)) == 20.0


def test_policy_retries_until_the_limit_then_dead() -> None:
    policy = RetryPolicy(base=10.0)

    class Half(random.Random):
        def random(self) -> float:
            return 0.5

    assert policy.after_failure(attempts=1, max_attempts=3, now=NOW, rng=Half()) == \
        Retry(dead=False, retry_at=NOW + dt.timedelta(seconds=7.5))
    assert policy.after_failure(attempts=3, max_attempts=3, now=NOW) == Retry(dead=True, retry_at=None)
    assert policy.after_failure(attempts=4, max_attempts=3, now=NOW) == Retry(dead=True, retry_at=None)


def test_lease_until_adds_seconds() -> None:
    assert leases.lease_until(NOW, 60) == NOW + dt.timedelta(minutes=1)
