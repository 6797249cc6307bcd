"""What other apps may ask of the rights app (registrations, records, applications will)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from joopas.core.clock import today
from joopas.rights import rules, selectors, services
from joopas.rights.data import PersonRef, StudyRightRef
from joopas.rights.models import Person

__all__ = ["PersonRef", "StudyRightRef", "eligible_rights_count", "find_right", "get_person", "get_right", "host_person_for",
           "host_right_make_official", "identity_of_person", "is_eligible", "person_by_oid", "person_ids_matching", "persons",
           "persons_by_identity",
           "provisional_right_create", "provisional_right_remove", "rights_of_person"]

eligible_rights_count = selectors.eligible_rights_count
rights_of_person = selectors.rights_of_person


def host_person_for(*, home_person_id: int, host_organisation_id: int) -> PersonRef:
    """R-REG-6 (in the caller's transaction)."""
    return selectors.person_ref(services.host_person_for(home_person_id=home_person_id,
                                                         host_organisation_id=host_organisation_id))


def provisional_right_create(*, host_person_id: int, identifier: str, start_date: dt.date,
                             end_date: dt.date | None, home_right_id: int | None = None) -> StudyRightRef:
    """R-REG-2 (in the caller's transaction); the host right follows `home_right_id` (R-REG-7)."""
    return selectors.right_ref(services.provisional_right_create(host_person_id=host_person_id, identifier=identifier,
                                                                 start_date=start_date, end_date=end_date,
                                                                 home_right_id=home_right_id))


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


def identity_of_person(person_id: int) -> str:
    """The identity a person record is matched by ("hetu:<digest>" or "oid:<learner OID>"), "" when none:
    compared with a logged-in user's bound identity to know that the user is this student."""
    row = Person.objects.filter(pk=person_id).values_list("hetu_key", "learner_oid").first()
    if row is None:
        return ""
    return row[0] or (f"oid:{row[1]}" if row[1] else "")


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
