"""Periodic work of registrations: R-REG-5 removal of provisional rights never accepted."""

from __future__ import annotations

import datetime as dt

from joopas.core.jobs import periodic, task
from joopas.registrations import services


@task("registrations.purge_provisional")
def purge_provisional() -> None:
    services.purge_provisional()


periodic("registrations.purge_provisional", "registrations.purge_provisional", every=dt.timedelta(days=1),
         offset=dt.timedelta(hours=2))
