"""Background work of the rights app: the officer's student file import (page /rights/import/)."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from joopas.core.errors import DomainError
from joopas.core.jobs import task
from joopas.core.models import Job
from joopas.rights import importer

log = logging.getLogger("joopas.rights")
PROGRESS_SECONDS = 24 * 3600


def _progress_key(token: str) -> str:
    return f"joopas.rights.import.progress:{token}"


def progress(token: str) -> dict[str, Any]:
    """Rows written so far while an import runs (best effort: shared between processes when the cache is
    shared, CACHE_URL); the outcome itself is kept on the job."""
    value = cache.get(_progress_key(token))
    return value if isinstance(value, dict) else {}


@task("rights.import_students", max_attempts=3)
def import_students(token: str, organisation_id: int, actor_id: int, text: str = "", **_: Any) -> None:
    """Check the file again and write it through the services in one transaction: all rows or none. The file
    (it holds identity codes) is dropped from the job when it has run; only the outcome is kept."""
    actor = get_user_model().objects.filter(pk=actor_id, is_active=True).first()
    with translation.override(getattr(actor, "language", "") or "fi"):
        _run(token, organisation_id, actor_id, actor, text)


def _run(token: str, organisation_id: int, actor_id: int, actor: Any, text: str) -> None:
    checked = importer.plan(text, organisation_id=organisation_id)
    total = len(checked.rows)
    outcome: dict[str, Any] = {"state": "failed", "total": total, "written": 0}
    if not checked.ok:
        outcome["errors"] = [{"line": e.line, "code": e.code, "message": e.message} for e in checked.errors]
    elif actor is None:
        outcome["errors"] = [{"line": 0, "code": "rights.import.actor",
                              "message": _("The user who started the import can no longer act.")}]
    else:
        def report(n: int) -> None:
            cache.set(_progress_key(token), {"total": total, "written": n}, PROGRESS_SECONDS)

        cache.set(_progress_key(token), {"total": total, "written": 0}, PROGRESS_SECONDS)
        try:
            with transaction.atomic():
                result = importer.apply(checked, actor=actor, organisation_id=organisation_id, progress=report)
        except DomainError as exc:
            line = next((r.line for r in checked.rows if r.identifier in str(exc.message)), 0)
            outcome["errors"] = [{"line": line, "code": exc.code, "message": str(exc.message)}]
        except Exception:  # rolled back to the savepoint; the file is dropped all the same
            log.exception("rights import %s failed", token)
            outcome["errors"] = [{"line": 0, "code": "rights.import.failed",
                                  "message": _("The import failed unexpectedly. Nothing was saved; try again.")}]
        else:
            outcome = {"state": "done", "total": total, "written": total,
                       "result": {"persons": result.persons, "created": result.rights_created,
                                  "updated": result.rights_updated}}
    Job.objects.filter(unique_key=f"rights.import:{token}").update(
        args={"token": token, "organisation_id": organisation_id, "actor_id": actor_id, "outcome": outcome})
