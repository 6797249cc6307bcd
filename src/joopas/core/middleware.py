from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from joopas.core import context

# What a client may send as `X-Request-ID`; anything else is replaced by a fresh id (never stored as sent).
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")


def request_id(request: HttpRequest) -> str:
    """The client's `X-Request-ID` when it is well-formed, else a new one."""
    sent = request.headers.get("X-Request-ID", "")
    return sent if REQUEST_ID.fullmatch(sent) else uuid.uuid4().hex


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


class RequestIdMiddleware:
    """Gives each request an id (echoed in `X-Request-ID`) and exposes it to audit rows."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rid = request_id(request)
        org = request.session.get("acting_organisation", "") if hasattr(request, "session") else ""
        token = context.set_current(context.RequestContext(request_id=rid, ip=client_ip(request),
                                                           organisation_oid=org))
        try:
            response = self.get_response(request)
        finally:
            context.reset(token)
        response["X-Request-ID"] = rid
        return response
