"""The one way a status changes: lock → check the transition table → save → history row → audit.

Every state machine keeps its table in its app's `rules.py` (data, not code) and calls `transition`
inside the service's transaction on a row it has locked with `locked(...)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django.db import models

from joopas.core import audit
from joopas.core.errors import NotFound
from joopas.core.errors import check_transition as check

__all__ = ["check", "locked", "transition"]

M = TypeVar("M", bound=models.Model)


def locked(queryset: models.QuerySet[M], *, not_found_code: str = "not_found", **lookup: Any) -> M:
    """The row under `SELECT … FOR UPDATE` (inside the caller's transaction), or NotFound."""
    row = queryset.select_for_update().filter(**lookup).first()
    if row is None:
        raise NotFound(code=not_found_code)
    return row


def transition(obj: models.Model, *, to: str, table: Mapping[str, Iterable[str]], code: str,
               field: str = "status", actor: Any = None, event: str | None = None, organisation: str = "",
               reason: str = "", history: Callable[[str, str], object] | None = None,
               extra_fields: Iterable[str] = (), audit_after: dict[str, Any] | None = None,
               person_oid: str = "") -> str:
    """Move `obj.<field>` to `to`; returns the old value. The caller sets any other fields that change
    with the status before calling, and names them in `extra_fields` so they are saved together."""
    old = str(getattr(obj, field))
    check(table, old, to, code=code)
    setattr(obj, field, to)
    obj.save(update_fields=[field, *extra_fields])
    if history is not None:
        history(old, to)
    if event:
        after: dict[str, Any] = {field: to, **(audit_after or {})}
        if reason:
            after.setdefault("reason", reason)
        audit.record(event, actor=actor, organisation=organisation, subject=obj, before={field: old},
                     after=after, person_oid=person_oid)
    return old
