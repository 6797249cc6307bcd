"""Shared API plumbing: the error handler every router relies on and the API-key auth class."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from joopas.core.errors import DomainError


def _loc_path(loc: Any) -> str:
    parts = [str(p) for p in loc if p not in ("body", "payload", "query", "path")]
    return "/".join(parts)


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return api.create_response(request, exc.as_dict(), status=exc.status)

    @api.exception_handler(NinjaValidationError)
    def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = [{"code": e.get("type", "invalid"), "path": _loc_path(e.get("loc", ())), "message": e.get("msg", "")}
                  for e in exc.errors]
        body = {"code": "validation_failed", "message": _("Some of the data is not valid."),
                "details": {"errors": errors}}
        return api.create_response(request, body, status=422)

    @api.exception_handler(AuthenticationError)
    def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        body = {"code": "not_authenticated", "message": _("Log in or give a valid API key."), "details": {}}
        return api.create_response(request, body, status=401)

    # Django's own 404/403 raised inside an API view: the same `{code, message, details}` as every other error
    # (Ninja's default would answer `{"detail": …}`).
    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        body = {"code": "not_found", "message": _("The item was not found."), "details": {}}
        return api.create_response(request, body, status=404)

    @api.exception_handler(DjangoPermissionDenied)
    def permission_denied(request: HttpRequest, exc: DjangoPermissionDenied) -> HttpResponse:
        body = {"code": "permission_denied", "message": _("You do not have permission to do this."), "details": {}}
        return api.create_response(request, body, status=403)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        body = {"code": f"http_{exc.status_code}", "message": str(exc), "details": {}}
        return api.create_response(request, body, status=exc.status_code)
