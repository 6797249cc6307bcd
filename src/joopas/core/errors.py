"""Domain errors with stable codes.

Services raise these; the API maps them to `{code, message, details}` with a 4xx status and pages
show the same message. A refused request changes nothing (the service's transaction rolls back).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    code: str = "error"
    status: int = 400
    default_message: Any = _("The request could not be processed.")

    def __init__(self, message: Any = None, *, code: str | None = None, details: Any = None,
                 status: int | None = None) -> None:
        self.message = message if message is not None else self.default_message
        if code:
            self.code = code
        if status:
            self.status = status
        self.details = details if details is not None else {}
        super().__init__(str(self.message))

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": str(self.message), "details": self.details}


class ValidationFailed(DomainError):
    code = "validation_failed"
    status = 422
    default_message = _("Some of the data is not valid.")


class NotFound(DomainError):
    code = "not_found"
    status = 404
    default_message = _("The item was not found.")


class PermissionDenied(DomainError):
    code = "permission_denied"
    status = 403
    default_message = _("You do not have permission to do this.")


class NotAuthenticated(DomainError):
    code = "not_authenticated"
    status = 401
    default_message = _("Log in first.")


class Conflict(DomainError):
    code = "conflict"
    status = 409
    default_message = _("The request conflicts with the current state.")


class IllegalTransition(Conflict):
    code = "illegal_transition"
    default_message = _("That change of status is not allowed.")


def check_transition(table: Mapping[str, Iterable[str]], current: str, new: str, *, code: str) -> None:
    """State machines keep explicit transition tables; anything else is refused."""
    if new not in set(table.get(current, ())):
        raise IllegalTransition(
            _("Status cannot change from %(old)s to %(new)s.") % {"old": current, "new": new},
            code=code, details={"from": current, "to": new},
        )
