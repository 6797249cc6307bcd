"""Every audit event the accounts app writes and every stable error code it raises (values are API/audit
contract: never change one, add a new one). Login attempts are audited by the access app's login listener
(`auth.login.*`, see `access.codes`)."""

from __future__ import annotations

from enum import StrEnum


class Event(StrEnum):
    """Accounts writes no audit rows of its own yet (account creation is audited by the caller)."""


class ErrorCode(StrEnum):
    PASSWORD_WEAK = "accounts.password.weak"  # noqa: S105 - an error code, not a password
    USER_EXISTS = "accounts.user.exists"
    USER_NOT_FOUND = "accounts.user.not_found"
    IDENTITY_MISMATCH = "accounts.identity.mismatch"
