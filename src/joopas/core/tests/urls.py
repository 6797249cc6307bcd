"""Test-only URLs: the real ones (included by name) plus views that fail the way a database outage or a bug does."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import include, path
from ninja import NinjaAPI, Schema

from joopas.core.api import install_error_handlers


def db_down(request: HttpRequest) -> HttpResponse:
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")


def bug(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


def echo(request: HttpRequest) -> HttpResponse:
    return HttpResponse(request.POST.get("text", ""), content_type="text/plain")


test_api = NinjaAPI(urls_namespace="test-api", docs_url=None)
install_error_handlers(test_api)


@test_api.get("/db-down")
def api_db_down(request: HttpRequest) -> dict[str, str]:
    raise OperationalError("server closed the connection unexpectedly")


@test_api.get("/missing")
def api_missing(request: HttpRequest) -> dict[str, str]:
    raise Http404("no such thing")


@test_api.get("/forbidden")
def api_forbidden(request: HttpRequest) -> dict[str, str]:
    raise PermissionDenied


@test_api.get("/bug")
def api_bug(request: HttpRequest) -> dict[str, str]:
    raise RuntimeError("a bug")


class Echo(Schema):
    text: str


@test_api.post("/echo", response=Echo)
def api_echo(request: HttpRequest, payload: Echo) -> Echo:
    return payload


urlpatterns = [
    path("api/test/", test_api.urls),
    path("test/db-down/", db_down),
    path("test/bug/", bug),
    path("test/echo/", echo),
    path("api/test-page/echo/", echo),
    path("", include("joopas.config.urls")),  # the real URLs, by name: core imports no config
]
