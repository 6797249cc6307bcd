"""The project's URLconf plus views that fail on purpose, for the error-page tests (test_errors.py)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from joopas.core.errors import PermissionDenied as DomainPermissionDenied

REASON = _("You do not have permission to do this.")


def denied_with_reason(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied(REASON)


def denied_from_domain_error(request: HttpRequest) -> HttpResponse:
    try:
        raise DomainPermissionDenied(_("Log in first."))
    except DomainPermissionDenied as exc:
        raise PermissionDenied from exc


def denied_plain(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("bad input")


def crash(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("boom")


urlpatterns = [
    path("test-errors/403-reason/", denied_with_reason),
    path("test-errors/403-domain/", denied_from_domain_error),
    path("test-errors/403/", denied_plain),
    path("test-errors/400/", suspicious),
    path("test-errors/500/", crash),
    path("", include("joopas.config.urls")),  # by name: a site test imports nothing from config above it
]

# the same handlers as config/urls.py
handler400 = "joopas.site.views.bad_request"
handler403 = "joopas.site.views.permission_denied"
handler404 = "joopas.site.views.page_not_found"
handler500 = "joopas.site.views.server_error"
