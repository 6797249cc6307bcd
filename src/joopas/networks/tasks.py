"""Periodic networks work: the exchange notifications of network changes."""

from __future__ import annotations

import datetime as dt

from joopas.core.jobs import periodic, task
from joopas.networks import messages


# The task's name is kept from when it lived in the exchange: queued jobs and the scheduler's runs carry it.
@task("exchange.network_changes")
def network_changes() -> None:
    messages.network_changes_notify()


periodic("exchange.network_changes", "exchange.network_changes", every=dt.timedelta(minutes=1))
