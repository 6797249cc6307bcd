"""The catalogue's exchange message types: offering requests mapped onto `catalogue.api`, and the
offering notifications to the members of the networks an element is offered in.

Registered with the exchange at start-up (the exchange imports every app's `messages` module). The
payload models are in `catalogue/message_schemas.py`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import ValidationError

from joopas.catalogue import api as catalogue
from joopas.catalogue import message_schemas as m
from joopas.catalogue.codes import ErrorCode as CatalogueError
from joopas.core.clock import today
from joopas.core.errors import DomainError
from joopas.core.problems import from_pydantic
from joopas.exchange.api import (
    ErrorCode,
    Inbound,
    emit,
    example_envelope,
    receivers_told,
    register_message_type,
    register_type_words,
)
from joopas.networks import api as networks
from joopas.organisations.api import get_by_id

SCALES = {1: "0-5", 2: "pass-fail", 3: "1-3", None: "0-5"}
LANGS = {"fi", "sv", "en"}
COURSE_UNIT, STUDY_MODULE, REALISATION = "COURSE_UNIT", "STUDY_MODULE", "REALISATION"
ELEMENT = {COURSE_UNIT: "COURSEUNIT", STUDY_MODULE: "STUDYMODULE", REALISATION: "REALISATION"}


# --- mapping RIPA shapes onto catalogue.api data ----------------------------------------------------

def _text(ls: Any) -> dict[str, str]:
    if ls is None:
        return {}
    return {k: v for k, v in ls.values.model_dump().items() if v}


def _langs(values: list[str] | None) -> list[str]:
    langs = [v.lower() for v in (values or []) if v.lower() in LANGS]
    return list(dict.fromkeys(langs)) or ["fi"]


def _credits(lo: float | None, hi: float | None) -> tuple[Any, Any]:
    return (lo if lo is not None else 0), hi


def _teachers(refs: list[Any] | None) -> str:
    """Names (or definitions) of the realisation's people, for the catalogue's `teachers` line."""
    names = []
    for r in refs or []:
        if r.person is not None and r.person.surName:
            names.append(" ".join(x for x in (r.person.givenName or r.person.firstNames, r.person.surName) if x))
        elif r.definition:
            names.append(r.definition)
    text = ", ".join(dict.fromkeys(names))
    return text if len(text) <= 500 else text[:499] + "…"


def _location(address: Any) -> str:
    if address is None:
        return ""
    return ", ".join(x for x in (address.street, f"{address.postalCode} {address.postOffice}".strip()) if x)[:300]


def course_unit_data(cu: m.CourseUnit) -> dict[str, Any]:
    lo, hi = _credits(cu.creditsMin, cu.creditsMax)
    return {
        "study_element_id": cu.studyElementId, "code": cu.studyElementIdentifierCode or "",
        "name": _text(cu.name), "description": _text(cu.description), "objective": _text(cu.objective),
        "credits_min": lo, "credits_max": hi, "teaching_languages": _langs(cu.teachingLanguage),
        "assessment_scale": SCALES.get(cu.assessmentScale, "0-5"), "status": cu.status or "ACTIVE",
        "validity_start_date": cu.validityStartDate, "validity_end_date": cu.validityEndDate,
        "marketed": True, "networks": [n.id for n in cu.cooperationNetworks or []],
        "parents": [p.referenceIdentifier for p in cu.parents or []],
    }


def study_module_data(sm: m.StudyModule, parent: str | None = None) -> dict[str, Any]:
    lo, hi = _credits(sm.credits if sm.credits is not None else sm.creditsMin,
                      sm.credits if sm.credits is not None else sm.creditsMax)
    return {
        "study_element_id": sm.studyElementId, "code": sm.studyElementIdentifierCode or "",
        "name": _text(sm.name), "description": _text(sm.description), "objective": _text(sm.objective),
        "credits_min": lo, "credits_max": hi, "teaching_languages": _langs(sm.teachingLanguage),
        "status": sm.status or "ACTIVE", "validity_start_date": sm.validityStartDate,
        "validity_end_date": sm.validityEndDate, "marketed": True, "parents": [parent] if parent else [],
    }


def realisation_data(r: m.Realisation, study_element_id: str) -> dict[str, Any]:
    lo, hi = _credits(r.creditsMin, r.creditsMax)
    return {
        "realisation_id": r.realisationId, "code": r.realisationIdentifierCode or "",
        "study_element_id": study_element_id, "name": _text(r.name),
        "start_date": r.startDate, "end_date": r.endDate,
        "enrolment_start_date_time": r.enrollmentStartDateTime, "enrolment_end_date_time": r.enrollmentEndDateTime,
        "teaching_languages": _langs(r.teachingLanguage), "min_seats": r.minSeats, "max_seats": r.maxSeats,
        "credits_min": lo, "credits_max": hi, "status": r.status or "ACTIVE", "marketed": True,
        "location": _location(r.location), "teachers": _teachers(r.personReferences),
        "networks": [n.id for n in r.cooperationNetworks or []],
    }


# catalogue field (catalogue.api data) → the RIPA field it came from, for error paths inside the message
_RIPA_FIELD = {
    "study_element_id": "studyElementId", "realisation_id": "realisationId", "name": "name/values",
    "description": "description/values", "objective": "objective/values", "credits_min": "creditsMin",
    "credits_max": "creditsMax", "teaching_languages": "teachingLanguage", "validity_start_date": "validityStartDate",
    "validity_end_date": "validityEndDate", "status": "status", "parents": "parents", "networks": "cooperationNetworks",
    "start_date": "startDate", "end_date": "endDate", "enrolment_start_date_time": "enrollmentStartDateTime",
    "enrolment_end_date_time": "enrollmentEndDateTime", "min_seats": "minSeats", "max_seats": "maxSeats",
    "location": "location", "teachers": "personReferences",
}
_CODE_FIELD: dict[str, str] = {CatalogueError.UNKNOWN_NETWORK: "cooperationNetworks", CatalogueError.PARENT_NOT_FOUND: "parents",
               CatalogueError.COURSE_UNIT_NOT_FOUND: "studyElementReferences"}


def _ripa_path(element_path: str, catalogue_path: str, *, code: str = "") -> str:
    parts = [x for x in catalogue_path.split("/") if x]
    if parts and parts[0] in _RIPA_FIELD:
        parts = [_RIPA_FIELD[parts[0]], *parts[1:]]
    elif code in _CODE_FIELD:
        parts = [_CODE_FIELD[code]]
    else:
        parts = []  # a check across fields: the element itself
    return "/".join([element_path, *parts]).strip("/")


@contextmanager
def at(element_path: str) -> Iterator[None]:
    """Refusals of the catalogue carry the paths of the message's own fields (`courseUnits/0/name/values/fi`,
    not the catalogue's `name/fi`): the class of error the message's sender can act on."""
    try:
        yield
    except DomainError as exc:
        details = exc.details if isinstance(exc.details, dict) else {}
        inner = details.get("errors") if isinstance(details.get("errors"), list) else None
        if inner:
            errors = [{"code": str(e.get("code", exc.code)), "message": str(e.get("message", exc.message)),
                       "path": _ripa_path(element_path, str(e.get("path", "")))} for e in inner]
        elif isinstance(details.get("path"), str) and str(details["path"]).startswith("payload/"):
            raise  # already a path inside the message
        else:
            errors = [{"code": exc.code, "message": str(exc.message),
                       "path": _ripa_path(element_path, "", code=exc.code)}]
        raise DomainError(exc.message, code=exc.code, status=exc.status, details={"errors": errors}) from None


def _refuse(path: str, message: str, code: str, status: int = 422) -> DomainError:
    return DomainError(message, code=code, status=status, details={"errors": [
        {"code": code, "path": path, "message": message}]})


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


# --- trust: the sender speaks only for itself (issue 12) ----------------------------------------------

class Sender:
    """The authenticated sender as payloads name it (Statistics Finland code, OID), and its network
    memberships (R-NET-1), read once per message."""

    def __init__(self, inbound: Inbound) -> None:
        self.id = inbound.sender_id
        self.tk = inbound.sender_tk_code
        self.networks: dict[str, Any] = {}  # identifier → NetworkRef | None, shared with the Audience
        self._member: dict[tuple[str, dt.date], bool] = {}

    @cached_property
    def oid(self) -> str:
        org = get_by_id(self.id)
        return org.oid if org else ""

    def network(self, code: str) -> Any:
        if code not in self.networks:
            self.networks[code] = networks.get_network(code)  # with its memberships
        return self.networks[code]

    def is_self(self, tk_code: str, identifier: str | None = None) -> bool:
        return (bool(self.tk) and tk_code == self.tk) or (not self.tk and bool(identifier) and identifier == self.oid)

    def check_organisers(self, refs: list[Any], path: str) -> None:
        """The main organiser (organisationRole 1) is the sender: a payload cannot make another organisation
        the organiser of an element (other organisers, role 2, may be anyone)."""
        for i, ref in enumerate(refs):
            if ref.organisationRole == 1 and not self.is_self(ref.target.organisationTkCode,
                                                              ref.target.organisationIdentifier):
                raise _refuse(f"{path}/organisationReferences/{i}/target/organisationTkCode",
                              _("The main organiser must be your own organisation (its Statistics Finland code)."),
                              ErrorCode.NOT_ORGANISER, 403)

    def check_reference(self, organizer: str, path: str) -> None:
        if self.tk and organizer != self.tk:
            raise _refuse(path, _("Only your own organisation's elements can be referred to here."),
                          ErrorCode.NOT_OWN_COURSE_UNIT, 403)

    def check_networks(self, refs: list[Any] | None, path: str) -> None:
        """R-NET-1: an element is offered in a network only by a member of it, valid on the day the
        message is handled (or on the reference's validityStartDate, when that is later)."""
        for j, ref in enumerate(refs or []):
            day = max(today(), ref.validityStartDate) if ref.validityStartDate else today()
            key = (ref.id, day)
            if key not in self._member:
                net = self.network(ref.id)
                if net is None or net.code != ref.id:  # named by its identifier, never by an internal id
                    raise _refuse(f"{path}/cooperationNetworks/{j}/id", _("Unknown network."),
                                  CatalogueError.UNKNOWN_NETWORK)
                membership = net.membership(self.id)
                self._member[key] = membership is not None and membership.valid_on(day)
            if not self._member[key]:
                raise _refuse(f"{path}/cooperationNetworks/{j}/id",
                              _("Your organisation is not a member of this network on that date, so it cannot offer "
                                "studies in it."), ErrorCode.NOT_NETWORK_MEMBER, 403)

    def check_element(self, el: Any, path: str, *, networks: bool = True) -> None:
        """`networks=False`: an update that does not send cooperationNetworks keeps them unchecked (an
        organisation that left a network may still cancel or correct what it offered there)."""
        self.check_organisers(el.organisationReferences, path)
        if networks:
            self.check_networks(el.cooperationNetworks, path)
        for i, p in enumerate(getattr(el, "parents", None) or []):
            self.check_reference(p.referenceOrganizer, f"{path}/parents/{i}/referenceOrganizer")


def _sent(patch: Any, field: str) -> bool:
    return field in patch.model_fields_set


def course_unit_of(r: m.Realisation, sender: Sender, path: str) -> tuple[str, list[str]]:
    """The course unit a realisation belongs to, and the assessment items it realises. COURSE_UNIT and
    ASSESSMENT_ITEM references name the unit (an exam refers to its assessment item); all must name the
    same unit of the sender."""
    refs = [(i, x) for i, x in enumerate(r.studyElementReferences) if x.referenceType in (COURSE_UNIT, "ASSESSMENT_ITEM")]
    units = {x.referenceIdentifier for _i, x in refs}
    if len(units) != 1:
        raise _refuse(f"{path}/studyElementReferences",
                      _("A realisation must refer to exactly one course unit (directly or through its assessment "
                        "items)."), ErrorCode.REALISATION_COURSE_UNIT)
    for i, x in refs:
        sender.check_reference(x.referenceOrganizer, f"{path}/studyElementReferences/{i}/referenceOrganizer")
    return units.pop(), [x.referenceAssessmentItemId for _i, x in refs if x.referenceAssessmentItemId]


def _check_items(unit_source: dict[str, Any] | None, items: list[str], path: str) -> None:
    """An assessment item a realisation refers to is one of its course unit's (when the unit came from a SIS)."""
    if not items or not unit_source:
        return
    known = {a.get("assessmentItemId") for o in unit_source.get("completionOptions") or []
             for a in (o.get("assessmentItems") or [])}
    for ref in items:
        if ref not in known:
            raise _refuse(f"{path}/studyElementReferences",
                          _("The course unit has no assessment item with this identifier."), ErrorCode.NOT_FOUND, 404)


# --- targeting: cooperationNetworks put the element in the networks' offering (R-OFF-2, R-NET-1) -----------

_TERM_FIELD = {"valid_from": "validityStartDate", "valid_until": "validityEndDate"}


def target(kind: str, org: int, ref: Any, refs: list[Any] | None, path: str) -> None:
    """The course unit or realisation is offered in exactly the networks its `cooperationNetworks` name: it
    appears in their network offering and the catalogue's network filter (networks.api). Each network is
    checked again for R-NET-1 on the offering's first day (or today, when later); a refusal names the network's
    entry in the message. Study modules are not targeted (networks offer course units and realisations)."""
    if ref is None or kind not in (COURSE_UNIT, REALISATION):
        return
    day = today()
    terms = [networks.TargetTerm(r.id, r.validityStartDate or (min(day, r.validityEndDate) if r.validityEndDate
                                                               else day),
                                 r.validityEndDate, r.enrollable if r.enrollable is not None else True)
             for r in refs or []]
    try:
        networks.set_offering_networks(organisation_id=org, course_unit_id=ref.id if kind == COURSE_UNIT else None,
                                       realisation_id=ref.id if kind == REALISATION else None, targets=terms)
    except DomainError as exc:
        details = exc.details if isinstance(exc.details, dict) else {}
        ids = [r.id for r in refs or []]
        named = details.get("network")
        where = f"{path}/cooperationNetworks"
        if named in ids:
            where = f"{where}/{ids.index(named)}/{_TERM_FIELD.get(str(details.get('field')), 'id')}"
        raise _refuse(where.strip("/"), str(exc.message), exc.code, exc.status) from None


# --- what is kept and passed on (R-EXC-5) --------------------------------------------------------------

def unit_source(cu: m.CourseUnit) -> dict[str, Any]:
    """The course unit as sent, without its realisations (each is an element of its own)."""
    src = cu.model_dump(mode="json", exclude_unset=True, exclude={"realisations"})
    for option in src.get("completionOptions") or []:
        for item in option.get("assessmentItems") or []:
            item.pop("realisations", None)
    return src


def module_source(sm: m.StudyModule) -> dict[str, Any]:
    """The module as sent; its sub-elements (created as elements of their own) kept as references."""
    src = sm.model_dump(mode="json", exclude_unset=True, exclude={"subElements"})
    subs = getattr(sm, "subElements", None)
    if subs is not None:
        src["subElements"] = [{"studyElementId": x.studyElementId, "type": x.type,
                               "organisationReferences": [r.model_dump(mode="json", exclude_unset=True)
                                                          for r in x.organisationReferences],
                               **({"onlyEnrollableWithParent": x.onlyEnrollableWithParent}
                                  if getattr(x, "onlyEnrollableWithParent", None) is not None else {})}
                              for x in subs]
    return src


def realisation_source(r: m.Realisation) -> dict[str, Any]:
    return r.model_dump(mode="json", exclude_unset=True)


def merged(kind: str, org: int, patch: Any, model: type[Any], path: str) -> tuple[Any, dict[str, Any]]:
    """A partial update applied to the element as last sent: fields left out keep their values, null clears
    one. The result is checked as a whole element (paths inside the update message)."""
    ext = patch.realisationId if kind == REALISATION else patch.studyElementId
    base = catalogue.element_source(kind, organisation_id=org, external_id=ext) or {}
    state = {**base, **patch.model_dump(mode="json", exclude_unset=True)}
    try:
        element = model.model_validate_json(json.dumps(state), strict=True)
    except ValidationError as exc:
        problems = from_pydantic(exc, path)
        raise DomainError(_("The element is not complete after the update."), code=ErrorCode.INCOMPLETE, status=422,
                          details={"errors": [p.as_dict() for p in problems]}) from None
    return element, state


# --- who is told ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Change:
    kind: str
    external_id: str
    ref: Any  # CourseUnitRef | StudyModuleRef | RealisationRef
    networks: tuple[str, ...]  # network identifiers the message names
    element: dict[str, Any] | None = None  # the element as sent (passed on to receivers, R-EXC-5)


class Audience:
    """Organisations to notify about an offering change: the members of the networks the element is
    targeted to (networks.api) and of the networks the message names; never the sender itself.
    Network members are read once per message, however many elements name the network."""

    def __init__(self, sender_id: int, known: dict[str, Any] | None = None) -> None:
        self.sender_id = sender_id
        self._members: dict[str, set[int]] = {}
        self._known = known if known is not None else {}  # networks already read for this message

    def _network(self, code: str) -> set[int]:
        if code not in self._members:
            if code not in self._known:
                self._known[code] = networks.get_network(code)  # with its memberships: those valid today are told
            net = self._known[code]
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


def _notify(inbound: Inbound, kind: str, what: str, ext: str, receivers: Iterable[int],
            element: dict[str, Any] | None = None) -> None:
    tk = inbound.sender_tk_code or "-"
    receivers = sorted(set(receivers))
    if receivers:
        emit(sender_id=inbound.sender_id, type_name=_notification(kind, what),
             payload=_payload(tk, what, kind, ext, element), receivers=receivers, caused_by=inbound)


def _notification(kind: str, what: str) -> str:
    return f"{ELEMENT[kind]}_{what.upper()}_NOTIFICATION"


def _payload(tk: str, what: str, kind: str, ext: str, element: dict[str, Any] | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {"referenceIdentifier": ext, "referenceOrganizer": tk, "type": kind}
    if element is not None:
        item["element"] = element
    return {"sendingOrganisationTkCode": tk, "timestamp": timezone.now().isoformat(), what: [item]}


def _told(inbound: Inbound, what: str, changes: list[Change], sender: Sender | None = None) -> None:
    audience = Audience(inbound.sender_id, sender.networks if sender else None)
    for c in changes:
        _notify(inbound, c.kind, what, c.external_id, audience.of(c.kind, c.ref, c.networks), c.element)


# --- handlers (run inside the message's transaction; a DomainError refuses it and undoes everything) ----

def _nets(refs: Iterable[Any] | None) -> tuple[str, ...]:
    return tuple(n.id for n in refs or [])


class Creator:
    """Creates the elements of one create message (and the ones nested in them) and collects the changes."""

    def __init__(self, inbound: Inbound) -> None:
        self.inbound, self.org, self.sender = inbound, inbound.sender_id, Sender(inbound)
        self.changes: list[Change] = []
        self.unit_sources: dict[str, dict[str, Any]] = {}  # course units created by this message

    def course_unit(self, cu: m.CourseUnit, path: str, parent: str | None = None) -> None:
        self.sender.check_element(cu, path)
        _refuse_existing(COURSE_UNIT, self.org, cu.studyElementId, f"payload/{path}")
        data, source = course_unit_data(cu), unit_source(cu)
        if parent and parent not in data["parents"]:
            data["parents"].append(parent)
        with at(path):
            ref = catalogue.upsert_course_unit(organisation_id=self.org, data=data, source=source)
        target(COURSE_UNIT, self.org, ref, cu.cooperationNetworks, path)
        self.unit_sources[cu.studyElementId] = source
        self.changes.append(Change(COURSE_UNIT, cu.studyElementId, ref, _nets(cu.cooperationNetworks), source))
        for j, r in enumerate(cu.realisations or []):
            self.realisation(r, f"{path}/realisations/{j}", cu.studyElementId)
        for k, option in enumerate(cu.completionOptions or []):
            for n, item in enumerate(option.assessmentItems or []):
                for j, r in enumerate(item.realisations or []):
                    self.realisation(r, f"{path}/completionOptions/{k}/assessmentItems/{n}/realisations/{j}",
                                     cu.studyElementId)

    def realisation(self, r: m.Realisation, path: str, unit: str | None = None) -> None:
        self.sender.check_organisers(r.organisationReferences, path)
        self.sender.check_networks(r.cooperationNetworks, path)
        _refuse_existing(REALISATION, self.org, r.realisationId, f"payload/{path}")
        if unit is None or r.studyElementReferences:
            named, items = course_unit_of(r, self.sender, path)
            if unit is not None and named != unit:
                raise _refuse(f"{path}/studyElementReferences",
                              _("A realisation inside a course unit must refer to that course unit."),
                              ErrorCode.REALISATION_COURSE_UNIT)
            unit = named
            if items:
                known = self.unit_sources.get(unit)
                _check_items(known if known is not None else
                             catalogue.element_source(COURSE_UNIT, organisation_id=self.org, external_id=unit),
                             items, path)
        source = realisation_source(r)
        with at(path):
            ref = catalogue.upsert_realisation(organisation_id=self.org, data=realisation_data(r, unit), source=source,
                                               enrolment_closed=bool(r.enrollmentClosed))
        target(REALISATION, self.org, ref, r.cooperationNetworks, path)
        self.changes.append(Change(REALISATION, r.realisationId, ref, _nets(r.cooperationNetworks), source))

    def study_module(self, sm: Any, path: str, parent: str | None = None) -> None:
        self.sender.check_element(sm, path)
        _refuse_existing(STUDY_MODULE, self.org, sm.studyElementId, f"payload/{path}")
        source = module_source(sm)
        with at(path):
            ref = catalogue.upsert_study_module(organisation_id=self.org, data=study_module_data(sm, parent),
                                                source=source)
        self.changes.append(Change(STUDY_MODULE, sm.studyElementId, ref, _nets(sm.cooperationNetworks), source))
        for j, sub in enumerate(getattr(sm, "subElements", None) or []):
            if sub.type == COURSE_UNIT:
                self.course_unit(sub, f"{path}/subElements/{j}", parent=sm.studyElementId)
            else:
                self.study_module(sub, f"{path}/subElements/{j}", parent=sm.studyElementId)


def create_course_units(inbound: Inbound) -> None:
    p = inbound.payload
    assert isinstance(p, m.CreateCourseUnitRequest)
    creator = Creator(inbound)
    for i, cu in enumerate(p.courseUnits):
        creator.course_unit(cu, f"courseUnits/{i}")
    _told(inbound, "created", creator.changes, creator.sender)


def create_study_modules(inbound: Inbound) -> None:
    p = inbound.payload
    assert isinstance(p, m.CreateStudyModuleRequest)
    creator = Creator(inbound)
    for i, sm in enumerate(p.studyModules):
        creator.study_module(sm, f"studyModules/{i}")
    _told(inbound, "created", creator.changes, creator.sender)


def create_realisations(inbound: Inbound) -> None:
    p = inbound.payload
    assert isinstance(p, m.CreateRealisationRequest)
    creator = Creator(inbound)
    for i, r in enumerate(p.realisations):
        creator.realisation(r, f"realisations/{i}")
    _told(inbound, "created", creator.changes, creator.sender)


def update_course_unit(inbound: Inbound) -> None:
    """A partial update (R-EXC-5): the fields sent replace the kept ones, the rest stay."""
    p = inbound.payload
    assert isinstance(p, m.UpdateCourseUnitRequest)
    sender = Sender(inbound)
    old = _require_own(COURSE_UNIT, inbound.sender_id, p.courseUnit.studyElementId, "payload/courseUnit/studyElementId")
    cu, _state = merged(COURSE_UNIT, inbound.sender_id, p.courseUnit, m.CourseUnit, "courseUnit")
    sender.check_element(cu, "courseUnit", networks=_sent(p.courseUnit, "cooperationNetworks"))
    source = unit_source(cu)
    with at("courseUnit"):
        ref = catalogue.upsert_course_unit(organisation_id=inbound.sender_id, data=course_unit_data(cu), source=source)
    if _sent(p.courseUnit, "cooperationNetworks"):
        target(COURSE_UNIT, inbound.sender_id, ref or old, cu.cooperationNetworks, "courseUnit")
    _told(inbound, "updated", [Change(COURSE_UNIT, cu.studyElementId, ref or old, _nets(cu.cooperationNetworks),
                                      source)], sender)


def update_study_module(inbound: Inbound) -> None:
    """A partial update; `subElements` (when sent) name existing elements of the sender."""
    p = inbound.payload
    assert isinstance(p, m.UpdateStudyModuleRequest)
    sender = Sender(inbound)
    old = _require_own(STUDY_MODULE, inbound.sender_id, p.studyModule.studyElementId,
                       "payload/studyModule/studyElementId")
    sm, _state = merged(STUDY_MODULE, inbound.sender_id, p.studyModule, m.StudyModuleState, "studyModule")
    sender.check_element(sm, "studyModule", networks=_sent(p.studyModule, "cooperationNetworks"))
    for j, sub in enumerate(sm.subElements or []):
        sender.check_organisers(sub.organisationReferences, f"studyModule/subElements/{j}")
        _require_own(sub.type, inbound.sender_id, sub.studyElementId,
                     f"payload/studyModule/subElements/{j}/studyElementId")
    source = module_source(sm)
    with at("studyModule"):
        ref = catalogue.upsert_study_module(organisation_id=inbound.sender_id,
                                            data=study_module_data(sm, old.parent_study_element_id), source=source)
    _told(inbound, "updated", [Change(STUDY_MODULE, sm.studyElementId, ref or old, _nets(sm.cooperationNetworks),
                                      source)], sender)


def update_realisation(inbound: Inbound) -> None:
    """A partial update; the realisation stays with its course unit unless studyElementReferences are sent."""
    p = inbound.payload
    assert isinstance(p, m.UpdateRealisationRequest)
    sender = Sender(inbound)
    old = _require_own(REALISATION, inbound.sender_id, p.realisation.realisationId, "payload/realisation/realisationId")
    r, source = merged(REALISATION, inbound.sender_id, p.realisation, m.Realisation, "realisation")
    sender.check_organisers(r.organisationReferences, "realisation")
    if _sent(p.realisation, "cooperationNetworks"):
        sender.check_networks(r.cooperationNetworks, "realisation")
    unit = old.study_element_id
    if r.studyElementReferences:
        unit, items = course_unit_of(r, sender, "realisation")
        if items:
            _check_items(catalogue.element_source(COURSE_UNIT, organisation_id=inbound.sender_id, external_id=unit),
                         items, "realisation")
    source = realisation_source(r)
    with at("realisation"):
        ref = catalogue.upsert_realisation(organisation_id=inbound.sender_id, data=realisation_data(r, unit),
                                           source=source, enrolment_closed=bool(r.enrollmentClosed))
    if _sent(p.realisation, "cooperationNetworks"):
        target(REALISATION, inbound.sender_id, ref, r.cooperationNetworks, "realisation")
    _told(inbound, "updated", [Change(REALISATION, r.realisationId, ref, _nets(r.cooperationNetworks), source)],
          sender)


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
        if kind == COURSE_UNIT:  # it and its realisations leave the networks' offering
            for real_id in catalogue.realisation_ids_for_units([old.id]).get(old.id, []):
                networks.set_offering_networks(organisation_id=inbound.sender_id, realisation_id=real_id, targets=[])
        target(kind, inbound.sender_id, old, [], "")
        DELETERS[kind](organisation_id=inbound.sender_id, external_id=ext)
        _notify(inbound, kind, "deleted", ext, receivers)

    return delete


# --- registration -------------------------------------------------------------------------------------

_REQUESTS: list[tuple[str, type[Any], Callable[[Inbound], None], str, dict[str, Any]]] = [
    ("CREATE_COURSEUNIT_REQUEST", m.CreateCourseUnitRequest, create_course_units,
     "Create course units (and their realisations)", {"courseUnits": [m.example_course_unit()]}),
    ("UPDATE_COURSEUNIT_REQUEST", m.UpdateCourseUnitRequest, update_course_unit,
     "Change a course unit's data (only the fields sent change)",
     {"courseUnit": {"studyElementId": "TILA-101", "creditsMax": 6, "creditsDescription": {
         "values": {"fi": "5–6 op", "en": "5–6 cr"}}, "sendingTime": "2026-11-24T10:00:00+02:00"}}),
    ("DELETE_COURSEUNIT_REQUEST", m.DeleteCourseUnitRequest, _deleter(COURSE_UNIT), "Delete a course unit",
     {"studyElementId": "TILA-101", "deleteRealisations": True}),
    ("CREATE_STUDYMODULE_REQUEST", m.CreateStudyModuleRequest, create_study_modules, "Create study modules",
     {"studyModules": [m.example_study_module()]}),
    ("UPDATE_STUDYMODULE_REQUEST", m.UpdateStudyModuleRequest, update_study_module,
     "Change a study module's data (only the fields sent change)",
     {"studyModule": {"studyElementId": "TILA-MOD", "studyModuleType": "SUBJECT_STUDIES",
                      "sendingTime": "2026-11-24T10:00:00+02:00"}}),
    ("DELETE_STUDYMODULE_REQUEST", m.DeleteStudyModuleRequest, _deleter(STUDY_MODULE), "Delete a study module",
     {"studyElementId": "TILA-MOD", "deleteCourseUnits": False}),
    ("CREATE_REALISATION_REQUEST", m.CreateRealisationRequest, create_realisations, "Create realisations",
     {"realisations": [m.example_realisation()]}),
    ("UPDATE_REALISATION_REQUEST", m.UpdateRealisationRequest, update_realisation,
     "Change a realisation's data (only the fields sent change)",
     {"realisation": {"realisationId": "TILA-101-2027-K", "maxSeats": 60, "enrollmentClosed": True}}),
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


# --- words for people (the exchange pages and the integration guide, joopas.exchange.labels) ---------------------

_WORDS = [
    ("CREATE_COURSEUNIT_REQUEST", gettext_lazy("New course units"), gettext_lazy("%(sender)s sent new course units"),
     gettext_lazy("Create course units (and their realisations)")),
    ("UPDATE_COURSEUNIT_REQUEST", gettext_lazy("Course-unit update"), gettext_lazy("%(sender)s sent a course-unit update"),
     gettext_lazy("Change a course unit's data")),
    ("DELETE_COURSEUNIT_REQUEST", gettext_lazy("Course-unit deletion"), gettext_lazy("%(sender)s deleted a course unit"),
     gettext_lazy("Delete a course unit")),
    ("CREATE_STUDYMODULE_REQUEST", gettext_lazy("New study modules"), gettext_lazy("%(sender)s sent new study modules"),
     gettext_lazy("Create study modules")),
    ("UPDATE_STUDYMODULE_REQUEST", gettext_lazy("Study-module update"), gettext_lazy("%(sender)s sent a study-module update"),
     gettext_lazy("Change a study module's data")),
    ("DELETE_STUDYMODULE_REQUEST", gettext_lazy("Study-module deletion"), gettext_lazy("%(sender)s deleted a study module"),
     gettext_lazy("Delete a study module")),
    ("CREATE_REALISATION_REQUEST", gettext_lazy("New realisations"), gettext_lazy("%(sender)s sent new realisations"),
     gettext_lazy("Create realisations")),
    ("UPDATE_REALISATION_REQUEST", gettext_lazy("Realisation update"), gettext_lazy("%(sender)s sent a realisation update"),
     gettext_lazy("Change a realisation's data")),
    ("DELETE_REALISATION_REQUEST", gettext_lazy("Realisation deletion"), gettext_lazy("%(sender)s deleted a realisation"),
     gettext_lazy("Delete a realisation")),
    ("COURSEUNIT_CREATED_NOTIFICATION", gettext_lazy("Notice: new course unit"),
     gettext_lazy("%(sender)s told the network about a new course unit"),
     gettext_lazy("A course unit was created in a network you belong to")),
    ("COURSEUNIT_UPDATED_NOTIFICATION", gettext_lazy("Notice: course unit changed"),
     gettext_lazy("%(sender)s told the network about a changed course unit"),
     gettext_lazy("A course unit was changed in a network you belong to")),
    ("COURSEUNIT_DELETED_NOTIFICATION", gettext_lazy("Notice: course unit deleted"),
     gettext_lazy("%(sender)s told the network about a deleted course unit"),
     gettext_lazy("A course unit was deleted in a network you belong to")),
    ("STUDYMODULE_CREATED_NOTIFICATION", gettext_lazy("Notice: new study module"),
     gettext_lazy("%(sender)s told the network about a new study module"),
     gettext_lazy("A study module was created in a network you belong to")),
    ("STUDYMODULE_UPDATED_NOTIFICATION", gettext_lazy("Notice: study module changed"),
     gettext_lazy("%(sender)s told the network about a changed study module"),
     gettext_lazy("A study module was changed in a network you belong to")),
    ("STUDYMODULE_DELETED_NOTIFICATION", gettext_lazy("Notice: study module deleted"),
     gettext_lazy("%(sender)s told the network about a deleted study module"),
     gettext_lazy("A study module was deleted in a network you belong to")),
    ("REALISATION_CREATED_NOTIFICATION", gettext_lazy("Notice: new realisation"),
     gettext_lazy("%(sender)s told the network about a new realisation"),
     gettext_lazy("A realisation was created in a network you belong to")),
    ("REALISATION_UPDATED_NOTIFICATION", gettext_lazy("Notice: realisation changed"),
     gettext_lazy("%(sender)s told the network about a changed realisation"),
     gettext_lazy("A realisation was changed in a network you belong to")),
    ("REALISATION_DELETED_NOTIFICATION", gettext_lazy("Notice: realisation deleted"),
     gettext_lazy("%(sender)s told the network about a deleted realisation"),
     gettext_lazy("A realisation was deleted in a network you belong to")),
]
for _name, _label, _sentence, _description in _WORDS:
    register_type_words(_name, label=_label, sentence=_sentence, description=_description)
