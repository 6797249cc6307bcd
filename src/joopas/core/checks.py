"""System checks of the deployment that need the database (run by `joopas check --database default`)."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Tags, Warning, register
from django.db import DatabaseError, connections

from joopas.core.db_roles import AUDIT_TABLE, audit_table_rights


@register(Tags.database)
def audit_table_is_not_owned_by_the_service(app_configs: Any = None, databases: Any = None,
                                            **kwargs: Any) -> list[CheckMessage]:
    """Warn on PostgreSQL when the connected role could empty or rewrite the append-only audit log."""
    messages: list[CheckMessage] = []
    for alias in databases or ():
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        try:
            rights = audit_table_rights(connection)
        except DatabaseError:
            continue  # the database checks of Django report an unreachable database
        if rights is None:
            continue  # not migrated yet
        if rights["owner"] or rights["superuser"]:
            messages.append(Warning(
                f"The database role of '{alias}' owns the audit table {AUDIT_TABLE} (or is a superuser): it can "
                "TRUNCATE it or disable its append-only trigger.",
                hint="Run the service as a runtime role without ownership (`joopas db_roles RUNTIME_ROLE`, "
                     "docs/deploy.md); only `joopas migrate` connects as the owner, where this warning is expected.",
                id="core.W001",
            ))
        elif any(rights[name] for name in ("truncate", "update", "delete", "trigger")):
            allowed = ", ".join(name.upper() for name in ("truncate", "update", "delete", "trigger") if rights[name])
            messages.append(Warning(
                f"The database role of '{alias}' may {allowed} the audit table {AUDIT_TABLE}.",
                hint=f"REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER ON {AUDIT_TABLE} FROM the runtime role "
                     "(`joopas db_roles RUNTIME_ROLE`).",
                id="core.W002",
            ))
    return messages
