"""Bulk import of students and their home study rights from CSV (a study office's register export).

One row is a person and one home study right. `plan()` checks every row with the same rules as the
officer's form and the services (identity code or learner OID valid, names present, dates in order, a
known status, networks the institution belongs to, no identifier twice in the file) and reports every
invalid row with its line number; `apply()` writes only a wholly valid file, in one transaction, through
the services (so every write is audited), reporting progress. A re-run updates the same people and
rights (R-REG-6 matching, rights by identifier): it is idempotent.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from joopas.accounts import api as accounts_api
from joopas.core.errors import DomainError
from joopas.networks import api as networks_api
from joopas.rights import rules, services
from joopas.rights.models import StudyRight

COLUMNS = ("hetu", "learner_oid", "student_number", "first_names", "last_name", "email", "right_identifier",
           "start_date", "end_date", "status", "degree_programme", "networks")
REQUIRED = ("first_names", "last_name", "right_identifier", "start_date")
MAX_ROWS = 200_000


@dataclass(frozen=True)
class RowError:
    line: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.code}: {self.message}"


@dataclass
class Row:
    line: int
    person: services.PersonInput
    identifier: str
    start_date: dt.date
    end_date: dt.date | None
    status: str
    degree_programme: str
    network_ids: list[int]


@dataclass
class Plan:
    rows: list[Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def plan(text: str, *, organisation_id: int) -> Plan:
    result = Plan()
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        result.errors.append(RowError(1, "rights.import.columns",
                                      _("The first line must name the columns; missing: %(cols)s.")
                                      % {"cols": ", ".join(missing)}))
        return result
    member_of = {n.code: n.id for n in networks_api.networks_of_organisation(organisation_id)}
    seen: dict[str, int] = {}
    for index, raw in enumerate(reader):
        line = index + 2  # the header is line 1
        if index >= MAX_ROWS:
            result.errors.append(RowError(line, "rights.import.too_many_rows",
                                          _("A file may have at most %(n)d rows.") % {"n": MAX_ROWS}))
            break
        values = {k: (raw.get(k) or "").strip() for k in COLUMNS}
        try:
            result.rows.append(_row(line, values, member_of, seen))
        except DomainError as exc:
            result.errors.append(RowError(line, exc.code, str(exc.message)))
        except ValueError as exc:  # a date that is not YYYY-MM-DD
            result.errors.append(RowError(line, "rights.import.date", _("Dates are written YYYY-MM-DD: %(e)s")
                                          % {"e": exc}))
    if not result.rows and not result.errors:
        result.errors.append(RowError(1, "rights.import.empty", _("The file has no rows.")))
    return result


def _row(line: int, v: dict[str, str], member_of: dict[str, int], seen: dict[str, int]) -> Row:
    for name in REQUIRED:
        if not v[name]:
            raise DomainError(_("%(column)s is missing.") % {"column": name}, code="rights.import.missing")
    if v["hetu"]:
        accounts_api.identity_key(hetu=v["hetu"])  # raises the identifier's own error
    if v["learner_oid"]:
        accounts_api.identity_key(person_oid=v["learner_oid"])
    rules.check_identity(hetu_key=v["hetu"], learner_oid=v["learner_oid"])
    start, end = _date(v["start_date"]), _date(v["end_date"])
    assert start is not None
    rules.check_dates(start, end)
    status = v["status"] or rules.ACTIVE
    if status not in rules.STATUS_TRANSITIONS:
        raise DomainError(_("Unknown status %(s)s.") % {"s": status}, code="rights.import.status")
    codes = [c.strip() for c in v["networks"].split(";") if c.strip()]
    if unknown := [c for c in codes if c not in member_of]:
        raise DomainError(_("Your institution is not a member of these networks: %(codes)s.")
                          % {"codes": ", ".join(unknown)}, code="rights.import.network")
    if v["right_identifier"] in seen:
        raise DomainError(_("The study right %(id)s is already on line %(line)d.")
                          % {"id": v["right_identifier"], "line": seen[v["right_identifier"]]},
                          code="rights.import.duplicate")
    seen[v["right_identifier"]] = line
    person = services.PersonInput(first_names=v["first_names"], last_name=v["last_name"], hetu=v["hetu"],
                                  learner_oid=v["learner_oid"], student_number=v["student_number"], email=v["email"])
    return Row(line, person, v["right_identifier"], start, end, status, v["degree_programme"],
               [member_of[c] for c in codes])


@dataclass
class Result:
    persons: int = 0
    rights_created: int = 0
    rights_updated: int = 0


@transaction.atomic
def apply(checked: Plan, *, actor: Any, organisation_id: int,
          progress: Callable[[int], None] | None = None) -> Result:
    """Write a valid plan through the services; one transaction, so a failure leaves nothing behind."""
    if not checked.ok:
        raise ValueError("only a valid plan is applied")
    result = Result()
    for n, row in enumerate(checked.rows, start=1):
        person = services.person_upsert(actor=actor, organisation_id=organisation_id, data=row.person)
        result.persons += 1
        existing = StudyRight.objects.filter(organisation_id=organisation_id, identifier=row.identifier).first()
        if existing is None:
            right = services.home_right_create(actor=actor, person_id=person.pk, identifier=row.identifier,
                                               start_date=row.start_date, end_date=row.end_date, status=row.status,
                                               degree_programme=row.degree_programme)
            result.rights_created += 1
        else:
            if existing.person_id != person.pk:
                raise DomainError(_("Line %(line)d: the study right %(id)s belongs to another person.")
                                  % {"line": row.line, "id": row.identifier}, code="rights.import.other_person")
            right = services.right_dates_update(actor=actor, right_id=existing.pk, start_date=row.start_date,
                                                end_date=row.end_date)
            if right.status != row.status:
                services.right_status_change(actor=actor, right_id=right.pk, to=row.status, reason="import")
            result.rights_updated += 1
        services.eligibility_set(actor=actor, right_id=right.pk, network_ids=row.network_ids)
        if progress and (n % 500 == 0 or n == len(checked.rows)):
            progress(n)
    return result
