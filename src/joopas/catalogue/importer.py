"""Bulk import of offering from JSON Lines (one course unit, study module or realisation per line, in
the shape of `schemas.py`, with `"type"`). Used by `joopas import-offering` and the officer upload.

Two steps. `plan()` reads every line and reports every invalid row with its line number and reason
(malformed JSON, schema errors such as a missing language, reversed dates or an over-long text, an
unknown organisation or network, a duplicate id within the file, a reference to a unit or module that
is neither in the file nor in the organiser's offering) and orders the valid rows: modules, units,
realisations. `apply_batches()` writes only when the whole file is valid, in batches that each commit
atomically; every write is an upsert by the institution's own identifier, so a re-run is idempotent.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import Field, TypeAdapter
from pydantic import ValidationError as PydanticError

from joopas.catalogue import search, services
from joopas.catalogue.codes import ErrorCode
from joopas.catalogue.models import CourseUnit, StudyModule
from joopas.catalogue.schemas import CourseUnitIn, RealisationIn, StudyModuleIn
from joopas.organisations import api as organisations_api

BATCH_SIZE = 1000
MAX_LINE_CHARS = 12_000_000  # anything longer is refused before parsing (fields are limited much lower)
SCHEMAS: dict[str, Any] = {"study_module": StudyModuleIn, "course_unit": CourseUnitIn, "realisation": RealisationIn}
KIND_ORDER = {"study_module": 0, "course_unit": 1, "realisation": 2}
KIND_CODE = {"study_module": "m", "course_unit": "u", "realisation": "r"}


@dataclass(frozen=True)
class RowError:
    line: int
    code: str
    message: str
    id: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "code": self.code, "message": self.message, "id": self.id}

    def __str__(self) -> str:
        ident = f" [{self.id}]" if self.id else ""
        return f"line {self.line}{ident}: {self.code}: {self.message}"


@dataclass
class Plan:
    total: int = 0
    errors: list[RowError] = field(default_factory=list)
    order: list[int] = field(default_factory=list)  # 0-based line indexes of valid rows, in write order
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KIND_ORDER, 0))
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _row_id(row: dict[str, Any], kind: str) -> str:
    key = "realisation_id" if kind == "realisation" else "study_element_id"
    return str(row.get(key, ""))[:150] if isinstance(row, dict) else ""


ROW = TypeAdapter(Annotated[CourseUnitIn | StudyModuleIn | RealisationIn, Field(discriminator="type")])


def parse_line(text: str) -> tuple[str, Any]:
    """(kind, model) or raises ValueError(code, message). JSON is parsed and validated in one step."""
    if len(text) > MAX_LINE_CHARS:
        raise ValueError(ErrorCode.ROW_TOO_LARGE, f"the row is {len(text)} characters; at most {MAX_LINE_CHARS}")
    try:
        model = ROW.validate_json(text)
    except PydanticError as exc:
        errors = exc.errors(include_url=False, include_input=False)
        first = errors[0]["type"] if errors else ""
        if first == "json_invalid":
            raise ValueError(ErrorCode.MALFORMED_JSON, f"malformed JSON: {errors[0]['msg']}") from None
        if first == "dict_type" and not errors[0].get("loc"):
            raise ValueError(ErrorCode.MALFORMED_JSON, "a row must be a JSON object") from None
        if first in ("union_tag_invalid", "union_tag_not_found"):
            raise ValueError(ErrorCode.UNKNOWN_TYPE,
                             'type must be "course_unit", "study_module" or "realisation"') from None
        parts = []
        for e in errors:
            path = "/".join(str(p) for p in tuple(e.get("loc", ()))[1:])
            parts.append(f"{path or 'row'}: {e.get('msg', '')}")
        raise ValueError(ErrorCode.INVALID, "; ".join(parts)) from None
    return model.type, model


class _Orgs:
    def __init__(self, default_id: int | None) -> None:
        self.default_id = default_id
        self.by_oid: dict[str, int | None] = {}

    def resolve(self, model: Any) -> int:
        oid = getattr(model, "organisation", None)
        if self.default_id is not None:
            if oid:
                ref = organisations_api.get_by_id(self.default_id)
                if ref is None or ref.oid != oid:
                    raise ValueError(ErrorCode.ORGANISATION_MISMATCH,
                                     f"the row names organisation {oid}, the import is for another one")
            return self.default_id
        if not oid:
            raise ValueError(ErrorCode.ORGANISATION_REQUIRED, "give --organisation or an organisation OID per row")
        if oid not in self.by_oid:
            ref = organisations_api.get_by_oid(oid)
            self.by_oid[oid] = ref.id if ref else None
        org_id = self.by_oid[oid]
        if org_id is None:
            raise ValueError(ErrorCode.UNKNOWN_ORGANISATION, f"unknown organisation {oid}")
        return org_id


def plan(lines: Sequence[str], *, organisation_id: int | None = None,
         progress: Callable[[int], None] | None = None) -> Plan:
    p = Plan(total=len(lines))
    orgs = _Orgs(organisation_id)
    seen: dict[tuple[int, str, str], int] = {}
    kinds: dict[int, str] = {}
    refs: list[tuple[int, str, int, str, str]] = []  # (line index, kind needed, org, id, own id)
    networks: dict[str, list[int]] = {}
    for i, raw in enumerate(lines):
        if progress and i % 1000 == 0:
            progress(i)
        text = raw.strip()
        if not text:
            continue
        lineno = i + 1
        try:
            kind, model = parse_line(text)
            org = orgs.resolve(model)
        except ValueError as exc:
            code, message = exc.args
            try:
                parsed = json.loads(text) if len(text) <= MAX_LINE_CHARS else {}
                row_id = _row_id(parsed, str(parsed.get("type", ""))) if isinstance(parsed, dict) else ""
            except Exception:
                row_id = ""
            p.errors.append(RowError(lineno, code, message, row_id))
            continue
        own = model.realisation_id if kind == "realisation" else model.study_element_id
        key = (org, "r" if kind == "realisation" else KIND_CODE[kind], own)
        if key in seen:
            p.errors.append(RowError(lineno, ErrorCode.DUPLICATE_ID,
                                     f"the same identifier is already on line {seen[key]}", own))
            continue
        seen[key] = lineno
        kinds[i] = kind
        if kind == "realisation":
            refs.append((i, "u", org, model.study_element_id, own))
        for parent in model.parents if kind != "realisation" else []:
            refs.append((i, "m", org, parent, own))
        for n in getattr(model, "networks", []):
            networks.setdefault(n, []).append(i)
    if progress:
        progress(len(lines))
    bad: set[int] = set()
    _check_refs(p, refs, seen, bad)
    _check_networks(p, networks, bad)
    valid = sorted((i for i in kinds if i not in bad), key=lambda i: (KIND_ORDER[kinds[i]], i))
    p.order = valid
    for i in valid:
        p.counts[kinds[i]] += 1
    p.errors.sort(key=lambda e: e.line)
    return p


def _check_refs(p: Plan, refs: list[tuple[int, str, int, str, str]], seen: dict[tuple[int, str, str], int],
                bad: set[int]) -> None:
    missing = [(i, k, org, ref, own) for i, k, org, ref, own in refs if (org, k, ref) not in seen]
    by_org: dict[tuple[int, str], set[str]] = {}
    for _i, k, org, ref, _own in missing:
        by_org.setdefault((org, k), set()).add(ref)
    existing: set[tuple[int, str, str]] = set()
    for (org, k), ids in by_org.items():
        model = CourseUnit if k == "u" else StudyModule
        id_list = list(ids)
        for start in range(0, len(id_list), 500):
            for ext in model.objects.filter(organisation_id=org, external_id__in=id_list[start:start + 500]) \
                    .values_list("external_id", flat=True):
                existing.add((org, k, ext))
    for i, k, org, ref, own in missing:
        if (org, k, ref) in existing:
            continue
        bad.add(i)
        if k == "u":
            p.errors.append(RowError(i + 1, ErrorCode.COURSE_UNIT_NOT_FOUND,
                                     f"course unit {ref} is neither in the file nor in the organiser's offering", own))
        else:
            p.errors.append(RowError(i + 1, ErrorCode.PARENT_NOT_FOUND,
                                     f"study module {ref} is neither in the file nor in the organiser's offering",
                                     own))


def _check_networks(p: Plan, networks: dict[str, list[int]], bad: set[int]) -> None:
    if not networks:
        return
    for n in services.networks_known(networks):
        for i in networks[n]:
            bad.add(i)
            p.errors.append(RowError(i + 1, ErrorCode.UNKNOWN_NETWORK, f"unknown network {n}"))


def batches(order: list[int], size: int = BATCH_SIZE) -> Iterator[list[int]]:
    for start in range(0, len(order), size):
        yield order[start:start + size]


def parse_batch(lines: Sequence[str], indexes: list[int], orgs: _Orgs) -> list[tuple[str, int, Any]]:
    rows: list[tuple[str, int, Any]] = []
    for i in indexes:
        kind, model = parse_line(lines[i].strip())
        rows.append((kind, orgs.resolve(model), model))
    return rows


def apply_batch(lines: Sequence[str], indexes: list[int], *, organisation_id: int | None, actor: Any = None,
                orgs: _Orgs | None = None) -> dict[str, int]:
    """Parse the given (already planned, valid) lines and upsert them in one transaction."""
    rows = parse_batch(lines, indexes, orgs or _Orgs(organisation_id))
    return services.offering_import_batch(actor=actor, rows=rows)


WRITERS = 2  # concurrent batch writers outside a transaction: one formats rows while the other waits on the database


def apply_all(lines: Sequence[str], p: Plan, *, organisation_id: int | None, actor: Any = None,
              progress: Callable[[int], None] | None = None, batch_size: int = BATCH_SIZE,
              writers: int = WRITERS) -> dict[str, int]:
    """Write every planned row, batch by batch, each batch in its own transaction.

    Inside a caller's transaction (tests, a job) the batches go one after another on the caller's
    connection. Otherwise writer threads with their own database connections commit batches while the
    main thread prepares the next ones. Batches of one kind (units, realisations) may commit out of file
    order, but a batch only starts once every batch it can refer to has committed: study modules (which
    refer to each other) are written one at a time, units after all modules, realisations after all units.
    A failed batch stops the import; the batches committed before it stay, and a re-run completes it."""
    import queue
    import threading

    from django.db import connection, connections

    if not p.ok:
        raise ValueError("the file has invalid rows; nothing was written")
    totals = {"created": 0, "updated": 0}
    orgs = _Orgs(organisation_id)

    def add(result: dict[str, int], n: int) -> None:
        for k in totals:
            totals[k] += result[k]
        if progress:
            progress(n)

    if connection.in_atomic_block or writers <= 1:
        for batch in batches(p.order, batch_size):
            add(services.offering_import_batch(actor=actor, rows=parse_batch(lines, batch, orgs)),
                len(batch))
        services.offering_import_finished(rows_written=totals["created"] + totals["updated"])
        return totals

    todo: queue.Queue[tuple[list[tuple[str, int, Any]], int] | None] = queue.Queue(maxsize=writers)
    done: queue.Queue[tuple[dict[str, int] | BaseException, int]] = queue.Queue()

    def writer() -> None:
        try:
            while (item := todo.get()) is not None:
                rows, n = item
                try:
                    done.put((services.offering_import_batch(actor=actor, rows=rows), n))
                except BaseException as exc:  # handed to the main thread, which stops the import
                    done.put((exc, n))
        finally:
            connections.close_all()

    if p.counts.get("course_unit"):
        search.warm_up()  # the lemma dictionaries, loaded once here rather than by two writers at once
    threads = [threading.Thread(target=writer, name=f"import-writer-{k}", daemon=True) for k in range(writers)]
    for t in threads:
        t.start()
    in_flight = 0
    running_kind: str | None = None  # the one kind of every batch in flight, or "" for a mixed or module batch
    failure: BaseException | None = None

    def collect(block: bool) -> None:
        nonlocal in_flight, failure
        while in_flight and (block or not done.empty()):
            result, n = done.get()
            in_flight -= 1
            if isinstance(result, BaseException):
                failure = failure or result
            else:
                add(result, n)

    try:
        for batch in batches(p.order, batch_size):
            rows = parse_batch(lines, batch, orgs)
            batch_kinds = {r[0] for r in rows}
            kind = next(iter(batch_kinds)) if len(batch_kinds) == 1 and "study_module" not in batch_kinds else ""
            if not kind or kind != running_kind:
                collect(block=True)  # everything this batch may refer to commits first
            collect(block=False)
            if failure:
                break
            running_kind = kind
            in_flight += 1
            todo.put((rows, len(batch)))
        collect(block=True)
    finally:
        for _ in threads:
            todo.put(None)
        for t in threads:
            t.join()
    if failure:
        raise failure
    services.offering_import_finished(rows_written=totals["created"] + totals["updated"])
    return totals
