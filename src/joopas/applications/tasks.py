"""Periodic work of JOO applications: supplement reminders (R-JOO-2)."""

from __future__ import annotations

import datetime as dt

from joopas.applications import services
from joopas.core.jobs import periodic, task


@task("applications.remind_supplements")
def remind_supplements() -> None:
    services.remind_supplements()


periodic("applications.remind_supplements", "applications.remind_supplements", every=dt.timedelta(days=1),
         offset=dt.timedelta(hours=7))
