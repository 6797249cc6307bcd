"""`/api/v1/joo-students` (R-JOO-6) and `/api/v1/joo-applications`: for the institutions' systems (API key:
`Authorization: Bearer jpk_…` or `X-API-Key`) and for logged-in officers (session).

- `GET /joo-students?on=YYYY-MM-DD` — the host's JOO students whose JOO study right is in force that day (default
  today), with what the host's identity management needs to open library and IT services: learner OID, names,
  e-mail, host student number, the home institution, the JOO right's identifier and validity, the granted studies.
- `GET /joo-applications?side=home|host&status=…` — the caller's JOO applications: as home every submitted one, as
  host only those the home endorsed (R-JOO-1: the host sees nothing before endorsement).

An API key sees only its own organisation's data, an officer only the organisations where they are an officer
(R-EXC-4); every read writes an audit row naming the students (R-ACC-6). Errors: `{code, message, details}`, 4xx,
translated (Accept-Language).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.security import django_auth

from joopas.access.api import ApiClient, KeyBearer, KeyHeader, organisations_with_role
from joopas.applications import outcomes, policies, rules, selectors
from joopas.applications.codes import ErrorCode, Event
from joopas.applications.models import Application
from joopas.core import audit
from joopas.core.clock import today
from joopas.core.errors import DomainError, PermissionDenied
from joopas.exchange.api import SystemActor
from joopas.organisations import api as organisations_api
from joopas.rights import api as rights_api
from joopas.rights.data import JooRightRef

MOUNT = "/"



router = Router(tags=["JOO study rights"], auth=[KeyBearer(), KeyHeader(), django_auth])


# --- schemas ---------------------------------------------------------------------------------------------

class EntityOut(Schema):
    type: Literal["STUDY_MODULE", "COURSE_UNIT"]
    identifier: str = Field(description="The host's own identifier (studyElementId)")
    code: str


class JooStudentOut(Schema):
    learner_oid: str
    first_names: str
    last_name: str
    email: str
    host_student_number: str
    host: str = Field(description="The host institution's OID")
    home: str = Field(description="The home institution's OID")
    joo_right: str = Field(description="The JOO study right's identifier at the host")
    valid_from: dt.date
    valid_until: dt.date | None
    granted: list[EntityOut]


class JooStudentList(Schema):
    on: dt.date
    total: int
    items: list[JooStudentOut]


class RequestedOut(EntityOut):
    name: dict[str, str]
    credits: str
    decision: Literal["pending", "granted", "rejected"]
    reason: str


class ApplicationOut(Schema):
    number: str
    status: str
    home: str
    host: str
    learner_oid: str
    submitted_at: dt.datetime | None
    endorsed_at: dt.datetime | None
    decision_due: dt.date | None
    decided_at: dt.datetime | None
    entities: list[RequestedOut]


class ApplicationList(Schema):
    total: int
    items: list[ApplicationOut]


class ProblemOut(Schema):
    code: str
    path: str
    message: str


class ErrorDetails(Schema):
    errors: list[ProblemOut] = []


class ErrorOut(Schema):
    code: str
    message: str
    details: ErrorDetails


ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


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
                exc.details = {"errors": [{"code": exc.code, "path": str(details.get("path", "")),
                                           "message": str(exc.message)}]}
            raise
    return wrapper


def _actor(request: HttpRequest) -> Any:
    who = request.auth  # type: ignore[attr-defined]
    if isinstance(who, ApiClient):
        return SystemActor(who.organisation_id, f"API key {who.key_id} ({who.name})")
    return who


def _organisations(actor: Any) -> list[int]:
    """R-EXC-4: an API key's own organisation; an officer's organisations. Anyone else is refused."""
    if isinstance(actor, SystemActor):
        return [actor.organisation_id]
    orgs = organisations_with_role(actor, *policies.OFFICE_ROLES)
    if not orgs:
        raise PermissionDenied(code=ErrorCode.PERMISSION_DENIED)
    return orgs


def _oids(ids: set[int]) -> dict[int, str]:
    return {k: v.oid for k, v in organisations_api.get_many(ids).items()}


def _entities(pairs: list[tuple[str, int]], refs: dict[tuple[str, int], Any], codes: dict[tuple[str, int], str]
              ) -> list[dict[str, Any]]:
    out = []
    for kind, entity_id in pairs:
        ref = refs.get((kind, entity_id))
        out.append({"type": outcomes.ENTITY_TYPES.get(kind, "COURSE_UNIT"),
                    "identifier": ref.study_element_id if ref else "",
                    "code": codes.get((kind, entity_id)) or (ref.code if ref else "")})
    return out


def _student(joo: JooRightRef, refs: dict[tuple[str, int], Any], oids: dict[int, str]) -> dict[str, Any]:
    pairs = [(g.entity_kind, g.entity_id) for g in joo.granted]
    return {"learner_oid": joo.learner_oid, "first_names": joo.first_names, "last_name": joo.last_name,
            "email": joo.email, "host_student_number": joo.host_student_number,
            "host": oids.get(joo.host_organisation_id, ""), "home": oids.get(joo.home_organisation_id, ""),
            "joo_right": joo.identifier, "valid_from": joo.start_date, "valid_until": joo.end_date,
            "granted": _entities(pairs, refs, {})}


# --- endpoints -------------------------------------------------------------------------------------------

@router.get("joo-students", response={200: JooStudentList, **ERRORS},
            summary="Your institution's JOO students in force on a day (R-JOO-6, the host)")
@problems
def joo_students(request: HttpRequest, on: dt.date | None = None,
                 limit: Annotated[int, Field(ge=1, le=1000)] = 500,
                 offset: Annotated[int, Field(ge=0, le=1_000_000)] = 0) -> Any:
    actor = _actor(request)
    orgs = _organisations(actor)
    day = on or today()
    rights = [j for org in orgs for j in rights_api.joo_rights_of_host(org, day=day)]
    page = rights[offset:offset + limit]
    refs = outcomes.external_ids((g.entity_kind, g.entity_id) for j in page for g in j.granted)
    oids = _oids({o for j in page for o in (j.host_organisation_id, j.home_organisation_id)})
    person_oids = sorted({j.learner_oid for j in page if j.learner_oid})
    audit.record(Event.LIST_READ, actor=actor, person_oid=person_oids[0] if len(person_oids) == 1 else "",
                 after={"what": "joo-students", "on": day, "count": len(page), "person_oids": person_oids})
    return {"on": day, "total": len(rights), "items": [_student(j, refs, oids) for j in page]}


@router.get("joo-applications", response={200: ApplicationList, **ERRORS},
            summary="Your institution's JOO applications (as home: submitted ones; as host: endorsed ones)")
@problems
def joo_applications(request: HttpRequest, side: Literal["home", "host"] = "host",
                     status: Literal["submitted", "declined", "endorsed", "supplement", "decided", "withdrawn",
                                     ""] = "",
                     limit: Annotated[int, Field(ge=1, le=200)] = 50,
                     offset: Annotated[int, Field(ge=0, le=1_000_000)] = 0) -> Any:
    actor = _actor(request)
    orgs = _organisations(actor)
    f = selectors.QueueFilters(status=status)
    qs = selectors.home_queue(orgs, f) if side == "home" else selectors.host_queue(orgs, f)
    total = qs.count()
    apps: list[Application] = list(qs[offset:offset + limit])
    rows = [e for a in apps for e in a.entities.all()]
    refs = outcomes.external_ids((e.entity_kind, e.entity_id) for e in rows)
    persons = rights_api.persons({a.home_person_id for a in apps})
    oids = _oids({o for a in apps for o in (a.home_organisation_id, a.host_organisation_id)})
    items: list[dict[str, Any]] = []
    for a in apps:
        person = persons.get(a.home_person_id)
        ents = []
        for e in a.entities.all():
            ref = refs.get((e.entity_kind, e.entity_id))
            ents.append({"type": outcomes.ENTITY_TYPES.get(e.entity_kind, "COURSE_UNIT"),
                         "identifier": ref.study_element_id if ref else "", "code": e.code,
                         "name": {k: str(v) for k, v in (e.name or {}).items() if v}, "credits": e.credits,
                         "decision": e.decision if e.decision in (rules.GRANTED, rules.REJECTED) else rules.PENDING,
                         "reason": e.reason})
        items.append({"number": a.number, "status": a.status, "home": oids.get(a.home_organisation_id, ""),
                      "host": oids.get(a.host_organisation_id, ""),
                      "learner_oid": person.learner_oid if person else "", "submitted_at": a.submitted_at,
                      "endorsed_at": a.endorsed_at, "decision_due": a.decision_due, "decided_at": a.decided_at,
                      "entities": ents})
    person_oids = sorted({str(i["learner_oid"]) for i in items if i["learner_oid"]})
    audit.record(Event.LIST_READ, actor=actor, person_oid=person_oids[0] if len(person_oids) == 1 else "",
                 after={"what": "joo-applications", "side": side, "status": status, "count": len(items),
                        "numbers": [a.number for a in apps], "person_oids": person_oids})
    return {"total": total, "items": items}


__all__ = ["MOUNT", "router"]
