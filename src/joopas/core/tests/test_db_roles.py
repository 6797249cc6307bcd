"""The two PostgreSQL roles: the runtime role cannot empty or rewrite the audit log, and a check warns when the
service connects as a role that could (security review, issue 10 item 8)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from django.core import checks
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from joopas.core import audit
from joopas.core.checks import audit_table_is_not_owned_by_the_service
from joopas.core.db_roles import runtime_grants
from joopas.core.models import AuditEvent

pytestmark = [pytest.mark.django_db, pytest.mark.pg]


@pytest.fixture
def runtime_role() -> Iterator[str]:
    """A runtime role made for this test, with the grants of `joopas db_roles` (rolled back with the test)."""
    role = f"joopas_rt_{uuid.uuid4().hex[:10]}"
    with connection.cursor() as cursor:
        for statement in runtime_grants(connection, role, create=True):
            cursor.execute(statement)
    yield role
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


def _as(role: str, sql: str, params: list | None = None) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {connection.ops.quote_name(role)}")
        cursor.execute(sql, params or [])


def test_r_acc_6_the_runtime_role_cannot_truncate_disable_the_trigger_or_delete(runtime_role: str) -> None:
    event = audit.record("x.kept")
    for sql in ["TRUNCATE core_auditevent",
                "ALTER TABLE core_auditevent DISABLE TRIGGER core_auditevent_no_change",
                "DROP TRIGGER core_auditevent_no_change ON core_auditevent",
                f"DELETE FROM core_auditevent WHERE id = {event.pk}",
                f"UPDATE core_auditevent SET event = 'changed' WHERE id = {event.pk}",
                "CREATE TABLE core_sneaky (id int)"]:
        with pytest.raises(DatabaseError) as exc:
            _as(runtime_role, sql)
        assert "permission denied" in str(exc.value) or "must be owner" in str(exc.value), sql
    assert AuditEvent.objects.get(pk=event.pk).event == "x.kept"


def test_r_acc_6_the_runtime_role_still_writes_and_reads_the_log_and_other_tables(runtime_role: str) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {connection.ops.quote_name(runtime_role)}")
        event = audit.record("x.written")
        assert AuditEvent.objects.filter(pk=event.pk).count() == 1
        cursor.execute("UPDATE core_job SET attempts = attempts WHERE false")
        cursor.execute("DELETE FROM core_job WHERE false")


def test_the_check_warns_when_the_service_owns_the_audit_table() -> None:
    # the test suite connects as the owner (and a superuser)
    messages = audit_table_is_not_owned_by_the_service(databases=["default"])
    assert [m.id for m in messages] == ["core.W001"]
    assert all(m.level == checks.WARNING for m in messages)
    assert "core.W001" in {m.id for m in checks.run_checks(databases=["default"], tags=[checks.Tags.database])}


def test_the_check_is_quiet_for_the_runtime_role(runtime_role: str) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {connection.ops.quote_name(runtime_role)}")
        assert audit_table_is_not_owned_by_the_service(databases=["default"]) == []


def test_the_check_warns_when_the_runtime_role_was_given_too_much(runtime_role: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"GRANT TRUNCATE ON core_auditevent TO {connection.ops.quote_name(runtime_role)}")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {connection.ops.quote_name(runtime_role)}")
        assert [m.id for m in audit_table_is_not_owned_by_the_service(databases=["default"])] == ["core.W002"]


def test_the_check_needs_a_database_and_postgres() -> None:
    assert audit_table_is_not_owned_by_the_service(databases=None) == []


def test_db_roles_prints_the_grants(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("db_roles", "joopas_app", "--sql", "--create")
    out = capsys.readouterr().out
    assert out.startswith('CREATE ROLE "joopas_app" LOGIN')
    assert 'REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON "core_auditevent" FROM "joopas_app";' in out
