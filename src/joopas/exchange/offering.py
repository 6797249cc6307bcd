"""Offering messages mapped onto `catalogue.api`; notification receivers from `networks.api`.

The only module of the exchange that knows the catalogue's and the networks' shapes.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from joopas.core.errors import DomainError
from joopas.exchange import schemas as s

log = logging.getLogger("joopas.exchange")

SCALES = {1: "0-5", 2: "pass-fail", 3: "1-3", None: "0-5"}
LANGS = {"fi", "sv", "en"}


def _catalogue() -> Any:
    from joopas.catalogue import api

    return api


def _text(ls: s.LocalisedString | None) -> dict[str, str]:
    if ls is None:
        return {}
    return {k: v for k, v in ls.values.model_dump().items() if v}


def _langs(values: list[str] | None) -> list[str]:
    langs = [v.lower() for v in (values or []) if v.lower() in LANGS]
    return list(dict.fromkeys(langs)) or ["fi"]


def _credits(lo: float | None, hi: float | None) -> tuple[Any, Any]:
    return (lo if lo is not None else 0), hi


def _networks(refs: Iterable[s.CooperationNetwork]) -> list[str]:
    return [n.id for n in refs]


def course_unit_data(cu: s.CourseUnit) -> dict[str, Any]:
    lo, hi = _credits(cu.creditsMin, cu.creditsMax)
    return {
        "study_element_id": cu.studyElementId, "code": cu.studyElementIdentifierCode or "",
        "name": _text(cu.name), "description": _text(cu.description),
        "credits_min": lo, "credits_max": hi, "teaching_languages": _langs(cu.teachingLanguage),
        "assessment_scale": SCALES.get(cu.assessmentScale, "0-5"), "status": cu.status,
        "validity_start_date": cu.validityStartDate, "validity_end_date": cu.validityEndDate,
        "marketed": True, "networks": _networks(cu.cooperationNetworks),
    }


def study_module_data(sm: s.StudyModule) -> dict[str, Any]:
    lo, hi = _credits(sm.creditsMin, sm.creditsMax)
    return {
        "study_element_id": sm.studyElementId, "code": sm.studyElementIdentifierCode or "",
        "name": _text(sm.name), "description": _text(sm.description),
        "credits_min": lo, "credits_max": hi, "teaching_languages": _langs(sm.teachingLanguage),
        "status": sm.status, "validity_start_date": sm.validityStartDate,
        "validity_end_date": sm.validityEndDate, "marketed": True,
    }


def realisation_data(r: s.Realisation, study_element_id: str) -> dict[str, Any]:
    lo, hi = _credits(r.creditsMin, r.creditsMax)
    return {
        "realisation_id": r.realisationId, "code": r.realisationIdentifierCode or "",
        "study_element_id": study_element_id, "name": _text(r.name),
        "start_date": r.startDate, "end_date": r.endDate,
        "enrolment_start_date_time": r.enrollmentStartDateTime, "enrolment_end_date_time": r.enrollmentEndDateTime,
        "teaching_languages": _langs(r.teachingLanguage), "min_seats": r.minSeats, "max_seats": r.maxSeats,
        "credits_min": lo, "credits_max": hi, "status": r.status, "marketed": True,
        "networks": _networks(r.cooperationNetworks),
    }


def course_unit_of(r: s.Realisation, sender_tk_code: str) -> str:
    refs = [x for x in r.studyElementReferences if x.referenceType == "COURSE_UNIT"]
    if len(refs) != 1:
        raise DomainError("A realisation must reference exactly one course unit.",
                          code="exchange.realisation_course_unit", status=422)
    if sender_tk_code and refs[0].referenceOrganizer != sender_tk_code:
        raise DomainError("A realisation can only belong to a course unit of the sending organisation.",
                          code="exchange.not_own_course_unit", status=403)
    return refs[0].referenceIdentifier


# --- catalogue calls (each raises the catalogue's DomainError with its stable code) -----------------

def upsert_course_unit(org_id: int, data: dict[str, Any]) -> Any:
    return _catalogue().upsert_course_unit(organisation_id=org_id, data=data)


def upsert_study_module(org_id: int, data: dict[str, Any]) -> Any:
    return _catalogue().upsert_study_module(organisation_id=org_id, data=data)


def upsert_realisation(org_id: int, data: dict[str, Any]) -> Any:
    return _catalogue().upsert_realisation(organisation_id=org_id, data=data)


def get_course_unit(org_id: int, external_id: str) -> Any:
    return _catalogue().get_course_unit(organisation_id=org_id, external_id=external_id)


def get_study_module(org_id: int, external_id: str) -> Any:
    return _catalogue().get_study_module(organisation_id=org_id, external_id=external_id)


def get_realisation(org_id: int, external_id: str) -> Any:
    return _catalogue().get_realisation(organisation_id=org_id, external_id=external_id)


def delete(kind: str, org_id: int, external_id: str) -> None:
    api = _catalogue()
    fn = {"COURSE_UNIT": api.delete_course_unit, "STUDY_MODULE": api.delete_study_module,
          "REALISATION": api.delete_realisation}[kind]
    fn(organisation_id=org_id, external_id=external_id)


# --- networks ---------------------------------------------------------------------------------------

def _networks_api() -> Any:
    from joopas.networks import api

    return api


def affected_members(kind: str, ref: Any, network_codes: list[str], organisation_id: int) -> set[int]:
    """Organisations to notify about an offering change: the members of the networks the element is
    targeted to (networks.api) and of the networks the message names; never the sender itself."""
    api = _networks_api()
    members: set[int] = set()
    if ref is not None and kind == "COURSE_UNIT":
        members |= set(api.members_affected_by_offering(course_unit_id=ref.id))
    elif ref is not None and kind == "REALISATION":
        members |= set(api.members_affected_by_offering(realisation_id=ref.id))
    for code in network_codes:
        net = api.get_network(code)
        if net is not None:
            members |= {m.organisation_id for m in api.network_members(net.id)}
    members.discard(organisation_id)
    return members
