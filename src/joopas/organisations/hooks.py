"""Seams the access app fills at start-up (organisations sits below access in the app graph).

Organisations may not import access, yet two of its decisions depend on it:

- **Who may act.** Reviewing registrations (platform admins) and managing contact persons (main users of the
  organisation or of a parent) are questions about grants, which live in access. Rather than moving the role
  vocabulary down, organisations asks two narrow, typed questions through an `AccessChecker` that access
  registers in `AccessConfig.ready()` (`organisations.api.register_access_checker`). The role names stay in
  access, the organisation tree stays here (`ancestor_ids`). Until a checker is registered, every check
  answers False: nothing is allowed by accident.
- **What follows an approval.** R-ORG-1: an approved registration's named main user is invited. Access
  registers `register_on_registration_approved(fn)`; the listeners run inside the approving transaction, so a
  refused invitation rolls the approval back (all or nothing, as before).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from joopas.organisations.data import RegistrationApproved


class AccessChecker(Protocol):
    def is_platform_admin(self, actor: Any) -> bool:
        """The actor administers the whole platform."""
        ...

    def holds_main_user_role(self, actor: Any, organisation_ids: list[int]) -> bool:
        """The actor holds an active main-user role (main user, JOTPA main user) in one of the organisations."""
        ...


RegistrationApprovedListener = Callable[[RegistrationApproved], None]


class _DenyAll:
    def is_platform_admin(self, actor: Any) -> bool:
        return False

    def holds_main_user_role(self, actor: Any, organisation_ids: list[int]) -> bool:
        return False


_checker: AccessChecker = _DenyAll()
_approved_listeners: list[RegistrationApprovedListener] = []


def register_access_checker(checker: AccessChecker) -> None:
    global _checker
    _checker = checker


def access_checker() -> AccessChecker:
    return _checker


def register_on_registration_approved(listener: RegistrationApprovedListener) -> None:
    if listener not in _approved_listeners:
        _approved_listeners.append(listener)


def registration_approved(event: RegistrationApproved) -> None:
    for listener in list(_approved_listeners):
        listener(event)
