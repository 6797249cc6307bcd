"""Catalogue API: public search (no login) and the institutions' offering upserts (API key or session).

Writes take the In-schemas of `joopas.catalogue.schemas` (the same shape as `catalogue.api` and the
JSON Lines import). An API key acts for its own organisation only; the organiser comes from the
credential, never from the payload.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema
from ninja.renderers import JSONRenderer
from ninja.security import APIKeyHeader, django_auth

from joopas.access.api import ApiClient, authenticate_api_key
from joopas.catalogue import api as catalogue_api
from joopas.catalogue import selectors, services
from joopas.catalogue.codes import ErrorCode
from joopas.catalogue.models import CourseUnit
from joopas.catalogue.policies import can_edit_offering
from joopas.catalogue.schemas import CourseUnitIn, RealisationIn, StudyModuleIn
from joopas.core.errors import NotFound, PermissionDenied, ValidationFailed
from joopas.core.problems import Problem, problem_details
from joopas.organisations import api as organisations_api

MOUNT = "/catalogue/"
router = Router(tags=["catalogue"])


class ApiKeyAuth(APIKeyHeader):
    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> ApiClient | None:
        return authenticate_api_key(key or "")


class Localised(Schema):
    fi: str
    sv: str
    en: str


class CourseUnitOut(Schema):
    id: int
    organisation_id: int
    organisation_name: Localised
    study_element_id: str
    code: str
    name: Localised
    credits_min: Decimal
    credits_max: Decimal
    teaching_languages: list[str]
    field_of_education: str
    assessment_scale: str
    status: str
    marketed: bool
    url: str


class RealisationOut(Schema):
    id: int
    realisation_id: str
    code: str
    study_element_id: str
    name: Localised
    start_date: dt.date
    end_date: dt.date
    enrolment_start_date_time: dt.datetime
    enrolment_end_date_time: dt.datetime
    enrolment_open: bool
    teaching_mode: str
    teaching_languages: list[str]
    location: str
    max_seats: int | None
    credits_min: Decimal
    credits_max: Decimal
    status: str


class CourseUnitDetailOut(CourseUnitOut):
    description: Localised
    objective: Localised
    joo_offering: bool
    realisations: list[RealisationOut]


class FacetOut(Schema):
    value: str
    count: int


class SearchOut(Schema):
    total: int
    page: int
    pages: int
    items: list[CourseUnitOut]
    facets: dict[str, list[FacetOut]]


class StudyModuleOut(Schema):
    id: int
    organisation_id: int
    study_element_id: str
    code: str
    name: Localised
    parent_study_element_id: str | None


def _loc(obj: Any, field: str) -> dict[str, str]:
    return {lang: getattr(obj, f"{field}_{lang}", "") or "" for lang in ("fi", "sv", "en")}


def _org_names(ids: set[int]) -> dict[int, dict[str, str]]:
    return selectors.organisation_names(ids)


def _unit_out(u: CourseUnit, orgs: dict[int, dict[str, str]]) -> dict[str, Any]:
    return {"id": u.pk, "organisation_id": u.organisation_id, "organisation_name": orgs[u.organisation_id],
            "study_element_id": u.external_id, "code": u.code, "name": _loc(u, "name"),
            "credits_min": u.credits_min, "credits_max": u.credits_max, "teaching_languages": u.teaching_languages,
            "field_of_education": u.field_of_education, "assessment_scale": u.assessment_scale,
            "status": u.status, "marketed": u.marketed, "url": f"/catalogue/course/{u.pk}/"}


def _real_out(r: Any, unit: CourseUnit, now: dt.datetime) -> dict[str, Any]:
    from joopas.catalogue import rules

    return {"id": r.pk, "realisation_id": r.external_id, "code": r.code, "study_element_id": unit.external_id,
            "name": _loc(r, "name"), "start_date": r.start_date, "end_date": r.end_date,
            "enrolment_start_date_time": r.enrolment_start, "enrolment_end_date_time": r.enrolment_end,
            "enrolment_open": rules.enrolment_open(r, now), "teaching_mode": r.teaching_mode,
            "teaching_languages": r.teaching_languages, "location": r.location, "max_seats": r.max_seats,
            "credits_min": r.credits_min, "credits_max": r.credits_max, "status": r.status}


def _query(name: str, description: str, schema: dict[str, Any], *, repeat: bool = False,
           deprecated: bool = False) -> dict[str, Any]:
    shape = {"type": "array", "items": schema} if repeat else schema
    return {"name": name, "in": "query", "required": False, "description": description, "schema": shape,
            **({"style": "form", "explode": True} if repeat else {}), **({"deprecated": True} if deprecated else {})}


_SEARCH_PARAMETERS = [
    _query("q", "Words to look for; inflected forms match their base form (tilastotieteen → tilastotiede).",
           {"type": "string", "maxLength": 200}),
    _query("organisation", "Organising institution by its OID (1.2.246.562.10.…); repeat for several.",
           {"type": "string"}, repeat=True),
    _query("field", "Field of education (ISCED-F broad field 01–10).", {"type": "string"}),
    _query("teaching_language", "Teaching language of the course unit (fi, sv, en); repeat for several. It filters "
           "the results; the language of the response's messages follows Accept-Language (every name comes in fi, "
           "sv and en).", {"type": "string", "enum": ["fi", "sv", "en"]}, repeat=True),
    _query("language", "Deprecated: the old name of `teaching_language` (used only when `teaching_language` is not "
           "given).", {"type": "string", "enum": ["fi", "sv", "en"]}, repeat=True, deprecated=True),
    _query("mode", "Teaching mode of a realisation; repeat for several.",
           {"type": "string", "enum": ["contact", "online", "blended", "distance"]}, repeat=True),
    _query("network", "Network identifier: only the network's offering.", {"type": "string"}),
    _query("credits_min", "At least this many credits.", {"type": "number", "minimum": 0}),
    _query("credits_max", "At most this many credits.", {"type": "number", "minimum": 0}),
    _query("period", "Teaching period, e.g. 2026-autumn (spring, summer, autumn).", {"type": "string"}),
    _query("open", "1: a realisation's enrolment is open now.", {"type": "string", "enum": ["1"]}),
    _query("joo", "1: JOO offering only.", {"type": "string", "enum": ["1"]}),
    _query("sort", "Order of the results.",
           {"type": "string", "enum": ["relevance", "name", "code", "credits", "-credits"]}),
    _query("page", "Page number, from 1.", {"type": "integer", "minimum": 1}),
    _query("facets", "1: add counts per filter value.", {"type": "string", "enum": ["1", "true"]}),
]


@router.get("/search", response=SearchOut, auth=None, summary="Search the public catalogue",
            openapi_extra={"parameters": _SEARCH_PARAMETERS},
            description="Query parameters: q, organisation (OID, repeat), field, teaching_language (repeat; "
                        "`language` is its deprecated old name), mode, network, credits_min, credits_max, period "
                        "(e.g. 2026-autumn), open=1 (enrolment open now), joo=1 (JOO offering), sort "
                        "(relevance|name|code|credits|-credits), page; facets=1 adds counts per filter value (the "
                        "teaching languages' under `teaching_language`, and under `language` as before). Inflected "
                        "words match their base form.")
def search(request: HttpRequest, response: HttpResponse) -> Any:
    params = selectors.SearchParams.from_query(_teaching_language(_by_oid(request.GET)))
    facets = request.GET.get("facets") in ("1", "true")
    if not selectors.search_cache_seconds():
        response["X-Catalogue-Cache"] = "miss"
        return _search_out(selectors.search_units(params, facets=facets))

    def render(result: selectors.SearchResult) -> str:
        # what ninja would send for this operation (schema, then the API's renderer), kept as text so
        # that a cached search costs neither the queries nor the serialisation
        data = SearchOut.model_validate(_search_out(result)).model_dump(by_alias=False)
        return str(_RENDERER.render(request, data, response_status=200))

    body, hit = selectors.cached_search_rendering(params, facets=facets, kind="api-v1", render=render)
    out = HttpResponse(body, content_type=f"{_RENDERER.media_type}; charset={_RENDERER.charset}")
    out["X-Catalogue-Cache"] = "hit" if hit else "miss"
    return out


def _by_oid(query: Any) -> Any:
    """Integrators name organisations by OID (issue 12): OIDs become the page filter's values; an unknown OID
    matches nothing."""
    values = query.getlist("organisation")
    if not values or not any("." in v for v in values):
        return query
    query = query.copy()
    refs = [organisations_api.get_by_oid(v[:64]) if "." in v else None for v in values[:20]]
    query.setlist("organisation", [str(ref.id) if ref else ("0" if "." in v else v) for ref, v in zip(refs, values, strict=False)])
    return query


def _teaching_language(query: Any) -> Any:
    """`teaching_language` filters by the course unit's teaching language; `language`, its deprecated old name,
    counts only when `teaching_language` is not given (the filter the page calls `language`)."""
    if "teaching_language" not in query:
        return query
    query = query.copy()
    query.setlist("language", query.getlist("teaching_language"))
    return query


_RENDERER = JSONRenderer()  # the API's renderer (NinjaAPI's default); a test compares cached and plain bodies


def _search_out(result: selectors.SearchResult) -> dict[str, Any]:
    orgs = _org_names({u.organisation_id for u in result.items})
    return {"total": result.total, "page": result.page, "pages": result.pages,
            "items": [_unit_out(u, orgs) for u in result.items],
            "facets": _facets(result.facets)}


def _facets(facets: dict[str, list[tuple[Any, int]]]) -> dict[str, list[dict[str, Any]]]:
    out = {k: [{"value": str(v), "count": n} for v, n in vals] for k, vals in facets.items()}
    if "language" in out:  # named like the parameter; `language` stays for clients of the old name
        out["teaching_language"] = out["language"]
    return out


@router.get("/course-units/{unit_id}", response=CourseUnitDetailOut, auth=None,
            summary="A publicly marketed course unit with its realisations")
def course_unit(request: HttpRequest, unit_id: int) -> dict[str, Any]:
    from joopas.core import clock

    unit = selectors.public_unit(unit_id)
    if unit is None:
        raise NotFound(code=ErrorCode.COURSE_UNIT_NOT_FOUND)
    now = clock.now()
    out = _unit_out(unit, _org_names({unit.organisation_id}))
    out.update(description=_loc(unit, "description"), objective=_loc(unit, "objective"),
               joo_offering=selectors.is_joo_offering(unit),
               realisations=[_real_out(r, unit, now) for r in selectors.public_realisations(unit)])
    return out


# --- institution writes ------------------------------------------------------------------------------

def _organisation(request: HttpRequest, organisation_id: int | None) -> tuple[Any, int]:
    """(actor, organisation id): an API key acts for its own organisation; a user names one they edit."""
    who = request.auth  # type: ignore[attr-defined]
    if isinstance(who, ApiClient):
        if organisation_id is not None and organisation_id != who.organisation_id:
            raise PermissionDenied(code=ErrorCode.PERMISSION_DENIED)
        return None, who.organisation_id
    if organisation_id is None:
        raise ValidationFailed(code=ErrorCode.ORGANISATION_REQUIRED, details=problem_details(
            [Problem("missing", "organisation_id", "organisation_id is required")]))
    if not can_edit_offering(who, organisation_id):
        raise PermissionDenied(code=ErrorCode.PERMISSION_DENIED)
    return who, organisation_id


WRITE_AUTH = [ApiKeyAuth(), django_auth]


def _check_path(path_id: str, body_id: str) -> None:
    if path_id != body_id:
        raise ValidationFailed(code=ErrorCode.ID_MISMATCH, details=problem_details(
            [Problem("mismatch", "id", "the identifier in the path and body differ")]))


@router.put("/course-units/by-id/{study_element_id}", response=CourseUnitOut, auth=WRITE_AUTH,
            summary="Create or update a course unit by the institution's own identifier")
def put_course_unit(request: HttpRequest, study_element_id: str, payload: CourseUnitIn,
                    organisation_id: int | None = None) -> dict[str, Any]:
    actor, org = _organisation(request, organisation_id)
    _check_path(study_element_id, payload.study_element_id)
    unit, _ = services.course_unit_upsert(actor=actor, organisation_id=org, data=payload)
    return _unit_out(unit, _org_names({org}))


@router.delete("/course-units/by-id/{study_element_id}", response={204: None}, auth=WRITE_AUTH,
               summary="Delete a course unit (it must have no realisations)")
def delete_course_unit(request: HttpRequest, study_element_id: str, organisation_id: int | None = None) -> Any:
    actor, org = _organisation(request, organisation_id)
    services.course_unit_delete(actor=actor, organisation_id=org, external_id=study_element_id)
    return 204, None


@router.put("/study-modules/by-id/{study_element_id}", response=StudyModuleOut, auth=WRITE_AUTH,
            summary="Create or update a study module by the institution's own identifier")
def put_study_module(request: HttpRequest, study_element_id: str, payload: StudyModuleIn,
                     organisation_id: int | None = None) -> dict[str, Any]:
    actor, org = _organisation(request, organisation_id)
    _check_path(study_element_id, payload.study_element_id)
    module, _ = services.study_module_upsert(actor=actor, organisation_id=org, data=payload)
    ref = catalogue_api.module_ref(module)
    return {"id": ref.id, "organisation_id": ref.organisation_id, "study_element_id": ref.study_element_id,
            "code": ref.code, "name": {"fi": ref.name_fi, "sv": ref.name_sv, "en": ref.name_en},
            "parent_study_element_id": ref.parent_study_element_id}


@router.delete("/study-modules/by-id/{study_element_id}", response={204: None}, auth=WRITE_AUTH,
               summary="Delete a study module")
def delete_study_module(request: HttpRequest, study_element_id: str, organisation_id: int | None = None) -> Any:
    actor, org = _organisation(request, organisation_id)
    services.study_module_delete(actor=actor, organisation_id=org, external_id=study_element_id)
    return 204, None


@router.put("/realisations/by-id/{realisation_id}", response=RealisationOut, auth=WRITE_AUTH,
            summary="Create or update a realisation by the institution's own identifier")
def put_realisation(request: HttpRequest, realisation_id: str, payload: RealisationIn,
                    organisation_id: int | None = None) -> dict[str, Any]:
    from joopas.core import clock

    actor, org = _organisation(request, organisation_id)
    _check_path(realisation_id, payload.realisation_id)
    real, _ = services.realisation_upsert(actor=actor, organisation_id=org, data=payload)
    return _real_out(real, real.course_unit, clock.now())


@router.delete("/realisations/by-id/{realisation_id}", response={204: None}, auth=WRITE_AUTH,
               summary="Delete a realisation")
def delete_realisation(request: HttpRequest, realisation_id: str, organisation_id: int | None = None) -> Any:
    actor, org = _organisation(request, organisation_id)
    services.realisation_delete(actor=actor, organisation_id=org, external_id=realisation_id)
    return 204, None
