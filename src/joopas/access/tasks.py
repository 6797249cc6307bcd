"""Daily access-right housekeeping (R-ACC-1, R-ACC-3): expiry, reminders, lapsing invitations/applications."""

from __future__ import annotations

import datetime as dt

from joopas.access import services
from joopas.core.jobs import periodic, task


@task("access.expire_grants")
def expire_grants() -> None:
    services.grants_expire()


@task("access.send_grant_reminders")
def send_grant_reminders() -> None:
    services.grant_reminders_send()


@task("access.lapse_open_items")
def lapse_open_items() -> None:
    services.invitations_lapse()
    services.access_requests_lapse()


# Local time: expiry just after midnight, reminders in the morning.
periodic("access.expire_grants", "access.expire_grants", every=dt.timedelta(days=1), offset=dt.timedelta(minutes=5))
periodic("access.send_grant_reminders", "access.send_grant_reminders", every=dt.timedelta(days=1),
         offset=dt.timedelta(hours=7))
periodic("access.lapse_open_items", "access.lapse_open_items", every=dt.timedelta(days=1),
         offset=dt.timedelta(minutes=10))
