"""Reads of JOO applications, rounds and terms for the pages, the API and the desk."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from joopas.accounts import api as accounts_api
from joopas.applications import rules
from joopas.applications.models import Application, HostTerms, Round
from joopas.catalogue import api as catalogue_api
from joopas.catalogue.data import CourseUnitRef
from joopas.core.clock import today
from joopas.rights import api as rights_api
from joopas.rights.data import JooRightRef, PersonRef


def persons_of_user(user: Any) -> list[PersonRef]:
    """The home records of the logged-in student (persons with a home study right bound to the account)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return rights_api.persons_by_identity(accounts_api.identity_of(user))


def applications_of_persons(person_ids: Iterable[int]) -> list[Application]:
    return list(Application.objects.filter(home_person_id__in=list(person_ids)).select_related("round")
                .prefetch_related("entities").order_by("-created_at", "-id"))


def application(pk: int) -> Application | None:
    return (Application.objects.select_related("round").prefetch_related("entities", "attachments", "history")
            .filter(pk=pk).first())


def terms_of(organisation_id: int) -> HostTerms | None:
    return HostTerms.objects.filter(organisation_id=organisation_id).first()


def rounds_of_host(organisation_id: int) -> list[Round]:
    return list(Round.objects.filter(organisation_id=organisation_id).order_by("-opens_on", "id"))


def rounds_for_applying(day: dt.date | None = None) -> list[Round]:
    """Rounds a student may apply in or prepare a draft for: open now or opening later."""
    d = day or today()
    return list(Round.objects.filter(Q(closes_on__isnull=True) | Q(closes_on__gte=d))
                .order_by("organisation_id", "opens_on", "id"))


@dataclass
class QueueFilters:
    status: str = ""
    q: str = ""
    overdue: bool = False
    host: int | None = None
    home: int | None = None


def _filtered(qs: QuerySet[Application], f: QueueFilters, organisation_ids: list[int], day: dt.date
              ) -> QuerySet[Application]:
    if f.status:
        qs = qs.filter(status=f.status)
    if f.overdue:
        qs = qs.filter(status__in=rules.WAITING_FOR_HOST, decision_due__lt=day)
    if f.host:
        qs = qs.filter(host_organisation_id=f.host)
    if f.home:
        qs = qs.filter(home_organisation_id=f.home)
    if f.q.strip():
        words = f.q.strip()
        person_ids = rights_api.person_ids_matching(words, qs.values_list("home_organisation_id", flat=True)
                                                    .distinct())
        qs = qs.filter(Q(number__icontains=words) | Q(home_person_id__in=person_ids))
    return qs


def home_queue(organisation_ids: list[int], f: QueueFilters, day: dt.date | None = None) -> QuerySet[Application]:
    """R-JOO-1: the home office's applications of its students (every submitted one; drafts are the student's)."""
    qs = Application.objects.filter(home_organisation_id__in=organisation_ids).exclude(status=rules.DRAFT)
    return _filtered(qs, f, organisation_ids, day or today()).select_related("round") \
        .prefetch_related("entities").order_by("submitted_at", "id")


def host_queue(organisation_ids: list[int], f: QueueFilters, day: dt.date | None = None) -> QuerySet[Application]:
    """R-JOO-1/2: what the host sees — only endorsed applications — oldest due first."""
    qs = Application.objects.filter(host_organisation_id__in=organisation_ids, status__in=rules.VISIBLE_TO_HOST)
    return _filtered(qs, f, organisation_ids, day or today()).select_related("round") \
        .prefetch_related("entities").order_by("decision_due", "endorsed_at", "id")


def status_counts(qs: QuerySet[Application]) -> dict[str, int]:
    return dict(qs.order_by().values_list("status").annotate(n=Count("id")))


def waiting_for_home(organisation_ids: list[int]) -> int:
    return Application.objects.filter(home_organisation_id__in=organisation_ids, status=rules.SUBMITTED).count()


def waiting_for_host(organisation_ids: list[int]) -> int:
    return Application.objects.filter(host_organisation_id__in=organisation_ids, status=rules.ENDORSED).count()


def waiting_for_student(home_person_ids: list[int]) -> int:
    """The student's applications the host asked to supplement (R-JOO-2)."""
    return Application.objects.filter(home_person_id__in=home_person_ids, status=rules.SUPPLEMENT).count()


def overdue_count(organisation_ids: list[int], day: dt.date | None = None) -> int:
    return Application.objects.filter(host_organisation_id__in=organisation_ids, status__in=rules.WAITING_FOR_HOST,
                                      decision_due__lt=day or today()).count()


@dataclass
class OverviewRow:
    organisation_id: int
    waiting_endorsement: int = 0
    waiting_decision: int = 0
    overdue: int = 0
    decided: int = 0


def overview(day: dt.date | None = None) -> list[OverviewRow]:
    """R-JOO-2 dashboard: per institution, what waits for it as home and as host, and the overdue decisions."""
    d = day or today()
    rows: dict[int, OverviewRow] = {}
    for org, n in (Application.objects.filter(status=rules.SUBMITTED).order_by()
                   .values_list("home_organisation_id").annotate(n=Count("id"))):
        rows.setdefault(org, OverviewRow(org)).waiting_endorsement = n
    for org, status, n in (Application.objects.filter(status__in=rules.VISIBLE_TO_HOST).order_by()
                           .values_list("host_organisation_id", "status").annotate(n=Count("id"))):
        row = rows.setdefault(org, OverviewRow(org))
        if status == rules.DECIDED:
            row.decided += n
        else:
            row.waiting_decision += n
    for org, n in (Application.objects.filter(status__in=rules.WAITING_FOR_HOST, decision_due__lt=d).order_by()
                   .values_list("host_organisation_id").annotate(n=Count("id"))):
        rows.setdefault(org, OverviewRow(org)).overdue = n
    return sorted(rows.values(), key=lambda r: (-r.overdue, -r.waiting_decision, r.organisation_id))


def supplements_to_remind() -> QuerySet[Application]:
    return Application.objects.filter(status=rules.SUPPLEMENT, reminded_at__isnull=True,
                                      supplement_requested_at__isnull=False)


def granted_units(joo: JooRightRef | None) -> list[CourseUnitRef]:
    """R-JOO-8: the course units the JOO right covers (granted directly or through a granted module), by code."""
    if joo is None:
        return []
    ids = {g.entity_id for g in joo.granted if g.entity_kind == rules.COURSE_UNIT}
    modules = [g.entity_id for g in joo.granted if g.entity_kind == rules.MODULE]
    if modules:
        ids |= catalogue_api.course_unit_ids_of_modules(modules)
    units = catalogue_api.course_units_by_ids(ids)
    return sorted(units.values(), key=lambda u: (u.code, u.id))
