"""The two PostgreSQL roles (security review, issue 10 item 8).

The **migration owner** owns the schema: it runs `joopas migrate` and nothing else. The **runtime role**, used
by the web, worker, scheduler and deliver processes, may read and write rows but owns nothing: no DDL, no
TRUNCATE, no trigger rights, and on the audit table only SELECT and INSERT. Only the owner of a table (or a
superuser) can TRUNCATE it, disable its triggers or drop it, so the append-only audit log holds against the
running service even if it is taken over. `runtime_grants` is the SQL the owner runs to set this up;
`joopas db_roles` runs or prints it, and docs/deploy.md shows it.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

AUDIT_TABLE = "core_auditevent"
APPEND_ONLY_TABLES = (AUDIT_TABLE,)


def runtime_grants(connection: BaseDatabaseWrapper, runtime_role: str, *, create: bool = False) -> list[str]:
    """SQL for the connected role (the migration owner) to give `runtime_role` exactly what the service needs."""
    q = connection.ops.quote_name
    role = q(runtime_role)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database(), current_schema(), current_user")
        database, schema, owner = cursor.fetchone()
    statements = []
    if create:
        # No password here (it would end up in shell history and logs): set it with psql's \password.
        statements.append(f"CREATE ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT")
    statements += [
        f"GRANT CONNECT, TEMPORARY ON DATABASE {q(database)} TO {role}",
        f"REVOKE CREATE ON SCHEMA {q(schema)} FROM PUBLIC",
        f"REVOKE CREATE ON SCHEMA {q(schema)} FROM {role}",
        f"GRANT USAGE ON SCHEMA {q(schema)} TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {q(schema)} TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {q(schema)} TO {role}",
        # Tables that later migrations create get the same rights.
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {q(owner)} IN SCHEMA {q(schema)} "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {q(owner)} IN SCHEMA {q(schema)} GRANT USAGE, SELECT ON SEQUENCES TO {role}",
    ]
    for table in APPEND_ONLY_TABLES:
        statements.append(f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {q(table)} FROM {role}")
    return statements


def audit_table_rights(connection: BaseDatabaseWrapper) -> dict[str, bool] | None:
    """What the connected role may do to the audit table; None when the table does not exist (yet)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT pg_has_role(c.relowner, 'MEMBER'), r.rolsuper,
                   has_table_privilege(c.oid, 'TRUNCATE'), has_table_privilege(c.oid, 'UPDATE'),
                   has_table_privilege(c.oid, 'DELETE'), has_table_privilege(c.oid, 'TRIGGER'), current_user
            FROM pg_class c JOIN pg_roles r ON r.rolname = current_user
            WHERE c.oid = to_regclass(%s)
            """,
            [AUDIT_TABLE],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    owner, superuser, truncate, update, delete, trigger, _user = row
    return {"owner": bool(owner), "superuser": bool(superuser), "truncate": bool(truncate),
            "update": bool(update), "delete": bool(delete), "trigger": bool(trigger)}
