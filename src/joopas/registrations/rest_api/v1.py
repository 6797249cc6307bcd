"""`/api/v1/registrations`: cross-study registrations for the institutions' systems (API key:
`Authorization: Bearer jpk_…` or `X-API-Key`) and for logged-in officers and students (session).

The same service as the pages and the exchange messages (R-REG-1…4): the home registers its student and
cancels, the host decides per selection; each side's system receives the other's action through the exchange
(CREATE_REGISTRATION_REQUEST / REGISTRATION_REPLY_REQUEST). Everything is named as the institutions name it:
organisations by OID, networks by identifier, study rights, course units and realisations by the institutions'
own identifiers, a registration by its `request_id` (the vocabulary's registrationRequestId) — no internal ids.
An API key sees and acts only for its own organisation (R-EXC-4); every read writes an audit row (R-ACC-6).
Errors: `{code, message, details: {errors: [{code, path, message}]}}`, 4xx, translated (Accept-Language).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.security import django_auth

from joopas.access.api import ApiClient, KeyBearer, KeyHeader, organisations_with_role
from joopas.catalogue import api as catalogue_api
from joopas.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from joopas.core.text import PLAIN
from joopas.networks import api as networks_api
from joopas.organisations import api as organisations_api
from joopas.registrations import message_schemas as m
from joopas.registrations import policies, rules, selectors, services
from joopas.registrations.codes import ErrorCode, Event
from joopas.registrations.messages import wanted_of
from joopas.registrations.models import Registration, Selection, SelectionKind
from joopas.rights import api as rights_api

MOUNT = "/registrations/"



router = Router(tags=["registrations"], auth=[KeyBearer(), KeyHeader(), django_auth])

Text = Annotated[str, Field(min_length=1, max_length=150), PLAIN]
Reason = Annotated[str, Field(max_length=1000), PLAIN]


# --- schemas ---------------------------------------------------------------------------------------------

class SelectionIn(Schema):
    """One of the vocabulary's three shapes: `course_unit` alone; `realisation` (with its `course_unit`, optional);
    or `realisation` via `assessment_item` of `completion_option`. Identifiers are the host's own."""

    course_unit: Text | None = None
    realisation: Text | None = None
    assessment_item: Text | None = None
    completion_option: Text | None = None
    sub_groups: list[Text] | None = Field(default=None, max_length=50)


class RegistrationIn(Schema):
    host: Text = Field(description="The host institution's OID")
    network: Text = Field(description="The network's identifier")
    study_right: Text = Field(description="The home institution's identifier of the student's study right")
    home: Text | None = Field(default=None, description="The home institution's OID (an API key: its own)")
    selections: list[SelectionIn] = Field(min_length=1, max_length=m.MAX_SELECTIONS)


class DecisionIn(Schema):
    """The host's decision on a selection, named by the host's realisation (or course unit) identifier:
    2 accepted, 3 rejected (a reason is required), 5 cancelled by the host."""

    realisation: Text | None = None
    course_unit: Text | None = None
    status: Literal[2, 3, 5]
    reason: Reason = ""


class DecisionsIn(Schema):
    decisions: list[DecisionIn] = Field(min_length=1, max_length=m.MAX_SELECTIONS)
    host_student_number: Annotated[str, Field(max_length=40), PLAIN] = ""


class CancelIn(Schema):
    """Selections to cancel (R-REG-4), by the host's identifiers; none listed = every active one."""

    selections: list[SelectionIn] = Field(default_factory=list, max_length=m.MAX_SELECTIONS)


class StudentOut(Schema):
    learner_oid: str
    first_names: str
    last_name: str
    home_student_number: str


class SelectionOut(Schema):
    kind: str
    course_unit: str
    realisation: str | None
    assessment_item: str
    completion_option: str
    status: int = Field(description="0 not enrolled, 1 pending, 2 accepted, 3 rejected, 4 cancelled by the student, "
                                    "5 cancelled by the host")
    status_label: str
    reason: str
    host_student_number: str
    decided_at: dt.datetime | None


class RegistrationOut(Schema):
    request_id: uuid.UUID
    network: str
    home: str
    host: str
    study_right: str
    student: StudentOut
    created_at: dt.datetime
    selections: list[SelectionOut]


class RegistrationList(Schema):
    total: int
    items: list[RegistrationOut]


class ProblemOut(Schema):
    code: str
    path: str
    message: str


class ErrorDetails(Schema):
    errors: list[ProblemOut]


class ErrorOut(Schema):
    code: str
    message: str
    details: ErrorDetails


ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut,
                                   422: ErrorOut}


# --- plumbing --------------------------------------------------------------------------------------------

def problems(view: Callable[..., Any]) -> Callable[..., Any]:
    """Refusals as `{code, message, details: {errors: [{code, path, message}]}}` (the exchange's shape)."""
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except DomainError as exc:
            details = exc.details if isinstance(exc.details, dict) else {}
            if not isinstance(details.get("errors"), list):
                path = str(details.get("path", "")).removeprefix("payload/")
                exc.details = {"errors": [{"code": exc.code, "path": path, "message": str(exc.message)}]}
            raise
    return wrapper


def _actor(request: HttpRequest) -> Any:
    who = request.auth  # type: ignore[attr-defined]
    if isinstance(who, ApiClient):
        return policies.System(who.organisation_id, f"API key {who.key_id} ({who.name})")
    return who


def _organisations(actor: Any) -> list[int]:
    """The organisations whose registrations the caller may list: an API key's own; an officer's."""
    if isinstance(actor, policies.System):
        return [actor.organisation_id]
    return organisations_with_role(actor, *policies.OFFICE_ROLES)


def _org(oid: str, path: str, known: list[Any] | None = None) -> int:
    ref = next((o for o in known if o.oid == oid), None) if known is not None else organisations_api.get_by_oid(oid)
    if ref is None:
        raise NotFound(code=ErrorCode.UNKNOWN_HOST if path == "host" else ErrorCode.NOT_FOUND, details={"path": path})
    return ref.id


def _selection(item: SelectionIn, host: int, i: int, look: selectors.Lookups) -> services.Wanted:
    """The API's selection as the vocabulary's (one service with the messages). A realisation named alone is read
    once, with its course unit, and kept for the service and the answer."""
    path = f"selections/{i}"
    if item.realisation is None and item.course_unit is None:
        raise ValidationFailed(code=ErrorCode.NO_SELECTIONS, details={"path": path})
    unit_ext = item.course_unit
    found = None
    if unit_ext is None and item.realisation is not None:
        found = catalogue_api.realisation_with_unit(organisation_id=host, external_id=item.realisation)
        if found is None:
            raise NotFound(code=ErrorCode.UNKNOWN_ELEMENT, details={"path": f"{path}/realisation"})
        look.put_realisation(*found)
        unit_ext = found[0].study_element_id
    unit_ref = m.SelectionParent(selectionItemId=unit_ext or "-", selectionItemType="COURSE_UNIT")
    try:
        if item.realisation is None:
            sel = m.RegistrationSelection(selectionItemId=unit_ext or "-", selectionItemType="COURSE_UNIT",
                                          subGroupSelections=item.sub_groups)
        elif item.assessment_item or item.completion_option:
            option = m.SelectionParent(selectionItemId=item.completion_option or "-",
                                       selectionItemType="COMPLETION_OPTION", parent=unit_ref)
            parent = m.SelectionParent(selectionItemId=item.assessment_item or "-", selectionItemType="ASSESSMENT_ITEM",
                                       parent=option)
            sel = m.RegistrationSelection(selectionItemId=item.realisation, selectionItemType="REALISATION",
                                          parent=parent, subGroupSelections=item.sub_groups)
        else:
            sel = m.RegistrationSelection(selectionItemId=item.realisation, selectionItemType="REALISATION",
                                          parent=unit_ref, subGroupSelections=item.sub_groups)
    except ValueError:
        raise ValidationFailed(code=ErrorCode.NO_SELECTIONS, details={"path": path}) from None
    if found is not None and sel.shape() == "realisation":
        # what `wanted_of` finds for this shape (the host's realisation in its own course unit), already read
        real, unit = found
        return services.Wanted(realisation_id=real.id, course_unit_id=unit.id,
                               sub_groups=tuple(sel.subGroupSelections or ()),
                               status_info=sel.selectionItemStatusInfo or "", path=path)
    return wanted_of(sel, host, path)


def _out(reg: Registration, look: selectors.Lookups | None = None) -> dict[str, Any]:
    look = look or selectors.Lookups()
    person = look.person(reg.home_person_id)
    right = look.right(reg.home_right_id)
    network = look.network(reg.network_id)
    orgs = look.organisations([reg.home_organisation_id, reg.host_organisation_id])
    sels = []
    for s in look.selections(reg):
        real = look.realisation(s.realisation_id) if s.realisation_id else None
        unit = look.unit(s.course_unit_id) if s.course_unit_id else None
        sels.append({"kind": s.kind, "course_unit": unit.study_element_id if unit else "",
                     "realisation": real.realisation_id if real else None, "assessment_item": s.assessment_item_ref,
                     "completion_option": s.completion_option_ref, "status": s.status,
                     "status_label": str(rules.SELECTION_STATUS_LABELS[s.status][0]), "reason": s.reason,
                     "host_student_number": s.host_student_number, "decided_at": s.decided_at})
    home, host = orgs.get(reg.home_organisation_id), orgs.get(reg.host_organisation_id)
    return {"request_id": reg.request_id, "network": network.code if network else "",
            "home": home.oid if home else "", "host": host.oid if host else "",
            "study_right": right.identifier if right else "",
            "student": {"learner_oid": person.learner_oid if person else "",
                        "first_names": person.first_names if person else "",
                        "last_name": person.last_name if person else "",
                        "home_student_number": person.student_number if person else ""},
            "created_at": reg.created_at, "selections": sels}


def _registration(request: HttpRequest, request_id: str) -> tuple[Any, Registration]:
    actor = _actor(request)
    try:
        rid = uuid.UUID(request_id)
    except ValueError:
        raise NotFound(code=ErrorCode.NOT_FOUND, details={"path": "request_id"}) from None
    reg = selectors.registration_by_request_id(rid)
    person = rights_api.get_person(reg.home_person_id) if reg else None
    if reg is None or not policies.can_view(actor, reg, person, rights_api.identity_of_person(reg.home_person_id)):
        raise NotFound(code=ErrorCode.NOT_FOUND, details={"path": "request_id"})  # others' registrations: unknown
    return actor, reg


def _read(actor: Any, regs: list[Registration], what: str, look: selectors.Lookups | None = None) -> None:
    look = look or selectors.Lookups()
    oids = []
    for reg in regs:
        person = look.person(reg.home_person_id)
        oids.append(person.learner_oid if person else "")
    services.people_read(Event.API_READ, actor=actor, person_oids=oids, subject=regs[0] if len(regs) == 1 else None,
                         extra={"what": what, "request_ids": [str(r.request_id) for r in regs]})


# --- endpoints -------------------------------------------------------------------------------------------

@router.post("", response={201: RegistrationOut, **ERRORS}, summary="Register a student (the home institution)")
@problems
def create(request: HttpRequest, payload: RegistrationIn) -> Any:
    actor = _actor(request)
    look = selectors.Lookups()  # everything read here is read once (P1: the enrolment burst)
    if isinstance(actor, policies.System):
        home = actor.organisation_id
        orgs = organisations_api.get_many_by_id_or_oid(  # the key's, the host and the home named (if any): one query
            ids=[home], oids=[payload.host, *([payload.home] if payload.home is not None else [])])
        for org in orgs:
            look.put("organisation", org.id, org)
        if payload.home is not None and _org(payload.home, "home", orgs) != home:
            raise PermissionDenied(code=ErrorCode.NOT_HOME, details={"path": "home"})
    elif payload.home is None:
        raise ValidationFailed(code=ErrorCode.NOT_FOUND, details={"path": "home"})
    else:
        orgs = organisations_api.get_many_by_id_or_oid(oids=[payload.home, payload.host])
        home = _org(payload.home, "home", orgs)
    host = _org(payload.host, "host", orgs)
    # the network with the two memberships R-NET-1 asks about, and the home right with its person and whether
    # it is eligible for this network (R-NET-2): what the service checks, read once
    network = networks_api.network_with_members(payload.network, [home, host])
    if network is None or network.code != payload.network:
        raise ValidationFailed(code=ErrorCode.UNKNOWN_NETWORK, details={"path": "network"})
    look.put("network", network.id, network)
    found = rights_api.right_with_person(organisation_id=home, identifier=payload.study_right, network_id=network.id)
    if found is None or found[0].kind != "home":
        raise ValidationFailed(code=ErrorCode.UNKNOWN_STUDY_RIGHT, details={"path": "study_right"})
    look.put_right(*found)
    wanted = [_selection(s, host, i, look) for i, s in enumerate(payload.selections)]
    reg = services.registration_create_selections(actor=actor, home_right_id=found[0].id, network_id=network.id,
                                                  wanted=wanted, lookups=look)
    return 201, _out(reg, look)


@router.get("", response={200: RegistrationList, **ERRORS},
            summary="Registrations of your organisation (as home or host), newest first")
@problems
def list_registrations(request: HttpRequest, side: Literal["home", "host", ""] = "", status: int | None = None,
                       limit: Annotated[int, Field(ge=1, le=200)] = 50,
                       offset: Annotated[int, Field(ge=0, le=1_000_000)] = 0) -> Any:
    actor = _actor(request)
    orgs = _organisations(actor)
    qs = selectors.registrations_of_organisations(orgs, side=side)
    if status is not None:
        qs = qs.filter(selections__status=status).distinct()
    total = qs.count()
    regs = list(qs[offset:offset + limit])
    look = selectors.Lookups()
    look.prime_registrations(regs)
    if regs:
        _read(actor, regs, "list", look)
    return {"total": total, "items": [_out(r, look) for r in regs]}


@router.get("/{request_id}", response={200: RegistrationOut, **ERRORS}, summary="One registration")
@problems
def read(request: HttpRequest, request_id: str) -> Any:
    actor, reg = _registration(request, request_id)
    look = selectors.Lookups()
    _read(actor, [reg], "registration", look)
    return _out(reg, look)


@router.post("/{request_id}/decisions", response={200: RegistrationOut, **ERRORS},
             summary="Decide per selection (the host): accept, reject with a reason, or cancel as the host")
@problems
def decide(request: HttpRequest, request_id: str, payload: DecisionsIn) -> Any:
    actor, reg = _registration(request, request_id)
    if not policies.can_decide(actor, reg.host_organisation_id):
        raise PermissionDenied(code=ErrorCode.REPLY_NOT_ALLOWED, details={"path": "request_id"})
    items = []
    for i, d in enumerate(payload.decisions):
        sel = _find(reg, d.realisation, d.course_unit, f"decisions/{i}")
        items.append(services.ReplyItem(sel.pk, d.status, d.reason, f"decisions/{i}/status"))
    reg = services.reply_apply(actor=actor, request_id=reg.request_id, items=items,
                               host_student_number=payload.host_student_number, send=True)
    return _out(selectors.registration_by_request_id(reg.request_id) or reg)


@router.post("/{request_id}/cancel", response={200: RegistrationOut, **ERRORS},
             summary="Cancel selections (the home institution or the student, R-REG-4)")
@problems
def cancel(request: HttpRequest, request_id: str, payload: CancelIn) -> Any:
    actor, reg = _registration(request, request_id)
    if payload.selections:
        sels = [_find(reg, s.realisation, s.course_unit, f"selections/{i}") for i, s in enumerate(payload.selections)]
    else:
        sels = [s for s in reg.selections.all() if s.status in rules.ACTIVE]
    for sel in sels:
        services.selection_cancel(actor=actor, selection_id=sel.pk)
    return _out(selectors.registration_by_request_id(reg.request_id) or reg)


def _find(reg: Registration, realisation: str | None, course_unit: str | None, path: str) -> Selection:
    for s in reg.selections.all():
        if realisation is not None and s.realisation_id:
            real = catalogue_api.get_realisation_by_id(s.realisation_id)
            if real is not None and real.realisation_id == realisation:
                return s
        elif realisation is None and course_unit is not None and s.kind == SelectionKind.COURSE_UNIT:
            unit = catalogue_api.get_course_unit_by_id(s.course_unit_id or 0)
            if unit is not None and unit.study_element_id == course_unit:
                return s
    raise NotFound(code=ErrorCode.UNKNOWN_ELEMENT, details={"path": path})


__all__ = ["MOUNT", "router"]
