"""Frozen views of JOO applications that other apps (reporting and billing, later) get from `applications.api`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class ApplicationRef:
    id: int
    number: str
    status: str
    home_organisation_id: int
    host_organisation_id: int
    home_person_id: int
    payment_committed: bool  # R-JOO-1: the home committed to pay for the granted studies (R-BIL-1)
    endorsed_on: dt.date | None
    joo_right_id: int | None
