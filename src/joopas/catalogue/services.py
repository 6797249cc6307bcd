"""The only writers of the catalogue. Each function validates before writing, runs in a transaction
and writes an audit row; a refused call changes nothing."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import uuid
from collections.abc import Callable, Iterable
from typing import Any, ParamSpec, TypeVar

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel
from pydantic import ValidationError as PydanticError

from joopas.catalogue import rules, search, selectors
from joopas.catalogue.codes import ErrorCode, Event
from joopas.catalogue.models import (
    CourseUnit,
    DeclarationMode,
    JooDeclaration,
    Realisation,
    Status,
    StudyModule,
)
from joopas.catalogue.policies import can_edit_offering
from joopas.catalogue.schemas import CourseUnitIn, RealisationIn, StudyModuleIn
from joopas.core import clock
from joopas.core.audit import record
from joopas.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from joopas.core.problems import from_pydantic, problem_details
from joopas.core.transitions import check as check_transition
from joopas.core.transitions import locked, transition
from joopas.networks import api as networks_api
from joopas.organisations import api as organisations_api

logger = logging.getLogger(__name__)
S = TypeVar("S", bound=BaseModel)
P = ParamSpec("P")
R = TypeVar("R")


def catalogue_changed() -> None:
    """A new catalogue version: cached search results (selectors.search_units) are no longer served. Bumped
    at once (the writer's own next search sees the change) and again when the transaction commits (so a
    search that ran meanwhile on another connection and cached the old rows is not reused either)."""
    def bump() -> None:
        try:
            cache.set(selectors.VERSION_KEY, uuid.uuid4().hex, None)
        except Exception:  # a cache outage must not fail a write; cached results expire by their TTL
            logger.exception("catalogue: could not bump the search cache version")

    bump()
    transaction.on_commit(bump)


def _changes_catalogue(fn: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        out = fn(*args, **kwargs)
        catalogue_changed()
        return out
    return wrapper


def parse(schema: type[S], data: dict[str, Any] | BaseModel) -> S:
    if isinstance(data, schema):
        return data
    if isinstance(data, BaseModel):
        data = data.model_dump()
    try:
        return schema.model_validate(data)
    except PydanticError as exc:
        raise ValidationFailed(_("Some of the data is not valid."), code=ErrorCode.INVALID,
                               details=problem_details(from_pydantic(exc))) from None


def _check_actor(actor: Any, organisation_id: int) -> None:
    """`actor=None` is a trusted caller (exchange, import command) that already checked its sender."""
    if actor is not None and not can_edit_offering(actor, organisation_id):
        raise PermissionDenied(code=ErrorCode.PERMISSION_DENIED)


def check_organisation(organisation_id: int) -> None:
    if organisations_api.get_by_id(organisation_id) is None:
        raise NotFound(_("Unknown organisation."), code=ErrorCode.UNKNOWN_ORGANISATION,
                       details={"organisation_id": organisation_id})


def networks_known(identifiers: Iterable[str]) -> list[str]:
    """The network references (codes or ids) that do not exist, in one batched lookup."""
    ids = list(dict.fromkeys(identifiers))
    if not ids:
        return []
    return networks_api.unknown_network_identifiers(ids)


def _check_networks(identifiers: list[str]) -> None:
    unknown = networks_known(identifiers)
    if unknown:
        raise ValidationFailed(_("Unknown network."), code=ErrorCode.UNKNOWN_NETWORK,
                               details={"networks": unknown})


def _texts(prefix: str, value: Any) -> dict[str, str]:
    return {f"{prefix}_{lang}": (getattr(value, lang, None) or "").strip() for lang in ("fi", "sv", "en")}


def element_fields(d: CourseUnitIn | StudyModuleIn) -> dict[str, Any]:
    return {
        "code": d.code, **_texts("name", d.name), **_texts("description", d.description),
        **_texts("objective", d.objective), "credits_min": d.credits_min, "credits_max": d.credits_max,
        "teaching_languages": list(d.teaching_languages), "assessment_scale": d.assessment_scale,
        "field_of_education": d.field_of_education, "validity_start_date": d.validity_start_date,
        "validity_end_date": d.validity_end_date, "status": d.status, "marketed": d.marketed,
    }


def search_fields(fields: dict[str, Any]) -> dict[str, str]:
    """The search document of a course unit: lemmas of its texts, each in its own language."""
    texts = [(lang, fields.get(f"{f}_{lang}", "") or "") for lang in ("fi", "sv", "en")
             for f in ("name", "description", "objective")]
    texts.append(("fi", fields.get("code", "") or ""))
    title = " ".join(x for x in [fields.get("code", ""), *(fields.get(f"name_{lang}", "") for lang in
                                                            ("fi", "sv", "en"))] if x)
    return {"search_lemmas": search.document(texts), "search_title": title.lower()[:1500]}


def unit_fields(d: CourseUnitIn) -> dict[str, Any]:
    fields = element_fields(d)
    fields.update(search_fields(fields))
    fields["language_codes"] = "|" + "|".join(d.teaching_languages) + "|"
    return fields


def realisation_fields(d: RealisationIn, unit_id: int) -> dict[str, Any]:
    return {
        "code": d.code, "course_unit_id": unit_id, **_texts("name", d.name), **_texts("description", d.description),
        "start_date": d.start_date, "end_date": d.end_date,
        "enrolment_start": _aware(d.enrolment_start_date_time), "enrolment_end": _aware(d.enrolment_end_date_time),
        "teaching_mode": d.teaching_mode, "teaching_languages": list(d.teaching_languages), "location": d.location,
        "min_seats": d.min_seats, "max_seats": d.max_seats, "credits_min": d.credits_min,
        "credits_max": d.credits_max, "teachers": d.teachers, "schedule": d.schedule, "status": d.status,
        "marketed": d.marketed,
    }


def _aware(value: dt.datetime) -> dt.datetime:
    from django.utils import timezone

    return value if timezone.is_aware(value) else timezone.make_aware(value)


def _check_owner_status(current: str, new: str) -> None:
    """R-OFF-STATUS-1: a write by the organiser (upsert) may set any status; the table says so explicitly."""
    check_transition(rules.OWNER_STATUS_TRANSITIONS, current, new, code=ErrorCode.ILLEGAL_STATUS_CHANGE)


def _snapshot(obj: Any, fields: Iterable[str]) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in fields}


def _modules_by_external(organisation_id: int, ids: list[str]) -> dict[str, StudyModule]:
    found = {m.external_id: m for m in StudyModule.objects.filter(organisation_id=organisation_id,
                                                                  external_id__in=ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFound(_("A parent study module was not found in the organiser's offering."),
                       code=ErrorCode.PARENT_NOT_FOUND, details={"parents": missing})
    return found


@transaction.atomic
@_changes_catalogue
def course_unit_upsert(*, actor: Any, organisation_id: int, data: dict[str, Any] | BaseModel,
                       create_only: bool = False, source: dict[str, Any] | None = None) -> tuple[CourseUnit, bool]:
    """`source`: the element as the institution's system sent it (R-EXC-5), kept whole; None keeps what is kept."""
    _check_actor(actor, organisation_id)
    d = parse(CourseUnitIn, data)
    check_organisation(organisation_id)
    parents = _modules_by_external(organisation_id, list(d.parents))
    _check_networks(list(d.networks))
    fields = unit_fields(d)
    unit = CourseUnit.objects.select_for_update().filter(organisation_id=organisation_id,
                                                         external_id=d.study_element_id).first()
    created = unit is None
    if unit is None:
        unit = CourseUnit.objects.create(organisation_id=organisation_id, external_id=d.study_element_id,
                                         source=source or {}, **fields)
        before = None
    else:
        if create_only:
            raise Conflict(_("A course unit with this identifier already exists."), code=ErrorCode.EXISTS,
                           details={"study_element_id": d.study_element_id})
        before = _snapshot(unit, [k for k in fields if not k.startswith(("search_", "language_codes"))])
        _check_owner_status(unit.status, fields["status"])
        for k, v in fields.items():
            setattr(unit, k, v)
        if source is not None:
            unit.source = source
        unit.save()
    unit.modules.set(parents.values())
    record(Event.COURSE_UNIT_CREATED if created else Event.COURSE_UNIT_UPDATED, actor=actor,
           organisation=_oid(organisation_id), subject=unit, before=before,
           after={k: v for k, v in fields.items() if not k.startswith(("search_", "language_codes"))})
    return unit, created


@transaction.atomic
@_changes_catalogue
def study_module_upsert(*, actor: Any, organisation_id: int, data: dict[str, Any] | BaseModel,
                        create_only: bool = False, source: dict[str, Any] | None = None) -> tuple[StudyModule, bool]:
    _check_actor(actor, organisation_id)
    d = parse(StudyModuleIn, data)
    check_organisation(organisation_id)
    parents = _modules_by_external(organisation_id, list(d.parents)[:1])
    if d.study_element_id in parents:
        raise ValidationFailed(_("A study module cannot be its own parent."), code=ErrorCode.CYCLE)
    fields = element_fields(d)
    module = StudyModule.objects.select_for_update().filter(organisation_id=organisation_id,
                                                            external_id=d.study_element_id).first()
    parent = next(iter(parents.values()), None)
    if module is not None and parent is not None:
        cursor: StudyModule | None = parent
        while cursor is not None:
            if cursor.pk == module.pk:
                raise ValidationFailed(_("A study module cannot be its own parent."), code=ErrorCode.CYCLE)
            cursor = cursor.parent
    created = module is None
    if module is None:
        module = StudyModule.objects.create(organisation_id=organisation_id, external_id=d.study_element_id,
                                            parent=parent, source=source or {}, **fields)
        before = None
    else:
        if create_only:
            raise Conflict(_("A study module with this identifier already exists."), code=ErrorCode.EXISTS)
        before = _snapshot(module, fields)
        _check_owner_status(module.status, fields["status"])
        for k, v in fields.items():
            setattr(module, k, v)
        if source is not None:
            module.source = source
        module.parent = parent
        module.save()
    record(Event.STUDY_MODULE_CREATED if created else Event.STUDY_MODULE_UPDATED, actor=actor,
           organisation=_oid(organisation_id), subject=module, before=before, after=fields)
    return module, created


def _unit_for(organisation_id: int, study_element_id: str) -> CourseUnit:
    unit = CourseUnit.objects.filter(organisation_id=organisation_id, external_id=study_element_id).first()
    if unit is None:
        raise NotFound(_("The course unit was not found in the organiser's offering."),
                       code=ErrorCode.COURSE_UNIT_NOT_FOUND, details={"study_element_id": study_element_id})
    return unit


@transaction.atomic
@_changes_catalogue
def realisation_upsert(*, actor: Any, organisation_id: int, data: dict[str, Any] | BaseModel,
                       create_only: bool = False, source: dict[str, Any] | None = None,
                       enrolment_closed: bool | None = None) -> tuple[Realisation, bool]:
    _check_actor(actor, organisation_id)
    d = parse(RealisationIn, data)
    check_organisation(organisation_id)
    unit = _unit_for(organisation_id, d.study_element_id)
    if not rules.realisation_matches_unit(realisation_organisation_id=organisation_id,
                                          unit_organisation_id=unit.organisation_id):
        raise ValidationFailed(code=ErrorCode.ORGANISER_MISMATCH)
    _check_networks(list(d.networks))
    fields = realisation_fields(d, unit.pk)
    real = Realisation.objects.select_for_update().filter(organisation_id=organisation_id,
                                                          external_id=d.realisation_id).first()
    created = real is None
    if real is None:
        real = Realisation.objects.create(organisation_id=organisation_id, external_id=d.realisation_id,
                                          source=source or {}, enrolment_closed=bool(enrolment_closed), **fields)
        before = None
    else:
        if create_only:
            raise Conflict(_("A realisation with this identifier already exists."), code=ErrorCode.EXISTS)
        before = _snapshot(real, fields)
        _check_owner_status(real.status, fields["status"])
        for k, v in fields.items():
            setattr(real, k, v)
        if source is not None:
            real.source = source
        if enrolment_closed is not None:
            real.enrolment_closed = enrolment_closed
        real.save()
    record(Event.REALISATION_CREATED if created else Event.REALISATION_UPDATED, actor=actor,
           organisation=_oid(organisation_id), subject=real, before=before, after=fields)
    return real, created


def _oid(organisation_id: int) -> str:
    """An organisation's OID for audit rows (OIDs never change, so a process-wide memo is safe)."""
    if organisation_id not in _OIDS:
        ref = organisations_api.get_by_id(organisation_id)
        if ref is None:
            return ""
        _OIDS[organisation_id] = ref.oid
    return _OIDS[organisation_id]


_OIDS: dict[int, str] = {}


@transaction.atomic
@_changes_catalogue
def course_unit_delete(*, actor: Any, organisation_id: int, external_id: str) -> None:
    _check_actor(actor, organisation_id)
    unit = _unit_for(organisation_id, external_id)
    if unit.realisations.exists():
        raise Conflict(_("Delete or move the course unit's realisations first."),
                       code=ErrorCode.COURSE_UNIT_HAS_REALISATIONS)
    record(Event.COURSE_UNIT_DELETED, actor=actor, organisation=_oid(organisation_id), subject=unit,
           before={"external_id": unit.external_id, "code": unit.code})
    unit.delete()


@transaction.atomic
@_changes_catalogue
def realisation_delete(*, actor: Any, organisation_id: int, external_id: str) -> None:
    _check_actor(actor, organisation_id)
    real = Realisation.objects.filter(organisation_id=organisation_id, external_id=external_id).first()
    if real is None:
        raise NotFound(_("The realisation was not found in the organiser's offering."),
                       code=ErrorCode.REALISATION_NOT_FOUND, details={"realisation_id": external_id})
    record(Event.REALISATION_DELETED, actor=actor, organisation=_oid(organisation_id), subject=real,
           before={"external_id": real.external_id, "code": real.code})
    real.delete()


@transaction.atomic
@_changes_catalogue
def study_module_delete(*, actor: Any, organisation_id: int, external_id: str) -> None:
    _check_actor(actor, organisation_id)
    module = StudyModule.objects.filter(organisation_id=organisation_id, external_id=external_id).first()
    if module is None:
        raise NotFound(_("The study module was not found in the organiser's offering."),
                       code=ErrorCode.STUDY_MODULE_NOT_FOUND, details={"study_element_id": external_id})
    record(Event.STUDY_MODULE_DELETED, actor=actor, organisation=_oid(organisation_id), subject=module,
           before={"external_id": module.external_id, "code": module.code})
    module.delete()


@transaction.atomic
@_changes_catalogue
def course_unit_archive(*, actor: Any, unit: CourseUnit) -> CourseUnit:
    """R-OFF-STATUS-2/3: archived and hidden, with its active realisations."""
    _check_actor(actor, unit.organisation_id)
    unit = locked(CourseUnit.objects.all(), not_found_code=ErrorCode.COURSE_UNIT_NOT_FOUND, pk=unit.pk)
    if unit.status == Status.ARCHIVED:
        raise Conflict(_("The course unit is already archived."), code=ErrorCode.ALREADY_ARCHIVED)
    unit.marketed = False
    transition(unit, to=Status.ARCHIVED, table=rules.ARCHIVE_TRANSITIONS, code=ErrorCode.ILLEGAL_STATUS_CHANGE,
               extra_fields=["marketed", "updated_at"], actor=actor, event=Event.COURSE_UNIT_ARCHIVED,
               organisation=_oid(unit.organisation_id), audit_after={"marketed": False})
    # the cascade is one UPDATE; each row moves along ARCHIVE_TRANSITIONS (active → archived)
    Realisation.objects.filter(course_unit=unit, status__in=rules.ARCHIVED_WITH_UNIT).update(status=Status.ARCHIVED)
    return unit


@transaction.atomic
@_changes_catalogue
def realisation_archive(*, actor: Any, realisation: Realisation) -> Realisation:
    _check_actor(actor, realisation.organisation_id)
    real = locked(Realisation.objects.all(), not_found_code=ErrorCode.REALISATION_NOT_FOUND, pk=realisation.pk)
    if real.status == Status.ARCHIVED:
        raise Conflict(_("The realisation is already archived."), code=ErrorCode.ALREADY_ARCHIVED)
    transition(real, to=Status.ARCHIVED, table=rules.ARCHIVE_TRANSITIONS, code=ErrorCode.ILLEGAL_STATUS_CHANGE,
               extra_fields=["updated_at"], actor=actor, event=Event.REALISATION_ARCHIVED,
               organisation=_oid(real.organisation_id))
    return real


@transaction.atomic
@_changes_catalogue
def course_unit_set_marketed(*, actor: Any, unit: CourseUnit, marketed: bool) -> CourseUnit:
    _check_actor(actor, unit.organisation_id)
    unit = CourseUnit.objects.select_for_update().get(pk=unit.pk)
    if marketed and unit.status != Status.ACTIVE:
        raise Conflict(_("Only an active course unit can be shown publicly."), code=ErrorCode.NOT_ACTIVE)
    before = {"marketed": unit.marketed}
    unit.marketed = marketed
    unit.save(update_fields=["marketed", "updated_at"])
    record(Event.COURSE_UNIT_MARKETED, actor=actor, organisation=_oid(unit.organisation_id), subject=unit,
           before=before, after={"marketed": marketed})
    return unit


@transaction.atomic
@_changes_catalogue
def realisation_extend_enrolment(*, actor: Any, realisation: Realisation, new_end: dt.datetime) -> Realisation:
    """R-OFF-4: late enrolment is possible only by extending the realisation's enrolment period."""
    _check_actor(actor, realisation.organisation_id)
    real = Realisation.objects.select_for_update().get(pk=realisation.pk)
    new_end = rules.new_enrolment_end(current_end=real.enrolment_end, new_end=_aware(new_end),
                                      realisation_end_date=real.end_date, now=clock.now())
    before = {"enrolment_end": real.enrolment_end}
    real.enrolment_end = new_end
    real.save(update_fields=["enrolment_end", "updated_at"])
    record(Event.ENROLMENT_EXTENDED, actor=actor, organisation=_oid(real.organisation_id), subject=real,
           before=before, after={"enrolment_end": new_end})
    return real


@transaction.atomic
@_changes_catalogue
def joo_declaration_set(*, actor: Any, organisation_id: int, academic_year: int, mode: str,
                        course_unit_ids: Iterable[int] = (), study_module_ids: Iterable[int] = ()) -> JooDeclaration:
    """R-OFF-1: the institution's JOO offering for an academic year, as a list or as exclusions."""
    _check_actor(actor, organisation_id)
    if mode not in DeclarationMode.values:
        raise ValidationFailed(_("Choose how the JOO offering is declared."), code=ErrorCode.INVALID_MODE)
    if not 2000 <= academic_year <= 2100:
        raise ValidationFailed(_("Unknown academic year."), code=ErrorCode.INVALID_YEAR)
    unit_ids, module_ids = sorted(set(course_unit_ids)), sorted(set(study_module_ids))
    units = list(CourseUnit.objects.filter(pk__in=unit_ids, organisation_id=organisation_id))
    modules = list(StudyModule.objects.filter(pk__in=module_ids, organisation_id=organisation_id))
    if len(units) != len(unit_ids) or len(modules) != len(module_ids):
        raise ValidationFailed(_("A declaration may only list the institution's own studies."),
                               code=ErrorCode.FOREIGN_STUDY)
    decl = JooDeclaration.objects.select_for_update().filter(organisation_id=organisation_id,
                                                             academic_year=academic_year).first()
    before = None
    if decl is None:
        decl = JooDeclaration.objects.create(organisation_id=organisation_id, academic_year=academic_year, mode=mode)
    else:
        before = {"mode": decl.mode, "course_units": sorted(decl.course_units.values_list("pk", flat=True)),
                  "study_modules": sorted(decl.study_modules.values_list("pk", flat=True))}
        decl.mode = mode
        decl.save(update_fields=["mode", "updated_at"])
    decl.course_units.set(units)
    decl.study_modules.set(modules)
    record(Event.JOO_DECLARED, actor=actor, organisation=_oid(organisation_id), subject=decl, before=before,
           after={"mode": mode, "academic_year": academic_year, "course_units": unit_ids,
                  "study_modules": module_ids})
    return decl


UNIT_UPDATE_FIELDS = ["code", "name_fi", "name_sv", "name_en", "description_fi", "description_sv", "description_en",
                      "objective_fi", "objective_sv", "objective_en", "credits_min", "credits_max",
                      "teaching_languages", "assessment_scale", "field_of_education", "validity_start_date",
                      "validity_end_date", "status", "marketed", "search_lemmas", "search_title", "language_codes",
                      "updated_at"]
MODULE_UPDATE_FIELDS = [f for f in UNIT_UPDATE_FIELDS if not f.startswith(("search_", "language_codes"))]
REALISATION_UPDATE_FIELDS = ["code", "course_unit_id", "name_fi", "name_sv", "name_en", "description_fi",
                             "description_sv", "description_en", "start_date", "end_date", "enrolment_start",
                             "enrolment_end", "teaching_mode", "teaching_languages", "location", "min_seats",
                             "max_seats", "credits_min", "credits_max", "teachers", "schedule", "status", "marketed",
                             "updated_at"]


def _upsert(model: Any, rows: list[dict[str, Any]], update_fields: list[str]) -> dict[tuple[int, str], tuple[int, bool]]:
    """Insert-or-update by (organisation_id, external_id); returns key → (pk, created). PostgreSQL: COPY
    into a temporary table and one INSERT … ON CONFLICT … RETURNING (a row whose xmax is 0 was inserted
    by this statement); elsewhere the ORM's bulk_create with update_conflicts around two lookups."""
    from django.db import connection

    if not rows:
        return {}
    if connection.vendor != "postgresql":
        keys = [(r["organisation_id"], r["external_id"]) for r in rows]
        before = _existing(model, keys)
        model.objects.bulk_create([model(**r) for r in rows], update_conflicts=True,
                                  unique_fields=["organisation_id", "external_id"], update_fields=update_fields)
        return {key: (pk, key not in before) for key, pk in _existing(model, keys).items()}
    import json as _json

    table = model._meta.db_table
    columns = list(rows[0])
    db_columns = [model._meta.get_field(c).column for c in columns]
    json_columns = {i for i, c in enumerate(columns) if c == "teaching_languages"}
    tmp = f"tmp_import_{table}"
    col_list = ", ".join(f'"{c}"' for c in db_columns)
    updates = ", ".join(f'"{model._meta.get_field(c).column}" = EXCLUDED."{model._meta.get_field(c).column}"'
                        for c in update_fields)
    with connection.cursor() as cursor:
        # identifiers below come from model metadata, never from input
        cursor.execute(f'CREATE TEMP TABLE IF NOT EXISTS "{tmp}" AS SELECT {col_list} FROM "{table}" WITH NO DATA')  # noqa: S608
        cursor.execute(f'TRUNCATE "{tmp}"')
        raw = cursor.cursor
        with raw.copy(f'COPY "{tmp}" ({col_list}) FROM STDIN') as copy:
            for r in rows:
                values = [r[c] for c in columns]
                for i in json_columns:
                    values[i] = _json.dumps(values[i])
                copy.write_row(values)
        cursor.execute(f'INSERT INTO "{table}" ({col_list}) SELECT {col_list} FROM "{tmp}" '  # noqa: S608
                       f'ON CONFLICT ("organisation_id", "external_id") DO UPDATE SET {updates} '
                       f'RETURNING "id", "organisation_id", "external_id", (xmax = 0)')
        return {(org, ext): (pk, bool(inserted)) for pk, org, ext, inserted in cursor.fetchall()}


def _existing(model: Any, keys: list[tuple[int, str]]) -> dict[tuple[int, str], int]:
    """(organisation id, external id) → pk for the keys that exist, in one query (on PostgreSQL a join
    against the two key arrays, so a batch of thousands costs one small statement)."""
    from django.db import connection

    if not keys:
        return {}
    wanted = set(keys)
    out: dict[tuple[int, str], int] = {}
    if connection.vendor == "postgresql":
        orgs, exts = zip(*wanted, strict=True)
        table = model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT t."id", t."organisation_id", t."external_id" FROM "{table}" t '  # noqa: S608
                           'JOIN unnest(%s::integer[], %s::text[]) AS k(org, ext) '
                           'ON t."organisation_id" = k.org AND t."external_id" = k.ext', [list(orgs), list(exts)])
            for pk, org, ext in cursor.fetchall():
                out[(org, ext)] = pk
        return out
    orgs_sorted = sorted({org for org, _ in wanted})
    exts_sorted = sorted({ext for _, ext in wanted})
    for pk, org, ext in model.objects.filter(organisation_id__in=orgs_sorted, external_id__in=exts_sorted) \
            .values_list("pk", "organisation_id", "external_id"):
        if (org, ext) in wanted:
            out[(org, ext)] = pk
    return out


ANALYZE_AFTER_ROWS = 1000


def offering_import_finished(*, rows_written: int) -> None:
    """After a bulk import of at least ANALYZE_AFTER_ROWS rows, refresh PostgreSQL's planner statistics of
    the offering tables: without them the search's plan can be a hundred times slower until autovacuum
    (which may lag or be off) gets to the tables. SQLite has nothing to refresh."""
    from django.db import connection

    if rows_written < ANALYZE_AFTER_ROWS or connection.vendor != "postgresql":
        return
    tables = ", ".join(m._meta.db_table for m in (StudyModule, CourseUnit, Realisation))
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")  # table names from model metadata


@transaction.atomic
@_changes_catalogue
def offering_import_batch(*, actor: Any, rows: list[tuple[str, int, Any]]) -> dict[str, int]:
    """Upsert one batch of validated import rows (kind, organisation id, In-model) in one transaction.
    Rows must come modules → units → realisations (importer.plan orders them)."""
    from django.utils import timezone

    now = timezone.now()
    for org in {r[1] for r in rows}:
        _check_actor(actor, org)
    created = updated = 0
    modules = [(org, m) for kind, org, m in rows if kind == "study_module"]
    units = [(org, m) for kind, org, m in rows if kind == "course_unit"]
    reals = [(org, m) for kind, org, m in rows if kind == "realisation"]
    if modules:
        keys = [(org, m.study_element_id) for org, m in modules]
        before = _existing(StudyModule, keys)
        module_objs = [StudyModule(organisation_id=org, external_id=m.study_element_id, created_at=now, updated_at=now,
                            **element_fields(m)) for org, m in modules]
        StudyModule.objects.bulk_create(module_objs, update_conflicts=True, unique_fields=["organisation_id", "external_id"],
                                        update_fields=MODULE_UPDATE_FIELDS)
        ids = _existing(StudyModule, keys)
        parent_keys = [(org, m.parents[0]) for org, m in modules if m.parents]
        parents = _existing(StudyModule, parent_keys)
        for org, m in modules:
            parent_id = parents.get((org, m.parents[0])) if m.parents else None
            StudyModule.objects.filter(pk=ids[(org, m.study_element_id)]).update(parent_id=parent_id)
        created += len(keys) - len(before)
        updated += len(before)
    if units:
        unit_rows = [{"organisation_id": org, "external_id": m.study_element_id, "created_at": now, "updated_at": now,
                      **unit_fields(m)} for org, m in units]
        written = _upsert(CourseUnit, unit_rows, UNIT_UPDATE_FIELDS)
        ids = {key: pk for key, (pk, _new) in written.items()}
        new_units = sum(1 for _pk, new in written.values() if new)
        through = CourseUnit.modules.through
        with_parents = [(org, m) for org, m in units if m.parents]
        unit_ids = list(ids.values())
        if new_units < len(written) or with_parents:
            through.objects.filter(courseunit_id__in=unit_ids).delete()
        if with_parents:
            parents = _existing(StudyModule, [(org, p) for org, m in with_parents for p in m.parents])
            through.objects.bulk_create([
                through(courseunit_id=ids[(org, m.study_element_id)], studymodule_id=parents[(org, p)])
                for org, m in with_parents for p in dict.fromkeys(m.parents)])
        created += new_units
        updated += len(written) - new_units
    if reals:
        unit_ids_map = _existing(CourseUnit, [(org, m.study_element_id) for org, m in reals])
        real_rows = [{"organisation_id": org, "external_id": m.realisation_id, "created_at": now, "updated_at": now,
                      **realisation_fields(m, unit_ids_map[(org, m.study_element_id)])} for org, m in reals]
        written = _upsert(Realisation, real_rows, REALISATION_UPDATE_FIELDS)
        new_reals = sum(1 for _pk, new in written.values() if new)
        created += new_reals
        updated += len(written) - new_reals
    for org in sorted({r[1] for r in rows}):
        record(Event.IMPORT_BATCH, actor=actor, organisation=_oid(org), subject=("catalogue.import", org),
               after={"rows": sum(1 for r in rows if r[1] == org), "batch_created": created, "batch_updated": updated})
    return {"created": created, "updated": updated}


def import_run_start(*, actor: Any, organisation_id: int, filename: str, content: str, dry_run: bool) -> Any:
    """An officer upload: stored, then checked and written by `catalogue.import_step` jobs (one batch each)."""
    from joopas.catalogue.models import ImportRun
    from joopas.core.jobs import enqueue

    _check_actor(actor, organisation_id)
    with transaction.atomic():
        run = ImportRun.objects.create(organisation_id=organisation_id, started_by_id=getattr(actor, "pk", None),
                                       filename=filename[:255], content=content, dry_run=dry_run)
        record(Event.IMPORT_STARTED, actor=actor, organisation=_oid(organisation_id), subject=run,
               after={"filename": filename, "dry_run": dry_run})
        enqueue("catalogue.import_step", args={"run_id": run.pk, "offset": -1})
    return run


def import_run_step(*, run_id: int, offset: int) -> None:
    from joopas.catalogue import importer
    from joopas.catalogue.models import ImportRun
    from joopas.core.jobs import enqueue

    run = locked(ImportRun.objects.all(), not_found_code=ErrorCode.IMPORT_RUN_NOT_FOUND, pk=run_id)
    if run.state in (ImportRun.State.DONE, ImportRun.State.FAILED):
        return
    lines = run.content.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if offset < 0:
        plan = importer.plan(lines, organisation_id=run.organisation_id)
        run.total_rows = plan.total
        run.errors = [e.as_dict() for e in plan.errors]
        run.processed_rows = 0
        if not plan.ok or run.dry_run or not plan.order:
            to: str = ImportRun.State.DONE if plan.ok else ImportRun.State.FAILED
            run.processed_rows = plan.total
            run.content = ""
        else:
            to = ImportRun.State.RUNNING
            run.total_rows = len(plan.order)
            _ORDER_CACHE[run.pk] = plan.order
            enqueue("catalogue.import_step", args={"run_id": run.pk, "offset": 0})
        _save_run(run, to)
        return
    order = _ORDER_CACHE.get(run.pk)
    if order is None:
        order = importer.plan(lines, organisation_id=run.organisation_id).order
        _ORDER_CACHE[run.pk] = order
    batch = order[offset:offset + importer.BATCH_SIZE]
    importer.apply_batch(lines, batch, organisation_id=run.organisation_id)
    run.processed_rows = offset + len(batch)
    run.written_rows = run.processed_rows
    to = run.state
    if run.processed_rows >= len(order):
        to = ImportRun.State.DONE
        run.content = ""
        _ORDER_CACHE.pop(run.pk, None)
        offering_import_finished(rows_written=len(order))
    else:
        enqueue("catalogue.import_step", args={"run_id": run.pk, "offset": run.processed_rows})
    _save_run(run, to)


RUN_PROGRESS_FIELDS = ["total_rows", "processed_rows", "written_rows", "errors", "content", "updated_at"]


def _save_run(run: Any, to: str) -> None:
    """Progress, and the state along R-OFF-IMPORT-1 when it moves."""
    if to == run.state:
        run.save(update_fields=RUN_PROGRESS_FIELDS)
        return
    transition(run, to=to, field="state", table=rules.IMPORT_RUN_TRANSITIONS,
               code=ErrorCode.ILLEGAL_IMPORT_STATE_CHANGE, extra_fields=RUN_PROGRESS_FIELDS)


_ORDER_CACHE: dict[int, list[int]] = {}  # a worker-local memo; recomputed from the file when missing
