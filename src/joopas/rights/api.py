"""What other apps may ask of the rights app (registrations, records, applications will)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from joopas.core.clock import today
from joopas.rights import rules, selectors, services
from joopas.rights.data import PersonRef, StudyRightRef
from joopas.rights.models import Person

__all__ = ["PersonRef", "StudyRightRef", "eligible_rights_count", "get_person", "get_right", "host_person_for",
           "host_right_make_official", "identity_of_person", "is_eligible", "provisional_right_create", "provisional_right_remove",
           "rights_of_person"]

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
