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


@dataclass(frozen=True)
class GrantedStudyRef:
    entity_kind: str  # course_unit | study_module
    entity_id: int


@dataclass(frozen=True)
class JooRightRef:
    """A JOO study right at the host (R-JOO-3..6) with what its identity management needs (R-JOO-6)."""

    id: int
    identifier: str
    host_organisation_id: int
    home_organisation_id: int
    host_person_id: int
    home_right_id: int | None
    first_names: str
    last_name: str
    learner_oid: str
    email: str
    host_student_number: str
    start_date: dt.date
    end_date: dt.date | None
    status: str
    end_reason: str
    granted: tuple[GrantedStudyRef, ...]

    def in_force_on(self, day: dt.date) -> bool:
        return self.status == "active" and self.start_date <= day and (self.end_date is None or day <= self.end_date)
