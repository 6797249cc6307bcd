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


def test_r_acc_6_deleting_a_user_keeps_their_audit_rows_with_a_pseudonymous_reference(django_user_model) -> None:
    user = django_user_model.objects.create_user("gone@example.fi", "pw-123456789")
    user_id = user.pk
    event = audit.record("person.read", actor=user)
    assert event.actor_ref == audit.actor_ref(user_id)
    user.delete()  # used to fail: SET NULL on the actor is an UPDATE, which the append-only trigger refuses
    row = AuditEvent.objects.get(pk=event.pk)
    assert (row.actor_ref, row.actor_label) == (audit.actor_ref(user_id), "gone@example.fi")
    assert not django_user_model.objects.filter(pk=user_id).exists()


def test_r_acc_6_the_actor_reference_is_a_keyed_pseudonym(settings) -> None:  # type: ignore[no-untyped-def]
    settings.AUDIT_PSEUDONYM_KEY = "k" * 50
    ref = audit.actor_ref(7)
    assert len(ref) == 64 and ref == audit.actor_ref(7) and ref != audit.actor_ref(8)
    settings.AUDIT_PSEUDONYM_KEY = "other" * 10
    assert audit.actor_ref(7) != ref
    assert audit.record("x.y").actor_ref == ""  # no user, no reference


def test_r_acc_6_backfill_gives_older_rows_their_reference(django_user_model) -> None:
    import importlib

    migration = importlib.import_module("joopas.core.migrations.0004_auditevent_actor_ref")
    user = django_user_model.objects.create_user("old@example.fi", "pw-123456789")
    old = AuditEvent.objects.create(event="x.old", actor=user, actor_label=user.email)  # as written before 0004
    anonymous = AuditEvent.objects.create(event="x.anon")
    assert old.actor_ref == ""
    migration.backfill_actor_refs(connection)
    assert AuditEvent.objects.get(pk=old.pk).actor_ref == audit.actor_ref(user.pk)
    assert AuditEvent.objects.get(pk=anonymous.pk).actor_ref == ""
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:  # the trigger is back
        cursor.execute("UPDATE core_auditevent SET event = 'changed' WHERE id = %s", [old.pk])

