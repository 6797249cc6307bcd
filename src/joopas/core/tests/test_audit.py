from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from joopas.core import audit, context
from joopas.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_r_acc_6_record_keeps_who_what_whose_when_and_where(django_user_model) -> None:
    user = django_user_model.objects.create_user("a@example.fi", "pw-123456789")
    token = context.set_current(context.RequestContext(request_id="req-1", ip="10.1.2.3",
                                                       organisation_oid="1.2.246.562.10.39218317368"))
    try:
        event = audit.record("person.read", actor=user, subject=("student", 7), person_oid="1.2.246.562.24.92333381381",
                             before={"a": 1}, after={"a": 2})
    finally:
        context.reset(token)
    event.refresh_from_db()
    assert (event.event, event.actor_id, event.actor_label) == ("person.read", user.pk, "a@example.fi")
    assert (event.subject_type, event.subject_id, event.person_oid) == ("student", "7", "1.2.246.562.24.92333381381")
    assert (event.before, event.after) == ({"a": 1}, {"a": 2})
    assert (event.request_id, event.ip, event.organisation_oid) == ("req-1", "10.1.2.3", "1.2.246.562.10.39218317368")
    assert event.acting_organisation_oid == "1.2.246.562.10.39218317368"


def test_r_acc_6_record_keeps_the_acting_organisation_beside_the_concerned_one() -> None:
    token = context.set_current(context.RequestContext(organisation_oid="1.2.246.562.10.39218317368"))
    try:
        event = audit.record("grant.created", organisation="1.2.246.562.10.56753942459")
    finally:
        context.reset(token)
    assert (event.organisation_oid, event.acting_organisation_oid) == ("1.2.246.562.10.56753942459",
                                                                      "1.2.246.562.10.39218317368")


def test_r_acc_6_audit_log_is_append_only_in_the_orm() -> None:
    event = audit.record("x.y")
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().update(event="changed")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get().event == "x.y"


def test_r_acc_6_audit_log_is_append_only_in_the_database() -> None:
    event = audit.record("x.y")
    table = AuditEvent._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET event = 'changed' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get().event == "x.y"


@pytest.mark.pg
def test_r_acc_6_audit_rows_cannot_be_deleted_with_sql_on_postgres() -> None:
    event = audit.record("x.y")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()
