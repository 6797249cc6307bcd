"""Reads of persons and study rights, for pages, the API and other apps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from joopas.core import audit
from joopas.core.clock import today
from joopas.organisations import api as organisations_api
from joopas.rights.codes import Event
from joopas.rights.data import GrantedStudyRef, JooRightRef, PersonRef, StudyRightRef
from joopas.rights.models import Eligibility, Person, StudyRight, StudyRightKind, StudyRightStatus


def person_ref(p: Person) -> PersonRef:
    return PersonRef(p.pk, p.organisation_id, p.first_names, p.last_name, p.learner_oid, p.hetu_masked,
                     p.student_number)


def right_ref(r: StudyRight) -> StudyRightRef:
    networks = frozenset(e.network_id for e in r.eligibility.all())
    return StudyRightRef(r.pk, r.person_id, r.organisation_id, r.identifier, r.kind, r.status, r.start_date,
                         r.end_date, networks, r.home_right_id)


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


def persons_by_identity(identity: str) -> list[Person]:
    """The home records of the person a logged-in user is bound to ("hetu:<digest>" or "oid:<learner OID>"):
    persons with that identity who hold a home study right (a host's copy of a visiting student is not one)."""
    if not identity:
        return []
    if identity.startswith("hetu:"):
        match = Q(hetu_key=identity)
    elif identity.startswith("oid:") and len(identity) > 4:
        match = Q(learner_oid=identity[4:])
    else:
        return []
    return list(Person.objects.filter(match, study_rights__kind=StudyRightKind.HOME).distinct()
                .order_by("organisation_id", "id"))


def eligible_rights_count(network_id: int, organisation_ids: list[int], day: dt.date | None = None) -> int:
    """R-NET-2 / R-NET-3: how many home study rights of these organisations' students are eligible for the
    network and in force on `day` (default today). The same test as `rules.is_eligible`, in one SQL count."""
    day = day or today()
    return (StudyRight.objects.filter(kind=StudyRightKind.HOME, status=StudyRightStatus.ACTIVE,
                                      organisation_id__in=organisation_ids, eligibility__network_id=network_id,
                                      start_date__lte=day)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=day)).distinct().count())


# --- officer pages -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StudentFilters:
    """The students list's filters: words of a name, a student number or a learner OID; a home right's status;
    eligibility (R-NET-2) for a network."""

    q: str = ""
    status: str = ""
    network_id: int | None = None
    ending_soon: bool = False  # a home right in force that ends within 30 days

    @property
    def active(self) -> bool:
        return bool(self.q or self.status or self.network_id or self.ending_soon)


def _search(qs: QuerySet[Person], q: str) -> QuerySet[Person]:
    for word in q.split()[:5]:
        qs = qs.filter(Q(first_names__icontains=word) | Q(last_name__icontains=word)
                       | Q(student_number__icontains=word) | Q(learner_oid__icontains=word))
    return qs


def _ghosts(organisation_id: int) -> Any:
    """R-REG-2: persons known only through provisional host rights belong to the registration register."""
    return (Person.objects.filter(organisation_id=organisation_id, study_rights__kind=StudyRightKind.HOST_PROVISIONAL)
            .exclude(pk__in=StudyRight.objects.exclude(kind=StudyRightKind.HOST_PROVISIONAL).values("person_id"))
            .values("pk"))


def students(organisation_id: int, f: StudentFilters) -> QuerySet[Person]:
    """The organisation's persons (its own students and its records of visiting students), filtered."""
    qs = _search(Person.objects.filter(organisation_id=organisation_id), f.q).exclude(pk__in=_ghosts(organisation_id))
    if f.status:
        qs = qs.filter(study_rights__status=f.status)
    if f.network_id:
        qs = qs.filter(study_rights__kind=StudyRightKind.HOME, study_rights__eligibility__network_id=f.network_id)
    if f.ending_soon:
        qs = qs.filter(study_rights__in=ending_soon(organisation_id))
    if f.status or f.network_id or f.ending_soon:
        qs = qs.distinct()
    return qs.order_by("last_name", "first_names", "id")


def student_status_counts(organisation_id: int, f: StudentFilters) -> dict[str, int]:
    """How many of the listed persons have a study right in each status (the other filters applied)."""
    base = students(organisation_id, StudentFilters(q=f.q, network_id=f.network_id, ending_soon=f.ending_soon))
    rows = (StudyRight.objects.filter(person__in=base.values("pk")).values("status")
            .annotate(n=Count("person_id", distinct=True)))
    return {r["status"]: r["n"] for r in rows}


def student_network_counts(organisation_id: int, f: StudentFilters) -> dict[int, int]:
    """How many of the listed persons have a home right eligible for each network (R-NET-2)."""
    base = students(organisation_id, StudentFilters(q=f.q, status=f.status, ending_soon=f.ending_soon))
    rows = (Eligibility.objects.filter(study_right__person__in=base.values("pk"), study_right__kind=StudyRightKind.HOME)
            .values("network_id").annotate(n=Count("study_right__person_id", distinct=True)))
    return {r["network_id"]: r["n"] for r in rows}


def rights_by_person(person_ids: list[int]) -> dict[int, list[StudyRight]]:
    out: dict[int, list[StudyRight]] = {pk: [] for pk in person_ids}
    for r in StudyRight.objects.filter(person_id__in=person_ids).prefetch_related("eligibility") \
            .order_by("person_id", "kind", "start_date", "id"):
        out[r.person_id].append(r)
    return out


def person_for_page(person_id: int) -> Person | None:
    """One person with every study right, its eligibility, attendance and history, for the officer's page."""
    return (Person.objects.filter(pk=person_id)
            .prefetch_related(Prefetch("study_rights", queryset=StudyRight.objects.order_by("kind", "start_date", "id")
                                       .select_related("home_right")),
                              "study_rights__eligibility", "study_rights__attendance", "study_rights__history")
            .first())


def right_of_organisation(right_id: int, person_id: int) -> StudyRight | None:
    return StudyRight.objects.filter(pk=right_id, person_id=person_id).first()


def ending_soon(organisation_id: int, days: int = 30, day: dt.date | None = None) -> QuerySet[StudyRight]:
    """The organisation's home study rights in force that end within `days` days."""
    day = day or today()
    return StudyRight.objects.filter(organisation_id=organisation_id, kind=StudyRightKind.HOME,
                                     status=StudyRightStatus.ACTIVE, end_date__gte=day,
                                     end_date__lte=day + dt.timedelta(days=days))


def desk_counts(organisation_id: int, day: dt.date | None = None) -> dict[str, int]:
    day = day or today()
    home = StudyRight.objects.filter(organisation_id=organisation_id, kind=StudyRightKind.HOME)
    return {"students": Person.objects.filter(organisation_id=organisation_id).count(),
            "active": home.filter(status=StudyRightStatus.ACTIVE).count(),
            "ending": ending_soon(organisation_id, day=day).count(),
            "not_eligible": home.filter(status=StudyRightStatus.ACTIVE, eligibility__isnull=True).count()}


def known_person(organisation_id: int, *, hetu_key: str, learner_oid: str) -> Person | None:
    """R-REG-6 on the new-student form: the organisation's existing record of the person, if any."""
    if not (hetu_key or learner_oid):
        return None
    return match_person(organisation_id, hetu_key=hetu_key, learner_oid=learner_oid)


def existing_identifiers(organisation_id: int, identifiers: list[str]) -> set[str]:
    return set(StudyRight.objects.filter(organisation_id=organisation_id, identifier__in=identifiers)
               .values_list("identifier", flat=True))


def organisation_oid(organisation_id: int) -> str:
    ref = organisations_api.get_by_id(organisation_id)
    return ref.oid if ref else ""


def students_read(*, actor: Any, organisation_id: int, persons: list[Person], filters: StudentFilters,
                  export: bool = False) -> None:
    """R-ACC-6: a list of people was shown (or downloaded): one read row naming them."""
    audit.record(Event.PERSON_READ, actor=actor, organisation=organisation_oid(organisation_id),
                 subject=("rights.person", ""),
                 after={"person_ids": [p.pk for p in persons], "learner_oids": [p.learner_oid for p in persons
                                                                                if p.learner_oid],
                        "rows": len(persons), "export": export,
                        "filters": {"q": filters.q, "status": filters.status, "network_id": filters.network_id,
                                    "ending_soon": filters.ending_soon}})


def person_read(*, actor: Any, person: Person) -> None:
    """R-ACC-6: one person's page was shown."""
    audit.record(Event.PERSON_READ, actor=actor, organisation=organisation_oid(person.organisation_id),
                 subject=person, person_oid=person.learner_oid, after={"person_ids": [person.pk]})


# --- R-REG-7: who holds a right of a student (the exchange's student updates) ------------------------------

def hosts_of_student(person: Person) -> list[int]:
    """R-REG-7 (data minimisation §12): the other institutions that hold a right of this home student — on a
    copy of the home record, or granted on one of its home rights (registrations create both)."""
    return sorted(set(StudyRight.objects.filter(Q(person__home_person=person) | Q(home_right__person=person))
                      .exclude(organisation_id=person.organisation_id)
                      .values_list("organisation_id", flat=True)))


def holds_right_of(organisation_id: int, *, hetu_key: str = "", learner_oid: str = "",
                   home_person_id: int | None = None) -> bool:
    """R-REG-7: the organisation holds a study right of this student (matched by identity code, learner OID or as
    a copy of the home record). A registration always comes with such a right (R-REG-2)."""
    match = Q(pk__in=[])
    if hetu_key:
        match |= Q(person__hetu_key=hetu_key)
    if learner_oid:
        match |= Q(person__learner_oid=learner_oid)
    if home_person_id is not None:
        match |= Q(person__home_person_id=home_person_id) | Q(home_right__person_id=home_person_id)
    return StudyRight.objects.filter(match, organisation_id=organisation_id).exists()


def home_right_by_identifier(organisation_id: int, identifier: str) -> StudyRight | None:
    return (StudyRight.objects.select_related("person")
            .filter(organisation_id=organisation_id, identifier=identifier, kind=StudyRightKind.HOME).first())


# --- JOO study rights (R-JOO-6, R-JOO-8) -----------------------------------------------------------------

def joo_ref(r: StudyRight) -> JooRightRef:
    """`r` with its person, home right and granted studies loaded (joo_rights_qs)."""
    home_org = r.home_right.organisation_id if r.home_right_id and r.home_right else 0
    return JooRightRef(
        id=r.pk, identifier=r.identifier, host_organisation_id=r.organisation_id, home_organisation_id=home_org,
        host_person_id=r.person_id, home_right_id=r.home_right_id, first_names=r.person.first_names,
        last_name=r.person.last_name, learner_oid=r.person.learner_oid, email=r.person.email,
        host_student_number=r.person.student_number, start_date=r.start_date, end_date=r.end_date,
        status=r.status, end_reason=r.end_reason,
        granted=tuple(GrantedStudyRef(g.entity_kind, g.entity_id) for g in r.granted_studies.all()))


def joo_rights_qs() -> QuerySet[StudyRight]:
    return (StudyRight.objects.filter(kind=StudyRightKind.JOO)
            .select_related("person", "home_right").prefetch_related("granted_studies"))


def joo_rights_of_host(organisation_id: int, *, day: dt.date | None = None, in_force_only: bool = True
                       ) -> list[JooRightRef]:
    """R-JOO-6: the host's JOO students, by name; `in_force_only` keeps the rights in force on `day`."""
    qs = joo_rights_qs().filter(organisation_id=organisation_id).order_by("person__last_name",
                                                                            "person__first_names", "pk")
    if in_force_only:
        d = day or today()
        qs = qs.filter(status="active", start_date__lte=d).filter(Q(end_date__isnull=True) | Q(end_date__gte=d))
    return [joo_ref(r) for r in qs]


def joo_rights_of_home_person(home_person_id: int) -> list[JooRightRef]:
    """Every JOO right granted on one of this home person's degree rights (the student's own pages)."""
    return [joo_ref(r) for r in joo_rights_qs().filter(home_right__person_id=home_person_id).order_by("-start_date")]
