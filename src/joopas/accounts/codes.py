"""Every audit event the accounts app writes and every stable error code it raises (values are API/audit
contract: never change one, add a new one). Login attempts are audited by the access app's login listener
(`auth.login.*`, see `access.codes`)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.translation import pgettext_lazy

from joopas.core.event_labels import register_labels


class Event(StrEnum):
    """Account creation is audited by the caller; the accounts app writes the admin's reads of accounts."""

    # R-ACC-6: the Django admin's pages that show accounts (core.admin_audit)
    ADMIN_LIST_READ = "accounts.admin.list.read"
    ADMIN_OBJECT_READ = "accounts.admin.object.read"
    ADMIN_OBJECT_WRITTEN = "accounts.admin.object.written"  # a save or delete through the Django admin


class ErrorCode(StrEnum):
    PASSWORD_WEAK = "accounts.password.weak"  # noqa: S105 - an error code, not a password
    USER_EXISTS = "accounts.user.exists"
    USER_NOT_FOUND = "accounts.user.not_found"
    IDENTITY_MISMATCH = "accounts.identity.mismatch"


# What the audit page shows for each event, in the reader's language (core.audit.register_labels).
EVENT_LABELS: dict[str, Any] = {
    Event.ADMIN_LIST_READ: pgettext_lazy("audit event", "Viewed a list in the administration"),
    Event.ADMIN_OBJECT_READ: pgettext_lazy("audit event", "Viewed a record in the administration"),
    Event.ADMIN_OBJECT_WRITTEN: pgettext_lazy("audit event", "Added, changed or deleted a record in the administration"),
}
register_labels(EVENT_LABELS)
