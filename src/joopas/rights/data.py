"""Frozen views of persons and study rights that other apps get from `rights.api`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class PersonRef:
    id: int
    organisation_id: int
    first_names: str
    last_name: str
    learner_oid: str
    hetu_masked: str
    student_number: str


@dataclass(frozen=True)
class StudyRightRef:
    id: int
    person_id: int
    organisation_id: int
    identifier: str
    kind: str
    status: str
    start_date: dt.date
    end_date: dt.date | None
    network_ids: frozenset[int]
    home_right_id: int | None = None  # a host right: the home right it was granted on (R-REG-7)
