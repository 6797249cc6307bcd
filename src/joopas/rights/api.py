"""What other apps may ask of the rights app (registrations, records, applications will)."""

from __future__ import annotations

import datetime as dt

from joopas.core.clock import today
from joopas.rights import rules, selectors
from joopas.rights.data import PersonRef, StudyRightRef
from joopas.rights.models import Person

__all__ = ["PersonRef", "StudyRightRef", "eligible_rights_count", "get_person", "get_right", "is_eligible",
           "rights_of_person"]

eligible_rights_count = selectors.eligible_rights_count
rights_of_person = selectors.rights_of_person


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
