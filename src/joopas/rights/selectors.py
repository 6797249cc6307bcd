"""Reads of persons and study rights, for pages, the API and other apps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from joopas.core.clock import today
from joopas.rights.data import PersonRef, StudyRightRef
from joopas.rights.models import Person, StudyRight, StudyRightKind, StudyRightStatus


def person_ref(p: Person) -> PersonRef:
    return PersonRef(p.pk, p.organisation_id, p.first_names, p.last_name, p.learner_oid, p.hetu_masked,
                     p.student_number)


def right_ref(r: StudyRight) -> StudyRightRef:
    networks = frozenset(e.network_id for e in r.eligibility.all())
    return StudyRightRef(r.pk, r.person_id, r.organisation_id, r.identifier, r.kind, r.status, r.start_date,
                         r.end_date, networks)


def rights(ids: Iterable[int] | None = None) -> QuerySet[StudyRight]:
    qs = StudyRight.objects.prefetch_related("eligibility")
    return qs if ids is None else qs.filter(pk__in=list(ids))


def rights_of_person(person_id: int) -> list[StudyRightRef]:
    return [right_ref(r) for r in rights().filter(person_id=person_id)]


def match_person(organisation_id: int, *, hetu_key: str, learner_oid: str) -> Person | None:
    """R-REG-6: the organisation's existing record of this person, by identity code or learner OID."""
    match = Q(pk__in=[])
    if hetu_key:
        match |= Q(hetu_key=hetu_key)
    if learner_oid:
        match |= Q(learner_oid=learner_oid)
    return Person.objects.filter(match, organisation_id=organisation_id).order_by("id").first()


def eligible_rights_count(network_id: int, organisation_ids: list[int], day: dt.date | None = None) -> int:
    """R-NET-2 / R-NET-3: how many home study rights of these organisations' students are eligible for the
    network and in force on `day` (default today). The same test as `rules.is_eligible`, in one SQL count."""
    day = day or today()
    return (StudyRight.objects.filter(kind=StudyRightKind.HOME, status=StudyRightStatus.ACTIVE,
                                      organisation_id__in=organisation_ids, eligibility__network_id=network_id,
                                      start_date__lte=day)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=day)).distinct().count())
