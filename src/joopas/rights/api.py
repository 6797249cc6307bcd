"""What other apps may ask of the rights app (registrations, records, applications will)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef, Q

from joopas.catalogue import api as catalogue_api
from joopas.core.clock import today
from joopas.rights import hooks, rules, selectors, services
from joopas.rights.data import GrantedStudyRef, JooRightRef, PersonRef, StudyRightRef
from joopas.rights.models import Eligibility, Person, StudyRight

__all__ = [
    "GrantedStudyRef",
    "JooRightRef",
    "PersonRef",
    "StudyRightRef",
    "eligible_rights_count",
    "find_right",
    "get_person",
    "get_right",
    "host_person_for",
    "host_right_make_official",
    "identity_of_person",
    "is_eligible",
    "is_eligible_right",
    "joo_covered_units",
    "joo_right_end",
    "joo_right_grant",
    "joo_rights_of_home_person",
    "joo_rights_of_host",
    "person_by_oid",
    "person_ids_matching",
    "persons",
    "persons_by_identity",
    "provisional_right_create",
    "provisional_right_remove",
    "register_joo_ended",
    "right_and_person",
    "right_with_person",
    "rights_of_person",
]

eligible_rights_count = selectors.eligible_rights_count
rights_of_person = selectors.rights_of_person


def host_person_for(*, home_person_id: int, host_organisation_id: int) -> PersonRef:
    """R-REG-6 (in the caller's transaction)."""
    return selectors.person_ref(services.host_person_for(home_person_id=home_person_id,
                                                         host_organisation_id=host_organisation_id))


def provisional_right_create(*, host_person_id: int, identifier: str, start_date: dt.date,
                             end_date: dt.date | None, home_right_id: int | None = None,
                             host_person: PersonRef | None = None) -> StudyRightRef:
    """R-REG-2 (in the caller's transaction); the host right follows `home_right_id` (R-REG-7). `host_person`:
    the ref `host_person_for` gave, so that the person is not read again."""
    known = (host_person.organisation_id, host_person.learner_oid) \
        if host_person is not None and host_person.id == host_person_id else None
    r = services.provisional_right_create(host_person_id=host_person_id, identifier=identifier,
                                          start_date=start_date, end_date=end_date, home_right_id=home_right_id,
                                          known=known)
    # a new host right is eligible for no network: its ref without asking the database again
    return StudyRightRef(r.pk, r.person_id, r.organisation_id, r.identifier, r.kind, r.status, r.start_date,
                         r.end_date, frozenset(), r.home_right_id)


def host_right_make_official(*, actor: Any, right_id: int, end_date: dt.date) -> StudyRightRef:
    """R-REG-3 (in the caller's transaction)."""
    return selectors.right_ref(services.host_right_make_official(actor=actor, right_id=right_id, end_date=end_date))


def provisional_right_remove(*, right_id: int) -> bool:
    """R-REG-5 (in the caller's transaction)."""
    return services.provisional_right_remove(right_id=right_id)


def get_person(person_id: int) -> PersonRef | None:
    p = Person.objects.filter(pk=person_id).first()
    return selectors.person_ref(p) if p else None


def get_right(right_id: int) -> StudyRightRef | None:
    r = selectors.rights([right_id]).first()
    return selectors.right_ref(r) if r else None


def is_eligible(right_id: int, network_id: int, day: dt.date | None = None) -> bool:
    """R-NET-2 for registrations (R-REG-1): the home right is eligible for the network and in force."""
    right = get_right(right_id)
    return right is not None and rules.is_eligible(right, network_id, day or today())


def is_eligible_right(right: StudyRightRef, network_id: int, day: dt.date) -> bool:
    """`is_eligible` for a right already read (R-NET-2), without reading it again."""
    return rules.is_eligible(right, network_id, day)


def _identity(hetu_key: str, learner_oid: str) -> str:
    return hetu_key or (f"oid:{learner_oid}" if learner_oid else "")


def right_with_person(*, organisation_id: int, identifier: str, network_id: int
                      ) -> tuple[StudyRightRef, PersonRef, str] | None:
    """`find_right` with its person and the person's identity (`identity_of_person`) in one query, for
    registering in `network_id` (the HTTP API): the ref's `network_ids` says only whether the right is eligible
    for that network (R-NET-2) — {network_id} or empty — not its other networks."""
    eligible = Eligibility.objects.filter(study_right_id=OuterRef("pk"), network_id=network_id)
    r = (StudyRight.objects.select_related("person").annotate(eligible_here=Exists(eligible))
         .filter(organisation_id=organisation_id, identifier=identifier).first())
    if r is None:
        return None
    ref = StudyRightRef(r.pk, r.person_id, r.organisation_id, r.identifier, r.kind, r.status, r.start_date,
                        r.end_date, frozenset({network_id}) if r.eligible_here else frozenset(), r.home_right_id)
    return ref, selectors.person_ref(r.person), _identity(r.person.hetu_key, r.person.learner_oid)


def right_and_person(right_id: int) -> tuple[StudyRightRef, PersonRef, str] | None:
    """`get_right` with its person and the person's identity in one read (two queries)."""
    r = selectors.rights([right_id]).select_related("person").first()
    if r is None:
        return None
    return selectors.right_ref(r), selectors.person_ref(r.person), _identity(r.person.hetu_key, r.person.learner_oid)


def identity_of_person(person_id: int) -> str:
    """The identity a person record is matched by ("hetu:<digest>" or "oid:<learner OID>"), "" when none:
    compared with a logged-in user's bound identity to know that the user is this student."""
    row = Person.objects.filter(pk=person_id).values_list("hetu_key", "learner_oid").first()
    if row is None:
        return ""
    return _identity(row[0], row[1])


def person_by_oid(organisation_id: int, learner_oid: str) -> PersonRef | None:
    """An organisation's record of a person by learner OID (R-REG-6 matching)."""
    p = Person.objects.filter(organisation_id=organisation_id, learner_oid=learner_oid).first() if learner_oid else None
    return selectors.person_ref(p) if p else None


def persons_by_identity(identity: str) -> list[PersonRef]:
    """The home records (persons with a home study right) of the identity a user is bound to
    (`accounts.api.identity_of`): how the student's own pages know which person the logged-in user is."""
    return [selectors.person_ref(p) for p in selectors.persons_by_identity(identity)]


def persons(person_ids: Iterable[int]) -> dict[int, PersonRef]:
    """Many persons in one query (list pages of registrations and records), by id."""
    ids = {int(i) for i in person_ids}
    return {p.pk: selectors.person_ref(p) for p in Person.objects.filter(pk__in=ids)} if ids else {}


def person_ids_matching(text: str, organisation_ids: Iterable[int]) -> list[int]:
    """Persons of these organisations whose names, student number or learner OID contain every word of `text`
    (the search box of the study offices' lists)."""
    qs = Person.objects.filter(organisation_id__in=list(organisation_ids))
    for word in text.split()[:5]:
        qs = qs.filter(Q(first_names__icontains=word) | Q(last_name__icontains=word)
                       | Q(student_number__iexact=word) | Q(learner_oid__iexact=word))
    return list(qs.values_list("pk", flat=True)[:5000])


def person_by_student_number(organisation_id: int, student_number: str) -> PersonRef | None:
    """The organisation's record of its student by the student number (demo data and imports name them so)."""
    p = Person.objects.filter(organisation_id=organisation_id, student_number=student_number).first()
    return selectors.person_ref(p) if p else None


def find_right(*, organisation_id: int, identifier: str) -> StudyRightRef | None:
    """The organisation's study right by its own identifier (RIPA studyRightId); for registrations by message."""
    r = selectors.rights().filter(organisation_id=organisation_id, identifier=identifier).first()
    return selectors.right_ref(r) if r else None


# --- JOO study rights (R-JOO-3..8) ------------------------------------------------------------------------

register_joo_ended = hooks.register_joo_ended
register_right_links = hooks.register_right_links
joo_rights_of_host = selectors.joo_rights_of_host
joo_rights_of_home_person = selectors.joo_rights_of_home_person
joo_right_end = rules.joo_right_end


def joo_right_grant(*, actor: Any, home_right_id: int, host_organisation_id: int, identifier: str,
                    start_date: dt.date, requested_end: dt.date | None = None,
                    entities: Iterable[tuple[str, int]]) -> JooRightRef:
    """R-JOO-3 (in the caller's transaction; the caller decided who may grant): the JOO right at the host with
    its granted study entities (`("course_unit" | "study_module", id)`)."""
    r = services.joo_right_grant(actor=actor, home_right_id=home_right_id, host_organisation_id=host_organisation_id,
                                 identifier=identifier, start_date=start_date, requested_end=requested_end,
                                 entities=entities)
    return selectors.joo_ref(selectors.joo_rights_qs().get(pk=r.pk))


def get_joo_right(right_id: int) -> JooRightRef | None:
    r = selectors.joo_rights_qs().filter(pk=right_id).first()
    return selectors.joo_ref(r) if r else None


def joo_covered_units(*, home_person_id: int, host_organisation_id: int, course_unit_ids: Iterable[int],
                      day: dt.date) -> set[int]:
    """R-JOO-8: of these course units at the host, the ones a JOO right of this (home) student in force on `day`
    was granted for — directly or through a granted study module."""
    wanted = {int(i) for i in course_unit_ids}
    covered: set[int] = set()
    for joo in selectors.joo_rights_of_home_person(home_person_id):
        if joo.host_organisation_id != host_organisation_id or not joo.in_force_on(day):
            continue
        covered |= {g.entity_id for g in joo.granted if g.entity_kind == "course_unit"}
        modules = [g.entity_id for g in joo.granted if g.entity_kind == "study_module"]
        if modules and wanted - covered:
            covered |= catalogue_api.course_unit_ids_of_modules(modules)
    return covered & wanted
