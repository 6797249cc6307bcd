"""`record(...)`: the one way to write the audit log (R-ACC-6), called inside the service's transaction."""

from __future__ import annotations

import contextvars
import hashlib
import hmac
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from joopas.core import context
from joopas.core.event_labels import event_label, register_labels, registered_labels
from joopas.core.models import AuditEvent

__all__ = ["actor_ref", "batched", "event_label", "record", "register_labels", "registered_labels"]

_BATCH: contextvars.ContextVar[list[AuditEvent] | None] = contextvars.ContextVar("joopas_audit_batch", default=None)


@contextmanager
def batched() -> Iterator[None]:
    """Inside a service's transaction: the rows `record` writes in the block go in as one insert when the block
    ends without an error (none when it fails: the transaction rolls back anyway). Nested blocks join the
    outermost one. For hot paths that write several rows (a registration: person, right, registration)."""
    if _BATCH.get() is not None:
        yield
        return
    rows: list[AuditEvent] = []
    token = _BATCH.set(rows)
    try:
        yield
    finally:
        _BATCH.reset(token)
    if rows:
        AuditEvent.objects.bulk_create(rows)


def _jsonable(value: Any) -> Any:
    import json

    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def actor_ref(user_id: int | str) -> str:
    """The stable pseudonymous reference of a user in the audit log: HMAC-SHA256(AUDIT_PSEUDONYM_KEY, user id).

    It survives the user's removal (the row keeps it when the user and their id are gone), lets an auditor
    find every row of one person by computing it from their id, and says nothing by itself. The migration
    0004 computes the same value for older rows; keep the two in step.
    """
    key = str(settings.AUDIT_PSEUDONYM_KEY).encode()
    return hmac.new(key, f"joopas.audit.actor:{user_id}".encode(), hashlib.sha256).hexdigest()


def record(
    event: str,
    *,
    actor: Any = None,
    organisation: str = "",
    subject: models.Model | tuple[str, Any] | None = None,
    person_oid: str = "",
    before: Any = None,
    after: Any = None,
    request_id: str = "",
    ip: str | None = None,
) -> AuditEvent:
    ctx = context.current()
    subject_type, subject_id = "", ""
    if isinstance(subject, models.Model):
        subject_type, subject_id = subject._meta.label_lower, str(subject.pk)
    elif subject is not None:
        subject_type, subject_id = subject[0], str(subject[1])
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    row = AuditEvent(
        event=event,
        actor=actor if is_user else None,
        actor_ref=actor_ref(actor.pk) if is_user else "",
        actor_label=(getattr(actor, "email", "") or str(actor)) if actor is not None else "",
        organisation_oid=organisation or ctx.organisation_oid,
        acting_organisation_oid=ctx.organisation_oid,
        subject_type=subject_type,
        subject_id=subject_id,
        person_oid=person_oid,
        before=_jsonable(before),
        after=_jsonable(after),
        request_id=request_id or ctx.request_id,
        ip=ip or ctx.ip,
    )
    batch = _BATCH.get()
    if batch is not None:
        batch.append(row)
    else:
        row.save(force_insert=True)
    return row

