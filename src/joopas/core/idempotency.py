"""`Idempotency-Key` for POST/PUT/PATCH under /api/: a repeated key replays the first answer.

The key is scoped to the caller (logged-in user or API credential), so two callers can never see
each other's answers; anonymous requests are not deduplicated. The same key with a different request body is refused (422); a repeat that
arrives while the first is still running gets 409. Server errors are not stored, so a client may
retry them with the same key. Records are purged after `IDEMPOTENCY_TTL_HOURS`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from joopas.core.jobs import periodic, task
from joopas.core.models import IdempotencyRecord

HEADER = "Idempotency-Key"
METHODS = frozenset({"POST", "PUT", "PATCH"})


def _scope(request: HttpRequest) -> str | None:
    """The caller's identity; None for anonymous callers, whose keys could collide with strangers'."""
    credential = request.headers.get("Authorization", "") or request.headers.get("X-API-Key", "")
    user = getattr(request, "user", None)
    if credential:
        ident = f"key:{credential}"
    elif user is not None and user.is_authenticated:
        ident = f"user:{user.pk}"
    else:
        return None
    return hashlib.sha256(ident.encode()).hexdigest()


def _error(status: int, code: str, message: str) -> HttpResponse:
    body = json.dumps({"code": code, "message": message, "details": {}})
    return HttpResponse(body, status=status, content_type="application/json")


class IdempotencyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.headers.get(HEADER, "")
        if not key or request.method not in METHODS or not request.path.startswith("/api/"):
            return self.get_response(request)
        if len(key) > 200:
            return _error(400, "idempotency.key_too_long", _("The Idempotency-Key may be at most 200 characters."))
        scope = _scope(request)
        if scope is None:
            return self.get_response(request)
        request_hash = hashlib.sha256(request.method.encode() + request.path.encode() + request.body).hexdigest()
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(scope=scope, key=key, method=request.method,
                                                          path=request.path[:500], request_hash=request_hash)
        except IntegrityError:
            first = IdempotencyRecord.objects.filter(scope=scope, key=key).first()
            if first is None:  # purged between the two statements: treat as new next time
                return _error(409, "idempotency.retry", _("Try the request again."))
            if first.request_hash != request_hash:
                return _error(422, "idempotency.key_reused",
                              _("This Idempotency-Key was already used for a different request."))
            if first.status_code is None:
                return _error(409, "idempotency.in_progress",
                              _("A request with this Idempotency-Key is still being processed."))
            replay = HttpResponse(bytes(first.body or b""), status=first.status_code,
                                  content_type=first.content_type or "application/json")
            replay["Idempotent-Replayed"] = "true"
            return replay
        try:
            response = self.get_response(request)
        except Exception:
            IdempotencyRecord.objects.filter(pk=record.pk).delete()
            raise
        if response.status_code >= 500 or getattr(response, "streaming", False):
            IdempotencyRecord.objects.filter(pk=record.pk).delete()
        else:
            IdempotencyRecord.objects.filter(pk=record.pk).update(
                status_code=response.status_code, content_type=response.get("Content-Type", ""),
                body=response.content)
        return response


@task("core.purge_idempotency_records")
def purge_idempotency_records() -> None:
    cutoff = timezone.now() - dt.timedelta(hours=settings.IDEMPOTENCY_TTL_HOURS)
    IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()


periodic("core.purge_idempotency_records", "core.purge_idempotency_records", every=dt.timedelta(hours=1))
