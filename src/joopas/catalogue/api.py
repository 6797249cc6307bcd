"""What other apps may ask of the catalogue (the exchange maps RIPA offering messages onto these).

The `data` dicts have the shape of the API In-schemas and of the JSON Lines import rows
(`joopas.catalogue.schemas`):

course unit (``CourseUnitIn``)::

    {"study_element_id": "TKT-101",            # required: the institution's own id (RIPA studyElementId)
     "code": "TKT-101",                         # shown to students (studyElementIdentifierCode)
     "name": {"fi": "Tilastotiede", "sv": "Statistik", "en": "Statistics"},   # ≥ 1 language, ≤ 500 chars
     "description": {"fi": …}, "objective": {"fi": …},                        # ≤ 20 000 chars each
     "credits_min": 5, "credits_max": 5,        # ≥ 0; max defaults to min
     "teaching_languages": ["fi", "en"],        # ≥ 1 of fi/sv/en
     "assessment_scale": "0-5",                 # 0-5 | pass-fail | 1-3 | ects | other
     "field_of_education": "05",                # ISCED-F broad field 01–10 or ""
     "validity_start_date": "2026-08-01", "validity_end_date": null,
     "status": "ACTIVE",                        # ACTIVE | CANCELLED | ARCHIVED
     "marketed": true,                          # shown in the public catalogue
     "parents": ["MOD-1"],                      # parent study modules' study_element_ids (same organiser)
     "networks": []}                            # network identifiers (checked through networks.api)

study module (``StudyModuleIn``): the same fields except ``networks``; ``parents`` holds at most one id.

realisation (``RealisationIn``)::

    {"realisation_id": "TKT-101-2026-1", "code": "…", "study_element_id": "TKT-101",
     "name": {"fi": …}, "description": {…},
     "start_date": "2026-09-01", "end_date": "2026-10-20",
     "enrolment_start_date_time": "2026-08-01T09:00:00+03:00",
     "enrolment_end_date_time": "2026-08-31T23:59:00+03:00",
     "teaching_mode": "contact",                # contact | online | blended | distance
     "teaching_languages": ["fi"], "location": "Helsinki",
     "min_seats": null, "max_seats": 40,        # information only (R-OFF-3)
     "credits_min": 5, "credits_max": 5, "teachers": "", "schedule": "",
     "status": "ACTIVE", "marketed": true, "networks": []}

An optional ``"type"`` ("course_unit" | "study_module" | "realisation") is accepted (import rows need it).

Errors (``joopas.core.errors`` subclasses, stable codes): ``catalogue.invalid`` (422, details.errors =
[{code, path, message}]), ``catalogue.unknown_organisation``, ``catalogue.course_unit_not_found``
(also for another organisation's unit: ids are per organiser), ``catalogue.realisation_not_found``,
``catalogue.study_module_not_found``, ``catalogue.parent_not_found``, ``catalogue.unknown_network``,
``catalogue.course_unit_has_realisations`` (409), ``catalogue.cycle``.

These functions are trusted calls: the caller has authenticated the organisation (R-EXC-4).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from joopas.catalogue import rules, selectors, services
from joopas.catalogue.data import CourseUnitRef, RealisationRef, StudyModuleRef
from joopas.catalogue.models import CourseUnit, JooDeclaration, Realisation, StudyModule
from joopas.core import clock

__all__ = [
    "CourseUnitRef",
    "RealisationRef",
    "StudyModuleRef",
    "course_unit_ids_of_modules",
    "course_units_by_ids",
    "delete_course_unit",
    "delete_realisation",
    "delete_study_module",
    "element_source",
    "enrolment_open",
    "get_course_unit",
    "get_course_unit_by_id",
    "get_realisation",
    "get_realisation_by_id",
    "get_study_module",
    "joo_offering",
    "realisation_ids_for_units",
    "realisation_with_unit",
    "register_course_panel",
    "study_modules_by_ids",
    "upsert_course_unit",
    "upsert_realisation",
    "upsert_study_module",
]


def unit_ref(u: CourseUnit) -> CourseUnitRef:
    return CourseUnitRef(u.pk, u.organisation_id, u.external_id, u.code, u.name_fi, u.name_sv, u.name_en,
                         u.credits_min, u.credits_max, tuple(u.teaching_languages), u.assessment_scale, u.status,
                         u.marketed)


def module_ref(m: StudyModule) -> StudyModuleRef:
    return StudyModuleRef(m.pk, m.organisation_id, m.external_id, m.code, m.name_fi, m.name_sv, m.name_en,
                          m.credits_min, m.credits_max, m.status, m.parent.external_id if m.parent else None)


def realisation_ref(r: Realisation) -> RealisationRef:
    return RealisationRef(r.pk, r.organisation_id, r.external_id, r.code, r.course_unit_id,
                          r.course_unit.external_id, r.name_fi, r.name_sv, r.name_en, r.start_date, r.end_date,
                          r.enrolment_start, r.enrolment_end, r.teaching_mode, tuple(r.teaching_languages),
                          r.credits_min, r.credits_max, r.max_seats, r.status, r.enrolment_closed)


def upsert_course_unit(*, organisation_id: int, data: dict[str, Any], actor: Any = None,
                       source: dict[str, Any] | None = None) -> CourseUnitRef:
    """`source`: the element as the institution's system sent it (R-EXC-5), kept whole and shown/passed on."""
    unit, _ = services.course_unit_upsert(actor=actor, organisation_id=organisation_id, data=data, source=source)
    return unit_ref(unit)


def upsert_study_module(*, organisation_id: int, data: dict[str, Any], actor: Any = None,
                        source: dict[str, Any] | None = None) -> StudyModuleRef:
    module, _ = services.study_module_upsert(actor=actor, organisation_id=organisation_id, data=data, source=source)
    return module_ref(module)


def upsert_realisation(*, organisation_id: int, data: dict[str, Any], actor: Any = None,
                       source: dict[str, Any] | None = None, enrolment_closed: bool | None = None) -> RealisationRef:
    real, _ = services.realisation_upsert(actor=actor, organisation_id=organisation_id, data=data, source=source,
                                          enrolment_closed=enrolment_closed)
    return realisation_ref(Realisation.objects.select_related("course_unit").get(pk=real.pk))


def delete_course_unit(*, organisation_id: int, external_id: str, actor: Any = None) -> None:
    services.course_unit_delete(actor=actor, organisation_id=organisation_id, external_id=external_id)


def delete_realisation(*, organisation_id: int, external_id: str, actor: Any = None) -> None:
    services.realisation_delete(actor=actor, organisation_id=organisation_id, external_id=external_id)


def delete_study_module(*, organisation_id: int, external_id: str, actor: Any = None) -> None:
    services.study_module_delete(actor=actor, organisation_id=organisation_id, external_id=external_id)


def get_course_unit(*, organisation_id: int, external_id: str) -> CourseUnitRef | None:
    u = CourseUnit.objects.filter(organisation_id=organisation_id, external_id=external_id).first()
    return unit_ref(u) if u else None


def get_course_unit_by_id(pk: int) -> CourseUnitRef | None:
    u = CourseUnit.objects.filter(pk=pk).first()
    return unit_ref(u) if u else None


def get_study_module(*, organisation_id: int, external_id: str) -> StudyModuleRef | None:
    m = StudyModule.objects.select_related("parent").filter(organisation_id=organisation_id,
                                                            external_id=external_id).first()
    return module_ref(m) if m else None


def get_realisation(*, organisation_id: int, external_id: str) -> RealisationRef | None:
    r = Realisation.objects.select_related("course_unit").filter(organisation_id=organisation_id,
                                                                 external_id=external_id).first()
    return realisation_ref(r) if r else None


def element_source(kind: str, *, organisation_id: int, external_id: str) -> dict[str, Any] | None:
    """The element as the institution's system last sent it ({} if entered in Joopas), None if there is none.
    `kind`: COURSE_UNIT | STUDY_MODULE | REALISATION."""
    model: Any = {"COURSE_UNIT": CourseUnit, "STUDY_MODULE": StudyModule, "REALISATION": Realisation}[kind]
    row = model.objects.filter(organisation_id=organisation_id, external_id=external_id).values("source").first()
    return dict(row["source"] or {}) if row else None


def realisation_with_unit(*, pk: int | None = None, organisation_id: int | None = None,
                          external_id: str = "") -> tuple[RealisationRef, CourseUnitRef] | None:
    """A realisation (by id, or by its organisation's own identifier) with its course unit, in one query."""
    qs = Realisation.objects.select_related("course_unit")
    r = (qs.filter(pk=pk) if pk is not None else qs.filter(organisation_id=organisation_id or 0,
                                                            external_id=external_id)).first()
    return (realisation_ref(r), unit_ref(r.course_unit)) if r else None


def get_realisation_by_id(pk: int) -> RealisationRef | None:
    r = Realisation.objects.select_related("course_unit").filter(pk=pk).first()
    return realisation_ref(r) if r else None


def realisation_ids_for_units(course_unit_ids: list[int]) -> dict[int, list[int]]:
    """Course unit id → ids of its realisations (every status), for targeting and impact previews."""
    out: dict[int, list[int]] = {pk: [] for pk in course_unit_ids}
    for unit_id, real_id in Realisation.objects.filter(course_unit_id__in=course_unit_ids) \
            .order_by("course_unit_id", "id").values_list("course_unit_id", "id"):
        out[unit_id].append(real_id)
    return out


def enrolment_open(realisation: RealisationRef, at: dt.datetime) -> bool:
    """R-OFF-4 for other apps (registrations): open exactly within the realisation's enrolment period."""
    return rules.enrolment_open(realisation, at)


def offering_of_organisation(organisation_id: int) -> tuple[list[CourseUnitRef], list[RealisationRef]]:
    """The organisation's own course units and realisations, by code (added by networks for targeting)."""
    units = [unit_ref(u) for u in CourseUnit.objects.filter(organisation_id=organisation_id).order_by("code", "id")]
    reals = [realisation_ref(r) for r in Realisation.objects.select_related("course_unit")
             .filter(organisation_id=organisation_id).order_by("code", "id")]
    return units, reals


def course_units_by_ids(ids: Iterable[int]) -> dict[int, CourseUnitRef]:
    return {u.pk: unit_ref(u) for u in CourseUnit.objects.filter(pk__in=list(ids))}


def study_modules_by_ids(ids: Iterable[int]) -> dict[int, StudyModuleRef]:
    return {m.pk: module_ref(m) for m in StudyModule.objects.select_related("parent").filter(pk__in=list(ids))}


def course_unit_ids_of_modules(module_ids: Iterable[int]) -> set[int]:
    """The course units of these study modules and of their sub-modules (a module granted as JOO studies covers
    them all, R-JOO-8)."""
    seen: set[int] = set()
    todo = {int(i) for i in module_ids}
    while todo:
        seen |= todo
        todo = set(StudyModule.objects.filter(parent_id__in=todo).values_list("pk", flat=True)) - seen
    return set(CourseUnit.objects.filter(modules__in=seen).values_list("pk", flat=True)) if seen else set()


def joo_offering(organisation_id: int, on: dt.date | None = None) -> tuple[list[StudyModuleRef], list[CourseUnitRef]]:
    """R-OFF-1: the institution's active JOO offering in the academic year containing `on` — its study modules
    (what students are nudged to apply for) and course units, by code."""
    year = clock.academic_year_of(on or clock.today())
    decl = JooDeclaration.objects.filter(organisation_id=organisation_id, academic_year=year).first()
    if decl is None:
        return [], []
    listed = set(decl.study_modules.values_list("pk", flat=True))
    modules = StudyModule.objects.select_related("parent").filter(organisation_id=organisation_id, status="ACTIVE")
    modules = modules.filter(pk__in=listed) if rules.is_joo_offering(decl.mode, listed=True) else \
        modules.exclude(pk__in=listed)
    units = CourseUnit.objects.filter(selectors.joo_q(on), organisation_id=organisation_id, status="ACTIVE")
    return ([module_ref(m) for m in modules.order_by("code", "id")],
            [unit_ref(u) for u in units.distinct().order_by("code", "id")])


def search_inputs_changed() -> None:
    """Another app changed something the public search filters on (network targeting, memberships,
    validity): cached search results are not served again."""
    services.catalogue_changed()


# --- Panels on the public course page, from apps above the catalogue ------------------------------------------

CoursePanel = Callable[[Any, CourseUnitRef], str]
_COURSE_PANELS: list[CoursePanel] = []


def register_course_panel(panel: CoursePanel) -> None:
    """An app above the catalogue (registrations) adds a section to the course page: `panel(request, unit)`
    returns safe HTML, or "" to show nothing. Registered once at start-up (AppConfig.ready)."""
    if panel not in _COURSE_PANELS:
        _COURSE_PANELS.append(panel)


def course_panels(request: Any, unit: CourseUnit) -> list[str]:
    """The registered panels' HTML for this course page, in registration order, empty ones left out."""
    ref = unit_ref(unit)
    return [html for panel in _COURSE_PANELS if (html := panel(request, ref))]
