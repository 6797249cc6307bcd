"""Who may do what in the organisation registry.

Grants and role names live in access, above this app; the questions go through the `AccessChecker` that
access registers at start-up (see `organisations.hooks`). Without one, everything is denied.
"""

from __future__ import annotations

from typing import Any

from joopas.organisations.hooks import access_checker
from joopas.organisations.selectors import ancestor_ids


def _active_user(actor: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False) and getattr(actor, "is_active", False))


def can_review_registrations(actor: Any) -> bool:
    """R-ORG-1: platform admins approve or reject self-registrations."""
    return access_checker().is_platform_admin(actor)


def can_manage_contacts(actor: Any, organisation_id: int) -> bool:
    """Contact persons: main users of the organisation (or of a parent) and platform admins."""
    if not _active_user(actor):
        return False
    checker = access_checker()
    return checker.is_platform_admin(actor) or checker.holds_main_user_role(actor, ancestor_ids(organisation_id))


def can_edit_settings(actor: Any, organisation_id: int) -> bool:
    """The organisation's settings (strong identification, R-ACC-2): its main users (or a parent's) and platform
    admins - the same people who manage its contact persons."""
    return can_manage_contacts(actor, organisation_id)
