"""What other apps get of the catalogue: frozen snapshots, never models."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class CourseUnitRef:
    id: int
    organisation_id: int
    study_element_id: str  # the institution's own identifier (RIPA studyElementId)
    code: str
    name_fi: str
    name_sv: str
    name_en: str
    credits_min: Decimal
    credits_max: Decimal
    teaching_languages: tuple[str, ...]
    assessment_scale: str
    status: str
    marketed: bool

    def name(self, lang: str = "fi") -> str:
        return getattr(self, f"name_{lang}", "") or self.name_fi or self.name_en or self.name_sv


@dataclass(frozen=True)
class StudyModuleRef:
    id: int
    organisation_id: int
    study_element_id: str
    code: str
    name_fi: str
    name_sv: str
    name_en: str
    credits_min: Decimal
    credits_max: Decimal
    status: str
    parent_study_element_id: str | None

    def name(self, lang: str = "fi") -> str:
        return getattr(self, f"name_{lang}", "") or self.name_fi or self.name_en or self.name_sv


@dataclass(frozen=True)
class RealisationRef:
    id: int
    organisation_id: int
    realisation_id: str  # the institution's own identifier (RIPA realisationId)
    code: str
    course_unit_id: int
    study_element_id: str  # of its course unit
    name_fi: str
    name_sv: str
    name_en: str
    start_date: dt.date
    end_date: dt.date
    enrolment_start: dt.datetime
    enrolment_end: dt.datetime
    teaching_mode: str
    teaching_languages: tuple[str, ...]
    credits_min: Decimal
    credits_max: Decimal
    max_seats: int | None  # informational only (R-OFF-3)
    status: str
    enrolment_closed: bool = False  # closed by the organiser whatever the dates say (RIPA enrollmentClosed)

    def name(self, lang: str = "fi") -> str:
        return getattr(self, f"name_{lang}", "") or self.name_fi or self.name_en or self.name_sv
