"""Offering data for tests, in the one shape (schemas.py) the API, import and catalogue.api share."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from joopas.catalogue import services
from joopas.catalogue.models import CourseUnit, Realisation, StudyModule

_seq = itertools.count(1)


def unit_data(**overrides: Any) -> dict[str, Any]:
    n = next(_seq)
    data: dict[str, Any] = {
        "study_element_id": f"CU-{n}", "code": f"TST-{n}",
        "name": {"fi": f"Testikurssi {n}", "sv": f"Testkurs {n}", "en": f"Test course {n}"},
        "description": {"fi": "Kuvaus", "sv": "", "en": "Description"},
        "credits_min": "5", "credits_max": "5", "teaching_languages": ["fi"],
        "assessment_scale": "0-5", "field_of_education": "06", "status": "ACTIVE", "marketed": True,
    }
    data.update(overrides)
    return data


def module_data(**overrides: Any) -> dict[str, Any]:
    n = next(_seq)
    data: dict[str, Any] = {"study_element_id": f"SM-{n}", "code": f"MOD-{n}",
                            "name": {"fi": f"Kokonaisuus {n}"}, "credits_min": "25", "credits_max": "25",
                            "teaching_languages": ["fi"], "marketed": True}
    data.update(overrides)
    return data


def realisation_data(study_element_id: str, **overrides: Any) -> dict[str, Any]:
    n = next(_seq)
    data: dict[str, Any] = {
        "realisation_id": f"R-{n}", "code": f"R-{n}", "study_element_id": study_element_id,
        "name": {"fi": f"Toteutus {n}"}, "start_date": "2026-09-01", "end_date": "2026-12-15",
        "enrolment_start_date_time": "2026-08-01T09:00:00+03:00",
        "enrolment_end_date_time": "2026-08-31T23:59:00+03:00",
        "teaching_mode": "online", "teaching_languages": ["fi"], "location": "Helsinki",
        "max_seats": 30, "credits_min": "5", "credits_max": "5",
    }
    data.update(overrides)
    return data


def make_unit(organisation: Any, **overrides: Any) -> CourseUnit:
    unit, _ = services.course_unit_upsert(actor=None, organisation_id=getattr(organisation, "pk", organisation),
                                          data=unit_data(**overrides))
    return unit


def make_module(organisation: Any, **overrides: Any) -> StudyModule:
    module, _ = services.study_module_upsert(actor=None, organisation_id=getattr(organisation, "pk", organisation),
                                             data=module_data(**overrides))
    return module


def make_realisation(unit: CourseUnit, **overrides: Any) -> Realisation:
    real, _ = services.realisation_upsert(actor=None, organisation_id=unit.organisation_id,
                                          data=realisation_data(unit.external_id, **overrides))
    return real


def open_window(now: dt.datetime, days: int = 10) -> dict[str, str]:
    return {"enrolment_start_date_time": (now - dt.timedelta(days=days)).isoformat(),
            "enrolment_end_date_time": (now + dt.timedelta(days=days)).isoformat()}
