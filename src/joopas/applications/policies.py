"""Who may apply, endorse, decide and read JOO applications.

The student is the logged-in user whose bound identity is the home person's (R-ACC-2 identity). The home
institution's study office endorses (R-JOO-1); the host's study office decides (R-JOO-2) and sees an application
only after the home endorsed it. Attachments follow the same rule: the student and the two institutions only.
"""

from __future__ import annotations

from typing import Any

from joopas.access.api import Role, has_role, is_platform_admin, organisations_with_role
from joopas.accounts import api as accounts_api
from joopas.applications import rules
from joopas.exchange.api import SystemActor

OFFICE_ROLES = (Role.OFFICER, Role.MAIN_USER)


def is_the_student(actor: Any, person_identity: str, learner_oid: str = "") -> bool:
    identity = accounts_api.identity_of(actor) if getattr(actor, "is_authenticated", False) else ""
    return bool(identity) and identity in {person_identity, f"oid:{learner_oid}" if learner_oid else ""}


def is_office_of(actor: Any, organisation_id: int) -> bool:
    if isinstance(actor, SystemActor):
        return actor.organisation_id == organisation_id
    return has_role(actor, organisation_id, *OFFICE_ROLES)


def can_endorse(actor: Any, application: Any) -> bool:
    """R-JOO-1: an officer of the student's home institution."""
    return is_office_of(actor, application.home_organisation_id)


def can_decide(actor: Any, application: Any) -> bool:
    """R-JOO-2: an officer of the host institution."""
    return is_office_of(actor, application.host_organisation_id)


def host_may_see(application: Any) -> bool:
    """R-JOO-1: the host sees nothing before the home endorsed the application."""
    return application.status in rules.VISIBLE_TO_HOST


def can_view(actor: Any, application: Any, person_identity: str, learner_oid: str = "") -> bool:
    return (is_the_student(actor, person_identity, learner_oid)
            or (is_office_of(actor, application.home_organisation_id) and application.status != rules.DRAFT)
            or (host_may_see(application) and is_office_of(actor, application.host_organisation_id)))


def can_manage_terms(actor: Any, organisation_id: int) -> bool:
    return is_office_of(actor, organisation_id)


def can_see_overview(actor: Any) -> bool:
    """The dashboard of counts per institution (no personal data): platform admins and study offices."""
    return is_platform_admin(actor) or (bool(getattr(actor, "is_authenticated", False))
                                        and bool(organisations_with_role(actor, *OFFICE_ROLES)))
