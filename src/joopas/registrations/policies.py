"""Who may register, decide and cancel."""

from __future__ import annotations

from typing import Any

from joopas.access.api import Role, has_role, organisations_with_role
from joopas.accounts import api as accounts_api
from joopas.exchange.api import SystemActor
from joopas.rights.data import PersonRef

OFFICE_ROLES = (Role.OFFICER, Role.REGISTRAR, Role.MAIN_USER)


# An institution's own system (the sender of an exchange message, or an API key's organisation): it speaks for
# its organisation only (R-EXC-4).
System = SystemActor


def _is_system_of(actor: Any, organisation_id: int) -> bool:
    return isinstance(actor, System) and actor.organisation_id == organisation_id


def is_the_student(actor: Any, person: PersonRef, person_identity: str) -> bool:
    """The logged-in user is this person: their bound identity (R-ACC-2 identity) is the person's."""
    identity = accounts_api.identity_of(actor) if getattr(actor, "is_authenticated", False) else ""
    return bool(identity) and identity in {person_identity, f"oid:{person.learner_oid}" if person.learner_oid else ""}


def can_register(actor: Any, person: PersonRef, person_identity: str) -> bool:
    """The student themself, or an officer of the home institution on the student's behalf."""
    if isinstance(actor, System):
        return _is_system_of(actor, person.organisation_id)
    return is_the_student(actor, person, person_identity) or has_role(actor, person.organisation_id, *OFFICE_ROLES)


def may_register_for_students_at(actor: Any, host_organisation_id: int) -> bool:
    """R-EXC-6: the user is in the study office of some institution other than the course's host, so may register
    that institution's students to the course in the pages (the service checks the student's institution)."""
    return any(org != host_organisation_id for org in organisations_with_role(actor, *OFFICE_ROLES))


def can_decide(actor: Any, host_organisation_id: int) -> bool:
    if isinstance(actor, System):
        return _is_system_of(actor, host_organisation_id)
    return has_role(actor, host_organisation_id, *OFFICE_ROLES)


def can_view(actor: Any, registration: Any, person: PersonRef | None, person_identity: str) -> bool:
    if isinstance(actor, System):
        return actor.organisation_id in (registration.host_organisation_id, registration.home_organisation_id)
    return (has_role(actor, registration.host_organisation_id, *OFFICE_ROLES)
            or has_role(actor, registration.home_organisation_id, *OFFICE_ROLES)
            or (person is not None and is_the_student(actor, person, person_identity)))
