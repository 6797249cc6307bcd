"""The catalogue's exchange message types: offering requests mapped onto `catalogue.api`, and the
offering notifications to the members of the networks an element is offered in.

Registered with the exchange at start-up (the exchange imports every app's `messages` module). The
payload models are in `catalogue/message_schemas.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from joopas.catalogue import api as catalogue
from joopas.catalogue import message_schemas as m
from joopas.core.clock import today
from joopas.core.errors import DomainError
from joopas.exchange.api import (
    ErrorCode,
    Inbound,
    emit,
    example_envelope,
    receivers_told,
    register_message_type,
)
from joopas.exchange.data import LocalisedString
from joopas.networks import api as networks

SCALES = {1: "0-5", 2: "pass-fail", 3: "1-3", None: "0-5"}
LANGS = {"fi", "sv", "en"}
COURSE_UNIT, STUDY_MODULE, REALISATION = "COURSE_UNIT", "STUDY_MODULE", "REALISATION"
ELEMENT = {COURSE_UNIT: "COURSEUNIT", STUDY_MODULE: "STUDYMODULE", REALISATION: "REALISATION"}


# --- mapping RIPA shapes onto catalogue.api data ----------------------------------------------------

def _text(ls: LocalisedString | None) -> dict[str, str]:
    if ls is None:
        return {}
    return {k: v for k, v in ls.values.model_dump().items() if v}


def _langs(values: list[str] | None) -> list[str]:
    langs = [v.lower() for v in (values or []) if v.lower() in LANGS]
    return list(dict.fromkeys(langs)) or ["fi"]


def _credits(lo: float | None, hi: float | None) -> tuple[Any, Any]:
    return (lo if lo is not None else 0), hi


def course_unit_data(cu: m.CourseUnit) -> dict[str, Any]:
    lo, hi = _credits(cu.creditsMin, cu.creditsMax)
    return {
        "study_element_id": cu.studyElementId, "code": cu.studyElementIdentifierCode or "",
        "name": _text(cu.name), "description": _text(cu.description),
        "credits_min": lo, "credits_max": hi, "teaching_languages": _langs(cu.teachingLanguage),
        "assessment_scale": SCALES.get(cu.assessmentScale, "0-5"), "status": cu.status,
        "validity_start_date": cu.validityStartDate, "validity_end_date": cu.validityEndDate,
        "marketed": True, "networks": [n.id for n in cu.cooperationNetworks],
    }


def study_module_data(sm: m.StudyModule) -> dict[str, Any]:
    lo, hi = _credits(sm.creditsMin, sm.creditsMax)
    return {
        "study_element_id": sm.studyElementId, "code": sm.studyElementIdentifierCode or "",
        "name": _text(sm.name), "description": _text(sm.description),
        "credits_min": lo, "credits_max": hi, "teaching_languages": _langs(sm.teachingLanguage),
        "status": sm.status, "validity_start_date": sm.validityStartDate,
        "validity_end_date": sm.validityEndDate, "marketed": True,
    }


def realisation_data(r: m.Realisation, study_element_id: str) -> dict[str, Any]:
    lo, hi = _credits(r.creditsMin, r.creditsMax)
    return {
        "realisation_id": r.realisationId, "code": r.realisationIdentifierCode or "",
        "study_element_id": study_element_id, "name": _text(r.name),
        "start_date": r.startDate, "end_date": r.endDate,
        "enrolment_start_date_time": r.enrollmentStartDateTime, "enrolment_end_date_time": r.enrollmentEndDateTime,
        "teaching_languages": _langs(r.teachingLanguage), "min_seats": r.minSeats, "max_seats": r.maxSeats,
        "credits_min": lo, "credits_max": hi, "status": r.status, "marketed": True,
        "networks": [n.id for n in r.cooperationNetworks],
    }


def course_unit_of(r: m.Realisation, sender_tk_code: str) -> str:
    refs = [x for x in r.studyElementReferences if x.referenceType == "COURSE_UNIT"]
    if len(refs) != 1:
        raise DomainError("A realisation must reference exactly one course unit.",
                          code=ErrorCode.REALISATION_COURSE_UNIT, status=422)
    if sender_tk_code and refs[0].referenceOrganizer != sender_tk_code:
        raise DomainError("A realisation can only belong to a course unit of the sending organisation.",
                          code=ErrorCode.NOT_OWN_COURSE_UNIT, status=403)
    return refs[0].referenceIdentifier


GETTERS: dict[str, Callable[..., Any]] = {COURSE_UNIT: catalogue.get_course_unit, STUDY_MODULE: catalogue.get_study_module,
                                          REALISATION: catalogue.get_realisation}
DELETERS: dict[str, Callable[..., None]] = {COURSE_UNIT: catalogue.delete_course_unit,
                                            STUDY_MODULE: catalogue.delete_study_module,
                                            REALISATION: catalogue.delete_realisation}


def _refuse_existing(kind: str, org_id: int, ext: str, path: str) -> None:
    if GETTERS[kind](organisation_id=org_id, external_id=ext) is not None:
        raise DomainError(_("An element with this identifier exists already; send an update message."),
                          code=ErrorCode.ALREADY_EXISTS, status=409, details={"path": path})


def _require_own(kind: str, org_id: int, ext: str, path: str) -> Any:
    """R-EXC-4: an update touches only the sender's own data (ids are looked up per sender)."""
    ref = GETTERS[kind](organisation_id=org_id, external_id=ext)
    if ref is None:
        raise DomainError(_("The sending organisation has no element with this identifier."),
                          code=ErrorCode.NOT_FOUND, status=404, details={"path": path})
    return ref


# --- who is told ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Change:
    kind: str
    external_id: str
    ref: Any  # CourseUnitRef | StudyModuleRef | RealisationRef
    networks: tuple[str, ...]  # network identifiers the message names


class Audience:
    """Organisations to notify about an offering change: the members of the networks the element is
    targeted to (networks.api) and of the networks the message names; never the sender itself.
    Network members are read once per message, however many elements name the network."""

    def __init__(self, sender_id: int) -> None:
        self.sender_id = sender_id
        self._members: dict[str, set[int]] = {}

    def _network(self, code: str) -> set[int]:
        if code not in self._members:
            net = networks.get_network(code)  # comes with its memberships: those valid today are told
            day = today()
            self._members[code] = {x.organisation_id for x in net.members if x.valid_on(day)} if net else set()
        return self._members[code]

    def of(self, kind: str, ref: Any, codes: Iterable[str]) -> set[int]:
        members: set[int] = set()
        if ref is not None and kind == COURSE_UNIT:
            members |= set(networks.members_affected_by_offering(course_unit_id=ref.id))
        elif ref is not None and kind == REALISATION:  # its course unit's networks too
            members |= set(networks.members_affected_by_offering(course_unit_id=ref.course_unit_id,
                                                                 realisation_id=ref.id))
        for code in codes:
            members |= self._network(code)
        members.discard(self.sender_id)
        return members


def _notify(inbound: Inbound, kind: str, what: str, ext: str, receivers: Iterable[int]) -> None:
    tk = inbound.sender_tk_code or "-"
    receivers = sorted(set(receivers))
    if receivers:
        emit(sender_id=inbound.sender_id, type_name=_notification(kind, what), payload=_payload(tk, what, kind, ext),
             receivers=receivers, caused_by=inbound)


def _notification(kind: str, what: str) -> str:
    return f"{ELEMENT[kind]}_{what.upper()}_NOTIFICATION"


def _payload(tk: str, what: str, kind: str, ext: str) -> dict[str, Any]:
    return {"sendingOrganisationTkCode": tk, "timestamp": timezone.now().isoformat(),
            what: [{"referenceIdentifier": ext, "referenceOrganizer": tk, "type": kind}]}


def _told(inbound: Inbound, what: str, changes: list[Change]) -> None:
    audience = Audience(inbound.sender_id)
    for c in changes:
        _notify(inbound, c.kind, what, c.external_id, audience.of(c.kind, c.ref, c.networks))


# --- handlers (run inside the message's transaction; a DomainError refuses it and undoes everything) ----

def _nets(refs: Iterable[Any]) -> tuple[str, ...]:
    return tuple(n.id for n in refs)


def create_course_units(inbound: Inbound) -> None:
    p = inbound.payload
    assert isinstance(p, m.CreateCourseUnitRequest)
    org, changes = inbound.sender_id, []
    for i, cu in enumerate(p.courseUnits):
        _refuse_existing(COURSE_UNIT, org, cu.studyElementId, f"payload/courseUnits/{i}")
        ref = catalogue.upsert_course_unit(organisation_id=org, data=course_unit_data(cu))
        changes.append(Change(COURSE_UNIT, cu.studyElementId, ref, _nets(cu.cooperationNetworks)))
        for r in cu.realisations or []:
            rref = catalogue.upsert_realisation(organisation_id=org, data=realisation_data(r, cu.studyElementId))
            changes.append(Change(REALISATION, r.realisationId, rref, _nets(r.cooperationNetworks)))
    _told(inbound, "created", changes)


def create_study_modules(inbound: Inbound) -> None:
    p = inbound.payload
    assert isinstance(p, m.CreateStudyModuleRequest)
    org, changes = inbound.sender_id, []
    for i, sm in enumerate(p.studyModules):
        _refuse_existing(STUDY_MODULE, org, sm.studyElementId, f"payload/studyModules/{i}")
        ref = catalogue.upsert_study_module(organisation_id=org, data=study_module_data(sm))
        changes.append(Change(STUDY_MODULE, sm.studyElementId, ref, _nets(sm.cooperationNetworks)))
    _told(inbound, "created", changes)


def create_realisations(inbound: Inbound) -> None:
    p = inbound.payload
    assert isinstance(p, m.CreateRealisationRequest)
    org, changes = inbound.sender_id, []
    for i, r in enumerate(p.realisations):
        _refuse_existing(REALISATION, org, r.realisationId, f"payload/realisations/{i}")
        unit = course_unit_of(r, inbound.sender_tk_code)
        ref = catalogue.upsert_realisation(organisation_id=org, data=realisation_data(r, unit))
        changes.append(Change(REALISATION, r.realisationId, ref, _nets(r.cooperationNetworks)))
    _told(inbound, "created", changes)


def update_course_unit(inbound: Inbound) -> None:
    p = inbound.payload
    assert isinstance(p, m.UpdateCourseUnitRequest)
    cu = p.courseUnit
    old = _require_own(COURSE_UNIT, inbound.sender_id, cu.studyElementId, "payload/courseUnit/studyElementId")
    ref = catalogue.upsert_course_unit(organisation_id=inbound.sender_id, data=course_unit_data(cu))
    _told(inbound, "updated", [Change(COURSE_UNIT, cu.studyElementId, ref or old, _nets(cu.cooperationNetworks))])


def update_study_module(inbound: Inbound) -> None:
    p = inbound.payload
    assert isinstance(p, m.UpdateStudyModuleRequest)
    sm = p.studyModule
    old = _require_own(STUDY_MODULE, inbound.sender_id, sm.studyElementId, "payload/studyModule/studyElementId")
    ref = catalogue.upsert_study_module(organisation_id=inbound.sender_id, data=study_module_data(sm))
    _told(inbound, "updated", [Change(STUDY_MODULE, sm.studyElementId, ref or old, _nets(sm.cooperationNetworks))])


def update_realisation(inbound: Inbound) -> None:
    p = inbound.payload
    assert isinstance(p, m.UpdateRealisationRequest)
    r = p.realisation
    old = _require_own(REALISATION, inbound.sender_id, r.realisationId, "payload/realisation/realisationId")
    unit = course_unit_of(r, inbound.sender_tk_code) if r.studyElementReferences else old.study_element_id
    ref = catalogue.upsert_realisation(organisation_id=inbound.sender_id, data=realisation_data(r, unit))
    _told(inbound, "updated", [Change(REALISATION, r.realisationId, ref, _nets(r.cooperationNetworks))])


def _deleter(kind: str) -> Callable[[Inbound], None]:
    field = "realisationId" if kind == REALISATION else "studyElementId"

    def delete(inbound: Inbound) -> None:
        ext = getattr(inbound.payload, field)
        old = _require_own(kind, inbound.sender_id, ext, f"payload/{field}")
        receivers = Audience(inbound.sender_id).of(kind, old, [])  # before it is gone
        # ... and everyone told about the element before (its networks are not in a delete message)
        tk = inbound.sender_tk_code or "-"
        receivers |= receivers_told(sender_id=inbound.sender_id, type_name=_notification(kind, "deleted"),
                                    payload=_payload(tk, "deleted", kind, ext))
        DELETERS[kind](organisation_id=inbound.sender_id, external_id=ext)
        _notify(inbound, kind, "deleted", ext, receivers)

    return delete


# --- registration -------------------------------------------------------------------------------------

_REQUESTS: list[tuple[str, type[Any], Callable[[Inbound], None], str, dict[str, Any]]] = [
    ("CREATE_COURSEUNIT_REQUEST", m.CreateCourseUnitRequest, create_course_units,
     "Create course units (and their realisations)", {"courseUnits": [m.example_course_unit()]}),
    ("UPDATE_COURSEUNIT_REQUEST", m.UpdateCourseUnitRequest, update_course_unit, "Replace a course unit's data",
     {"courseUnit": {**m.example_course_unit(), "creditsMax": 6}}),
    ("DELETE_COURSEUNIT_REQUEST", m.DeleteCourseUnitRequest, _deleter(COURSE_UNIT), "Delete a course unit",
     {"studyElementId": "TILA-101", "deleteRealisations": True}),
    ("CREATE_STUDYMODULE_REQUEST", m.CreateStudyModuleRequest, create_study_modules, "Create study modules",
     {"studyModules": [m.example_study_module()]}),
    ("UPDATE_STUDYMODULE_REQUEST", m.UpdateStudyModuleRequest, update_study_module, "Replace a study module's data",
     {"studyModule": m.example_study_module()}),
    ("DELETE_STUDYMODULE_REQUEST", m.DeleteStudyModuleRequest, _deleter(STUDY_MODULE), "Delete a study module",
     {"studyElementId": "TILA-MOD", "deleteCourseUnits": False}),
    ("CREATE_REALISATION_REQUEST", m.CreateRealisationRequest, create_realisations, "Create realisations",
     {"realisations": [m.example_realisation()]}),
    ("UPDATE_REALISATION_REQUEST", m.UpdateRealisationRequest, update_realisation, "Replace a realisation's data",
     {"realisation": {**m.example_realisation(), "maxSeats": 60}}),
    ("DELETE_REALISATION_REQUEST", m.DeleteRealisationRequest, _deleter(REALISATION), "Delete a realisation",
     {"realisationId": "TILA-101-2027-K"}),
]
_ELEMENTS = ((COURSE_UNIT, "course unit", "TILA-101"), (STUDY_MODULE, "study module", "TILA-MOD"),
             (REALISATION, "realisation", "TILA-101-2027-K"))

for n, (name, model, handler, summary, payload) in enumerate(_REQUESTS, start=1):
    register_message_type(name, model, inbound=True, handler=handler, summary=summary,
                          example=example_envelope(n, name, payload))
for n, (kind, label, ident, what) in enumerate(((k, lb, i, w) for k, lb, i in _ELEMENTS
                                                for w in ("created", "updated", "deleted")), start=10):
    register_message_type(_notification(kind, what), m.OfferingNotification, inbound=False,
                          summary=f"A {label} was {what} in a network you belong to",
                          example=example_envelope(n, _notification(kind, what), m.example_notification(what, kind, ident)))
