"""Who records, corrects and credits: the study offices (officers, registrars, main users)."""

from __future__ import annotations

from typing import Any

from joopas.access.api import Role, has_role

OFFICE_ROLES = (Role.OFFICER, Role.REGISTRAR, Role.MAIN_USER)


def can_record(actor: Any, host_organisation_id: int) -> bool:
    return has_role(actor, host_organisation_id, *OFFICE_ROLES)


def can_credit(actor: Any, home_organisation_id: int) -> bool:
    return has_role(actor, home_organisation_id, *OFFICE_ROLES)
