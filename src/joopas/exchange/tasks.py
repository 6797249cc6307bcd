"""Periodic exchange work: network notifications, the daily failure digest, payload retention."""

from __future__ import annotations

import datetime as dt

from joopas.core.jobs import periodic, task
from joopas.exchange import services


@task("exchange.network_changes")
def network_changes() -> None:
    services.network_changes_notify()


@task("exchange.failure_digest")
def failure_digest() -> None:
    services.failure_digest()


@task("exchange.purge_payloads")
def purge_payloads() -> None:
    services.purge_payloads()


periodic("exchange.network_changes", "exchange.network_changes", every=dt.timedelta(minutes=1))
periodic("exchange.failure_digest", "exchange.failure_digest", every=dt.timedelta(days=1), offset=dt.timedelta(hours=7))
periodic("exchange.purge_payloads", "exchange.purge_payloads", every=dt.timedelta(days=1),
         offset=dt.timedelta(hours=3, minutes=30))
