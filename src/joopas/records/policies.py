"""Who records, corrects and credits: the study offices (officers, registrars, main users)."""

from __future__ import annotations

from typing import Any

from joopas.access.api import Role, has_role
from joopas.exchange.api import SystemActor

OFFICE_ROLES = (Role.OFFICER, Role.REGISTRAR, Role.MAIN_USER)


def _own_system(actor: Any, organisation_id: int) -> bool | None:
    """The organisation's own system through the exchange acts for that organisation only; None: not a system."""
    return actor.organisation_id == organisation_id if isinstance(actor, SystemActor) else None


def can_record(actor: Any, host_organisation_id: int) -> bool:
    """The host's study office, or the host's system by a study-record message (R-REC-1)."""
    own = _own_system(actor, host_organisation_id)
    return own if own is not None else has_role(actor, host_organisation_id, *OFFICE_ROLES)


def can_credit(actor: Any, home_organisation_id: int) -> bool:
    """The home's study office, or the home's system by a study-record reply (R-REC-2)."""
    own = _own_system(actor, home_organisation_id)
    return own if own is not None else has_role(actor, home_organisation_id, *OFFICE_ROLES)
