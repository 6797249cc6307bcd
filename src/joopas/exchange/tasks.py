"""Periodic exchange work: the daily failure digest and payload retention (network notifications: networks/tasks.py)."""

from __future__ import annotations

import datetime as dt

from joopas.core.jobs import periodic, task
from joopas.exchange.services import maintenance


@task("exchange.failure_digest")
def failure_digest() -> None:
    maintenance.failure_digest()


@task("exchange.purge_payloads")
def purge_payloads() -> None:
    maintenance.purge_payloads()


periodic("exchange.failure_digest", "exchange.failure_digest", every=dt.timedelta(days=1), offset=dt.timedelta(hours=7))
periodic("exchange.purge_payloads", "exchange.purge_payloads", every=dt.timedelta(days=1),
         offset=dt.timedelta(hours=3, minutes=30))
